import { assignIds, DEFAULT_PERIOD_SECONDS, INSIGHTS_STATISTIC, matchesSeries, referencedIds, type MetricWidget, type Query, type Statistic } from '@batchmon/dashboards';
import { seriesKey, type EmfDatapoint } from '@batchmon/metrics';
import { evaluateMath, type ArrayMember, type MathValue, type Points } from './metric-math';
import { UnsupportedExpressionError } from '../errors';
import type { LocalMetrics } from './local-metrics';
import { aggregate } from './statistics';
import { inRange, periodStart, periodStarts, previewTimeRange, type TimeRange } from './time-range';

/** One line of a graph (or slice of a pie, or number of a single value). */
export interface EvaluatedSeries {
  /** Legend: the query's label, then the dimension values the query searches over. */
  readonly label: string;
  /** The query's colour, when it names one. */
  readonly color?: string;
  readonly yAxis: 'left' | 'right';
  /** Period start (epoch milliseconds) → value, in time order. */
  readonly points: Points;
}

/** A metric widget evaluated against local series. */
export interface WidgetEvaluation {
  /** The visible series, in query order. */
  readonly series: readonly EvaluatedSeries[];
  /** The time range the series cover. */
  readonly range: TimeRange;
  /** Queries on AWS service metrics, which have no local data (`AWS/ECS CPUReservation`). */
  readonly notEmulated: readonly string[];
  /** Whatever the preview shows differently from CloudWatch, in a sentence each. */
  readonly notes: readonly string[];
  /** Queries on the pipeline's own metrics (metrics and Metrics Insights). */
  readonly pipelineQueries: number;
}

/** What a widget is evaluated against. */
export interface EvaluationContext {
  readonly metrics: LocalMetrics;
  readonly namespace: string;
  /** The dashboard's time range (see `previewTimeRange`). */
  readonly range: TimeRange;
}

interface QueryResult {
  readonly value?: MathValue;
  readonly period: number;
  /** Labelled series to draw when the query is visible. */
  readonly members: readonly ArrayMember[];
}

/**
 * Evaluates a metric widget's typed queries against the local datapoints, as CloudWatch would:
 * each pipeline query matches the series of its metric with exactly its dimension keys and its
 * fixed values (`matchesSeries`), one line per series, bucketed by the query's period and
 * aggregated by its statistic; a Metrics Insights query aggregates every matched series into one
 * line; math expressions are computed when {@link evaluateMath} supports them, and their inputs are
 * shown instead otherwise. Single values, pies and bars with `setPeriodToTimeRange` aggregate over
 * the whole time range.
 *
 * The widget's datapoints outside the dashboard's time range are not drawn (a note counts them);
 * a widget whose datapoints all lie outside it is drawn over its own time range instead.
 *
 * @example
 * const evaluation = evaluateWidget(graph('Transitions by state', [pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum' })]), context);
 * evaluation.series.map((series) => series.label); // ['RUNNABLE', 'STARTING', 'RUNNING', …]
 */
export function evaluateWidget(widget: MetricWidget, context: EvaluationContext): WidgetEvaluation {
  const widgetPeriod = widget.period ?? DEFAULT_PERIOD_SECONDS;
  // The ids CloudWatch gets: the query's own, or `q1`, `q2`, … as the dashboard body numbers them.
  const ids = assignIds(widget.queries, `widget "${widget.title}"`);
  const wholeRange = widget.setPeriodToTimeRange === true && widget.view !== 'timeSeries';
  const notes: string[] = [];
  const notEmulated: string[] = [];

  const matched = widget.queries.map((query) => matchedDatapoints(query, context));
  const range = widgetRange(matched.flat(), context.range, notes);

  const results = new Map<string, QueryResult>();
  widget.queries.forEach((query, index) => {
    const id = ids[index] ?? '';
    const period = query.period ?? widgetPeriod;
    const bucket = wholeRange ? () => range.start : (time: number) => periodStart(time, period);
    const inside = (matched[index] ?? []).filter((datapoint) => inRange(datapoint.timestamp, range));
    switch (query.kind) {
      case 'pipeline': {
        const keys: readonly string[] = query.dimensionKeys;
        const where: Readonly<Record<string, string | undefined>> = query.where;
        const searched = keys.filter((key) => where[key] === undefined);
        const members = groupBySeries(inside).map(([dimensions, datapoints]) => ({
          label: legend(query.label, searched.map((key) => dimensions[key] ?? ''), query.metric),
          points: bucketize(datapoints, query.stat, bucket),
        }));
        const value: MathValue =
          searched.length === 0 ? { kind: 'series', points: members[0]?.points ?? new Map() } : { kind: 'array', members };
        results.set(id, { value, period, members });
        return;
      }
      case 'insights': {
        const points = bucketize(inside, INSIGHTS_STATISTIC[query.aggregate], bucket);
        const members = inside.length === 0 ? [] : [{ label: query.label ?? `${query.aggregate}(${query.metric})`, points }];
        results.set(id, { value: { kind: 'series', points }, period, members });
        return;
      }
      case 'aws':
        notEmulated.push(`${query.namespace} ${query.metricName} (${query.stat})`);
        results.set(id, { period, members: [] });
        return;
      case 'math':
        results.set(id, { period, members: [] });
        return;
    }
  });

  const shownInputs = new Set<string>();
  widget.queries.forEach((query, index) => {
    if (query.kind !== 'math') return;
    const id = ids[index] ?? '';
    const period = query.period ?? widgetPeriod;
    try {
      const value = evaluateMath(query.expression, {
        value: (other) => results.get(other)?.value,
        period: (other) => results.get(other)?.period,
        periodStarts: periodStarts(range, period),
      });
      results.set(id, { value, period, members: mathMembers(value, query.label ?? id, range) });
    } catch (error) {
      if (!(error instanceof UnsupportedExpressionError)) throw error;
      const referenced = referencedIds(query.expression);
      const inputs = widget.queries.flatMap((other, otherIndex) => {
        const otherId = ids[otherIndex] ?? '';
        return other.kind !== 'math' && other.kind !== 'aws' && referenced.includes(otherId) ? [otherId] : [];
      });
      if (inputs.length > 0 || notEmulated.length === 0) {
        notes.push(`"${query.expression}" is not evaluated locally (${error.message})${inputs.length > 0 ? `: its inputs ${inputs.join(', ')} are shown instead` : ''}.`);
      }
      inputs.forEach((input) => shownInputs.add(input));
    }
  });

  const series: EvaluatedSeries[] = [];
  widget.queries.forEach((query, index) => {
    const id = ids[index] ?? '';
    if (query.visible === false && !shownInputs.has(id)) return;
    for (const member of results.get(id)?.members ?? []) {
      series.push({ label: member.label, yAxis: query.yAxis ?? 'left', points: member.points, ...(query.color === undefined ? {} : { color: query.color }) });
    }
  });
  return { series, range, notEmulated, notes, pipelineQueries: widget.queries.filter((query) => query.kind === 'pipeline' || query.kind === 'insights').length };
}

