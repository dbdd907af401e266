/**
 * A CloudWatch statistic a graph or alarm aggregates each period with: one of the five basic
 * statistics or a percentile (`p50`, `p90`, `p99.9`).
 */
export type Statistic = 'SampleCount' | 'Average' | 'Sum' | 'Minimum' | 'Maximum' | `p${number}`;

const BASIC_STATISTICS: ReadonlySet<string> = new Set(['SampleCount', 'Average', 'Sum', 'Minimum', 'Maximum']);
const PERCENTILE = /^p(\d{1,2}(\.\d+)?|100)$/;

/**
 * Whether `value` is a statistic CloudWatch accepts.
 *
 * @example
 * isStatistic('p90'); // true
 * isStatistic('P90'); // false: statistics are case sensitive
 */
export function isStatistic(value: unknown): value is Statistic {
  return typeof value === 'string' && (BASIC_STATISTICS.has(value) || PERCENTILE.test(value));
}

/** Whether a statistic is a percentile, which alarms pass as an extended statistic. */
export function isPercentile(stat: Statistic): boolean {
  return stat.startsWith('p');
}

/**
 * Whether `value` is a period CloudWatch accepts for metrics: 1, 5, 10 or 30 seconds
 * (high-resolution metrics) or a positive multiple of 60.
 *
 * @example
 * isPeriod(300); // true
 * isPeriod(90); // false
 */
export function isPeriod(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value > 0 &&
    (value === 1 || value === 5 || value === 10 || value === 30 || value % 60 === 0)
  );
}
