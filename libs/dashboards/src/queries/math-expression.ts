import { DashboardValidationError } from '../errors';
import type { SeriesDisplay } from './series-display';

/**
 * A metric math expression over the other queries of the same widget or alarm, which it names by
 * id (`100 * failed / (failed + succeeded)`). Functions are upper case; ids start lower case.
 */
export interface MathExpression extends SeriesDisplay {
  readonly kind: 'math';
  readonly id: string;
  readonly expression: string;
  /** Seconds. @default - the widget's period */
  readonly period?: number;
}

/**
 * A math expression. Combine two series only through {@link filled}: an operation on two series
 * has a value only at the timestamps where both have one, so without `FILL` a period where one
 * series has no datapoint (every job failed: no SUCCEEDED) has none, and an alarm on it never fires
 * ("Using metric math", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html).
 *
 * @example
 * mathExpression('ratio', `100 * ${filled('failed')} / (${filled('failed')} + ${filled('succeeded')})`, { label: 'Failed %' });
 */
export function mathExpression(id: string, expression: string, display: Omit<SeriesDisplay, 'id'> & { readonly period?: number } = {}): MathExpression {
  return { kind: 'math', id, expression, ...display };
}

/**
 * `FILL(id, value)`: query `id` with a datapoint in every period, `value` where it has none. Write
 * every series that is an operand of `+ - * /` or a comparison with another series this way,
 * where no datapoint means none happened (a count); {@link unfilledSeriesIds} finds those that are not.
 *
 * @default value 0
 * @example
 * `${filled('failed')} + ${filled('succeeded')}`; // 'FILL(failed, 0) + FILL(succeeded, 0)'
 */
export function filled(id: string, value = 0): string {
  if (!QUERY_ID.test(id)) throw new DashboardValidationError(`filled("${id}")`, `expected a query id (a lowercase letter, then letters, digits or _), found "${id}"`);
  return `FILL(${id}, ${value})`;
}

/**
 * The ids an expression combines with another series without `FILL`: the ids outside
 * `FILL(<id>, <number>)` and `PERIOD(<id>)` (a scalar), when there are two or more of them — such an
 * operation has no value wherever one of its series has none. `[]` when the expression is safe.
 *
 * @example
 * unfilledSeriesIds('100 * failed / (failed + succeeded)'); // ['failed', 'succeeded']
 * unfilledSeriesIds('FILL(ec2, 0) + FILL(fargate, 0)'); // []
 * unfilledSeriesIds('SUM(calls) / PERIOD(ec2)'); // []
 */
export function unfilledSeriesIds(expression: string): string[] {
  const bare = expression.replace(/\b(?:FILL\(\s*[a-z][A-Za-z0-9_]*\s*,\s*-?[\d.]+\s*\)|PERIOD\(\s*[a-z][A-Za-z0-9_]*\s*\))/g, ' 0 ');
  const ids = referencedIds(bare);
  return ids.length >= 2 ? ids : [];
}

/**
 * The ids an expression refers to: identifiers that start with a lowercase letter, outside quoted
 * strings (function names are upper case, so they never match).
 *
 * @example
 * referencedIds('SUM(placed) / PERIOD(ec2)'); // ['placed', 'ec2']
 */
export function referencedIds(expression: string): string[] {
  const unquoted = expression.replace(/'[^']*'|"[^"]*"/g, ' ');
  return [...new Set(unquoted.match(/(?<![A-Za-z0-9_.])[a-z][A-Za-z0-9_]*/g) ?? [])];
}

/**
 * The ids passed to `PERIOD(...)`: the function accepts metrics only, not the results of other
 * expressions ("Using metric math").
 */
export function periodArguments(expression: string): string[] {
  return [...expression.matchAll(/PERIOD\(\s*([^)]*?)\s*\)/g)].map((match) => match[1] ?? '');
}

/** Metric and expression ids: a lowercase letter, then letters, digits or `_`. */
export const QUERY_ID = /^[a-z][A-Za-z0-9_]*$/;
