import { dimensionSetsFor, METRIC_CATALOG, type Dimension, type DimensionSetOf, type MetricName } from '@batchmon/metrics';
import type { SeriesDisplay } from './series-display';
import { isPeriod, isStatistic, type Statistic } from './statistic';

export type { DimensionSetOf } from '@batchmon/metrics';

/** Fixed values for some keys of a dimension set (the other keys are searched). */
export type DimensionFilter<K extends string> = Readonly<Partial<Record<K, string>>>;

/**
 * A query on a metric batchmon emits, as typed data: the catalog metric, one of the dimension sets
 * the catalog declares for it, the statistic and period. It renders to a metric array when every
 * key has a fixed value in `where`, and to a SEARCH expression otherwise — so a query for a
 * dimension set the pipeline does not publish cannot be written.
 */
export interface PipelineQuery<M extends MetricName = MetricName> extends SeriesDisplay {
  readonly kind: 'pipeline';
  readonly metric: M;
  /** One dimension set of the catalog entry of `metric`; `[]` for the metric without dimensions. */
  readonly dimensionKeys: DimensionSetOf<M>;
  /** Fixed values for some keys of `dimensionKeys`, e.g. `{ State: 'FAILED' }`. */
  readonly where: DimensionFilter<DimensionSetOf<M>[number]>;
  readonly stat: Statistic;
  /** Seconds. @default - the widget's period */
  readonly period?: number;
}

/** A pipeline query on any catalog metric, with its dimension set tied to its metric. */
export type AnyPipelineQuery = { [M in MetricName]: PipelineQuery<M> }[MetricName];

/** Options of {@link pipelineMetric}. */
export interface PipelineMetricOptions<K extends string> extends SeriesDisplay {
  readonly stat: Statistic;
  /** Fixed values for some of the keys. @default - every key searched */
  readonly where?: DimensionFilter<K>;
  /** Seconds. @default - the widget's period */
  readonly period?: number;
}

/**
 * A query on catalog metric `metric` under one of its dimension sets. Only the sets the catalog
 * declares for the metric type-check, in catalog order.
 *
 * @example
 * pipelineMetric('JobStateTransitions', ['State', 'JobQueue'], { stat: 'Sum' });
 * // renders SEARCH('{AWSBatchMetrics,State,JobQueue} MetricName="JobStateTransitions"', 'Sum', 300)
 * pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'FAILED' } });
 * // renders ["AWSBatchMetrics", "JobStateTransitions", "State", "FAILED", { "stat": "Sum" }]
 */
export function pipelineMetric<M extends MetricName, const K extends DimensionSetOf<M>>(
  metric: M,
  dimensionKeys: K,
  options: PipelineMetricOptions<K[number]>,
): PipelineQuery<M> {
  const { where, ...rest } = options;
  // An empty filter is a valid partial record of any keys.
  return { kind: 'pipeline', metric, dimensionKeys, where: where ?? ({} as DimensionFilter<K[number]>), ...rest };
}

/** What {@link pipelineQueries} lists for each pipeline query: enough to match it against emitted series. */
export interface PipelineQueryRef {
  readonly metric: MetricName;
  /** The dimension set the query reads (every series it matches has exactly these keys). */
  readonly dimensionKeys: readonly Dimension[];
  /** Fixed values for some of the keys. */
  readonly where: Readonly<Partial<Record<Dimension, string>>>;
  readonly stat: Statistic;
  /** Title of the widget (or id of the alarm) the query belongs to. */
  readonly source: string;
}

/** A series as the pipeline emits it (an `EmfDatapoint` of `@batchmon/metrics` fits). */
export interface EmittedSeries {
  readonly namespace?: string;
  readonly metric: string;
  readonly dimensions: Readonly<Record<string, string>>;
}

/**
 * Whether a pipeline query reads `series`: same metric, exactly the query's dimension keys
 * (CloudWatch treats another key set as another metric), and the query's fixed values. When both
 * carry a namespace they must be equal.
 *
 * @example
 * matchesSeries(
 *   { metric: 'JobStateTransitions', dimensionKeys: ['State'], where: { State: 'FAILED' } },
 *   { metric: 'JobStateTransitions', dimensions: { State: 'FAILED' } },
 * ); // true
 */
export function matchesSeries(
  query: Pick<PipelineQueryRef, 'metric' | 'dimensionKeys' | 'where'> & { readonly namespace?: string },
  series: EmittedSeries,
): boolean {
  if (query.metric !== series.metric) return false;
  if (query.namespace !== undefined && series.namespace !== undefined && query.namespace !== series.namespace) return false;
  const keys = Object.keys(series.dimensions);
  if (!sameKeys(keys, query.dimensionKeys)) return false;
  return Object.entries(query.where).every(([key, value]) => series.dimensions[key] === value);
}

/**
 * Why a pipeline query is not one the pipeline can answer, or `undefined` when it is. Checked at
 * render time too, for queries built without the typed builder.
 */
export function pipelineQueryProblem(query: {
  readonly metric: string;
  readonly dimensionKeys: readonly string[];
  readonly where?: Readonly<Record<string, string | undefined>>;
  readonly stat: unknown;
  readonly period?: unknown;
}): { readonly path: string; readonly problem: string } | undefined {
  if (!Object.hasOwn(METRIC_CATALOG, query.metric)) {
    return { path: 'metric', problem: `expected a metric of the catalog, found "${query.metric}"` };
  }
  const sets: readonly (readonly string[])[] = dimensionSetsFor(query.metric as MetricName, 'detailed');
  if (!sets.some((set) => sameKeys(set, query.dimensionKeys))) {
    const declared = sets.map((set) => `[${set.join(', ')}]`).join(' ');
    return {
      path: 'dimensionKeys',
      problem: `${query.metric} is not published under [${query.dimensionKeys.join(', ')}]; the catalog declares ${declared}`,
    };
  }
  for (const [key, value] of Object.entries(query.where ?? {})) {
    if (!query.dimensionKeys.includes(key)) {
      return { path: `where.${key}`, problem: `expected a key of [${query.dimensionKeys.join(', ')}], found "${key}"` };
    }
    if (typeof value !== 'string' || value.length === 0) {
      return { path: `where.${key}`, problem: `expected a non-empty dimension value, found ${JSON.stringify(value)}` };
    }
  }
  if (!isStatistic(query.stat)) {
    return { path: 'stat', problem: `expected SampleCount, Average, Sum, Minimum, Maximum or a percentile like p90, found ${JSON.stringify(query.stat)}` };
  }
  if (query.period !== undefined && !isPeriod(query.period)) {
    return { path: 'period', problem: `expected 1, 5, 10, 30 or a multiple of 60 seconds, found ${JSON.stringify(query.period)}` };
  }
  return undefined;
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((key) => b.includes(key));
}