function matchedDatapoints(query: Query, context: EvaluationContext): readonly EmfDatapoint[] {
  if (query.kind !== 'pipeline' && query.kind !== 'insights') return [];
  const selector = { metric: query.metric, dimensionKeys: query.dimensionKeys, where: query.where, namespace: context.namespace };
  return context.metrics.datapointsOf(query.metric).filter((datapoint) => matchesSeries(selector, datapoint));
}

function widgetRange(datapoints: readonly EmfDatapoint[], dashboard: TimeRange, notes: string[]): TimeRange {
  const outside = datapoints.filter((datapoint) => !inRange(datapoint.timestamp, dashboard));
  if (outside.length === 0) return dashboard;
  const first = formatTime(Math.min(...outside.map((datapoint) => datapoint.timestamp)));
  const last = formatTime(Math.max(...outside.map((datapoint) => datapoint.timestamp)));
  const stamps = first === last ? first : `${first} to ${last}`;
  if (outside.length < datapoints.length) {
    notes.push(`${outside.length} of its ${datapoints.length} datapoints are stamped outside the dashboard's time range (${stamps}) and are not drawn.`);
    return dashboard;
  }
  const own = previewTimeRange(outside.map((datapoint) => datapoint.timestamp)) ?? dashboard;
  notes.push(`Drawn over its own time range: its datapoints are stamped ${stamps}, outside the run (a local execution's start time, not the event's).`);
  return own;
}

function groupBySeries(datapoints: readonly EmfDatapoint[]): [Readonly<Record<string, string>>, EmfDatapoint[]][] {
  const groups = new Map<string, [Readonly<Record<string, string>>, EmfDatapoint[]]>();
  for (const datapoint of datapoints) {
    const key = seriesKey(datapoint);
    const group = groups.get(key);
    if (group) group[1].push(datapoint);
    else groups.set(key, [datapoint.dimensions, [datapoint]]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, group]) => group);
}

/**
 * Buckets datapoints into periods (`bucket` maps a timestamp to its period's start) and aggregates
 * each period's values with `stat`; the result is in time order.
 *
 * @example
 * bucketize(datapoints, 'Sum', (time) => periodStart(time, 300));
 */
export function bucketize(datapoints: readonly Pick<EmfDatapoint, 'timestamp' | 'value'>[], stat: Statistic, bucket: (time: number) => number): Map<number, number> {
  const byPeriod = new Map<number, number[]>();
  for (const datapoint of datapoints) {
    const start = bucket(datapoint.timestamp);
    const values = byPeriod.get(start);
    if (values) values.push(datapoint.value);
    else byPeriod.set(start, [datapoint.value]);
  }
  const points = new Map<number, number>();
  for (const [start, values] of [...byPeriod].sort(([a], [b]) => a - b)) {
    const value = aggregate(values, stat);
    if (value !== undefined) points.set(start, value);
  }
  return points;
}

function legend(prefix: string | undefined, values: readonly string[], metric: string): string {
  const parts = [...(prefix === undefined || prefix === '' ? [] : [prefix]), ...values];
  return parts.length > 0 ? parts.join(' ') : metric;
}

function mathMembers(value: MathValue, label: string, range: TimeRange): ArrayMember[] {
  switch (value.kind) {
    case 'scalar':
      // A constant draws a flat line over the range.
      return [{ label, points: new Map([[range.start, value.value], [range.end, value.value]]) }];
    case 'series':
      return value.points.size === 0 ? [] : [{ label, points: value.points }];
    case 'array':
      return value.members.map((member) => ({ label: `${label} ${member.label}`, points: member.points }));
  }
}

/** `2024-05-01 08:05 UTC`. */
export function formatTime(time: number): string {
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
