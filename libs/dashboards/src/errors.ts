/**
 * Errors of the dashboards lib, in one place: a dashboard CloudWatch would reject, and misuse of
 * the `render` command.
 */

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

/** A `render` command line that cannot be run; the message says which option and why. */
export class RenderUsageError extends Error {
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options);
    this.name = 'RenderUsageError';
  }
}
