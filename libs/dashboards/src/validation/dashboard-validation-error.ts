/**
 * A dashboard, widget, query or alarm that CloudWatch would reject (or that would silently show
 * nothing). The message names the dashboard, the widget (by title) and the property path, says
 * what was expected and what was found.
 */
export class DashboardValidationError extends Error {
  constructor(
    /** Where the problem is, e.g. `dashboard "us-east-1-batchmon-job-states" › widget "Failure ratio" › properties.metrics[2]`. */
    readonly location: string,
    /** What was expected and what was found. */
    readonly problem: string,
  ) {
    super(`${location}: ${problem}`);
    this.name = 'DashboardValidationError';
  }
}

/**
 * Describes a value for an error message: strings quoted, everything else as JSON, long values cut.
 *
 * @example
 * describeValue('x'); // '"x"'
 * describeValue(undefined); // 'undefined'
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Whether a string holds a deploy-time placeholder (a CDK token `${Token[…]}` or a CloudFormation
 * `${AWS::Region}`): such a value is only known once deployed, so its format is not checked.
 */
export function isPlaceholder(value: string): boolean {
  return value.includes('${');
}
