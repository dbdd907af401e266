import type { MetricName } from '@batchmon/metrics';
import { DashboardValidationError } from '../errors';
import type { AnyPipelineQuery } from './pipeline-query';
import type { Statistic } from './statistic';

/** Seconds each Logs Insights time bin spans: the dashboards' default metric period. */
export const LOG_BREAKDOWN_BIN_SECONDS = 300;

/**
 * The Logs Insights aggregation that computes statistic `stat` of field `metric` over the EMF
 * lines of a bin, as CloudWatch computes it over the datapoints of a period.
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CWL_QuerySyntax-Stats.html lists the
 * functions (`pct(field, n)` is the percentile).
 *
 * @example
 * logAggregation('RunTime', 'p90'); // 'pct(RunTime, 90)'
 */
export function logAggregation(metric: string, stat: Statistic): string {
  switch (stat) {
    case 'Sum':
      return `sum(${metric})`;
    case 'Average':
      return `avg(${metric})`;
    case 'Minimum':
      return `min(${metric})`;
    case 'Maximum':
      return `max(${metric})`;
    case 'SampleCount':
      return `count(${metric})`;
    default:
      return `pct(${metric}, ${stat.slice(1)})`;
  }
}

/**
 * Logs Insights commands that answer pipeline queries from the metrics Lambda's EMF lines instead
 * of from metric series: every line carries each dimension value of its record as a top-level
 * field and each metric value under the metric's name, so grouping the lines that carry every key
 * by those keys and a time bin gives what the series of the dimension set would hold. Lines
 * without one of the keys are left out, as the emitter leaves a record out of a set it does not
 * fill. The queries must share one metric; their dimension keys are grouped together and their
 * statistics become one aggregation each.
 *
 * @throws {DashboardValidationError} when the queries are empty or read several metrics
 *
 * @example
 * logBreakdownQuery([pipelineMetric('JobStateTransitions', ['State', 'JobQueue'], { stat: 'Sum', where: { State: 'FAILED' } })]);
 * // ["filter ispresent(JobStateTransitions) and ispresent(State) and ispresent(JobQueue) and State = 'FAILED'",
 * //  'stats sum(JobStateTransitions) as Sum by bin(5m), State, JobQueue']
 */
export function logBreakdownQuery(queries: readonly AnyPipelineQuery[], location = 'log breakdown'): string[] {
  const metrics = [...new Set(queries.map((query): MetricName => query.metric))];
  const [metric] = metrics;
  if (metric === undefined || metrics.length > 1) {
    throw new DashboardValidationError(location, `expected queries on one catalog metric, found ${metrics.length === 0 ? 'none' : metrics.join(', ')}`);
  }
  const keys = [...new Set(queries.flatMap((query): readonly string[] => query.dimensionKeys))];
  const fixed = new Map<string, string>();
  for (const query of queries) {
    for (const [key, value] of Object.entries(query.where)) {
      if (typeof value !== 'string') continue;
      if (fixed.has(key) && fixed.get(key) !== value) {
        throw new DashboardValidationError(location, `expected one value for ${key} across the queries, found "${fixed.get(key) ?? ''}" and "${value}"`);
      }
      fixed.set(key, value);
    }
  }
  const conditions = [metric, ...keys].map((field) => `ispresent(${field})`);
  for (const [key, value] of fixed) conditions.push(`${key} = '${value.replaceAll("'", "\\'")}'`);
  const stats = [...new Set(queries.map((query) => query.stat))].map((stat) => `${logAggregation(metric, stat)} as ${stat}`);
  const groups = [`bin(${LOG_BREAKDOWN_BIN_SECONDS / 60}m)`, ...keys];
  return [`filter ${conditions.join(' and ')}`, `stats ${stats.join(', ')} by ${groups.join(', ')}`];
}
