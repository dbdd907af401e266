import type { MetricName } from '@batchmon/metrics';
import type { DimensionFilter, DimensionSetOf } from './pipeline-query';
import type { SeriesDisplay } from './series-display';
import type { Statistic } from './statistic';

/** Aggregations CloudWatch Metrics Insights offers (it has no percentiles). */
export type InsightsAggregate = 'AVG' | 'COUNT' | 'MAX' | 'MIN' | 'SUM';

/** The statistic each Metrics Insights aggregation corresponds to, per series. */
export const INSIGHTS_STATISTIC: Readonly<Record<InsightsAggregate, Statistic>> = {
  AVG: 'Average',
  COUNT: 'SampleCount',
  MAX: 'Maximum',
  MIN: 'Minimum',
  SUM: 'Sum',
};

/**
 * A CloudWatch Metrics Insights query on a catalog metric, aggregated over every series of one of
 * its dimension sets into a single time series:
 * `SELECT SUM(BlockedJobQueues) FROM SCHEMA("AWSBatchMetrics", JobQueue)`. Unlike SEARCH, an
 * alarm can watch it, so alarms use it to cover every queue or compute environment without
 * listing them.
 */
export interface InsightsQuery<M extends MetricName = MetricName> extends SeriesDisplay {
  readonly kind: 'insights';
  readonly metric: M;
  /** `SCHEMA(...)` matches the metrics with exactly these keys. */
  readonly dimensionKeys: DimensionSetOf<M>;
  readonly aggregate: InsightsAggregate;
  /** Equality filters (`WHERE key = 'value'`). */
  readonly where: DimensionFilter<DimensionSetOf<M>[number]>;
  /** Seconds. @default - the widget's or alarm's period */
  readonly period?: number;
}

/** A Metrics Insights query on any catalog metric. */
export type AnyInsightsQuery = { [M in MetricName]: InsightsQuery<M> }[MetricName];

/** Options of {@link insightsQuery}. */
export interface InsightsQueryOptions<K extends string> extends SeriesDisplay {
  readonly aggregate: InsightsAggregate;
  readonly where?: DimensionFilter<K>;
  readonly period?: number;
}

/**
 * A Metrics Insights query over one catalog dimension set of `metric`.
 *
 * @example
 * insightsQuery('PlacementFailures', ['ComputeEnvironment'], { aggregate: 'SUM' });
 * // SELECT SUM(PlacementFailures) FROM SCHEMA("AWSBatchMetrics", ComputeEnvironment)
 */
export function insightsQuery<M extends MetricName, const K extends DimensionSetOf<M>>(
  metric: M,
  dimensionKeys: K,
  options: InsightsQueryOptions<K[number]>,
): InsightsQuery<M> {
  const { where, ...rest } = options;
  // An empty filter is a valid partial record of any keys.
  return { kind: 'insights', metric, dimensionKeys, where: where ?? ({} as DimensionFilter<K[number]>), ...rest };
}
