import { MAX_METRICS_PER_ALARM } from '../constants';
import { pipelineQueryProblem, type PipelineQueryRef } from '../queries/pipeline-query';
import { INSIGHTS_STATISTIC } from '../queries/insights-query';
import { insightsExpression, type Query } from '../queries/query';
import { isPeriod } from '../queries/statistic';
import { DashboardValidationError } from '../errors';
import { assignIds, checkQueries } from '../widgets/render-widget';
import { graph, type HorizontalAnnotation, type MetricWidget, type WidgetSize } from '../widgets/widgets';

/** How an alarm compares its evaluated series with the threshold. */
export type ComparisonOperator =
  | 'GreaterThanThreshold'
  | 'GreaterThanOrEqualToThreshold'
  | 'LessThanThreshold'
  | 'LessThanOrEqualToThreshold';

/** What an alarm makes of periods without data. */
export type TreatMissingData = 'breaching' | 'notBreaching' | 'ignore' | 'missing';

/** One of the eight batchmon dashboards (the dashboard an alarm's status and threshold are shown on). */
export type DashboardKey =
  | 'instance-registrations'
  | 'jobs-placement'
  | 'job-states'
  | 'stuck-jobs'
  | 'ec2-capacity'
  | 'asg-utilization'
  | 'job-latency'
  | 'pipeline-health';

/**
 * An alarm as typed data, without CDK: what it watches (typed queries, the same ones graphs use),
 * how it evaluates and when it fires. The stack turns it into an `AWS::CloudWatch::Alarm`
 * ({@link renderAlarm}); dashboards turn it into a status entry and a threshold line.
 */
export interface AlarmDefinition {
  /** Unique, `A-Z a-z 0-9 - _`; the alarm name is the stack name and this id. */
  readonly id: string;
  /** Short name for annotations and listings. */
  readonly title: string;
  /** What firing means and what to look at first. */
  readonly description: string;
  /** Where its status and threshold are shown. */
  readonly dashboard: DashboardKey;
  /** Queries without SEARCH (an alarm cannot watch one): fixed metrics, Metrics Insights, math. */
  readonly queries: readonly Query[];
  /** Id of the query whose series is compared with the threshold. */
  readonly evaluates: string;
  /** Seconds; every query of the alarm uses it. */
  readonly period: number;
  readonly evaluationPeriods: number;
  /** Breaching periods among the last `evaluationPeriods` that fire the alarm. */
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly comparison: ComparisonOperator;
  readonly treatMissingData: TreatMissingData;
  /** Unit shown after the threshold in annotations, e.g. `s` or `%`. */
  readonly unit?: string;
}

/** An alarm definition with the ARN of the deployed alarm (a CDK token in the stack). */
export interface DeployedAlarm {
  readonly definition: AlarmDefinition;
  readonly arn: string;
}

/** One entry of an alarm's `Metrics` (CloudFormation `MetricDataQuery`, camelCase as in CDK's `CfnAlarmProps`). */
export interface AlarmMetricDataQuery {
  readonly id: string;
  readonly returnData: boolean;
  readonly label?: string;
  readonly expression?: string;
  readonly period?: number;
  readonly metricStat?: {
    readonly metric: {
      readonly namespace: string;
      readonly metricName: string;
      readonly dimensions: readonly { readonly name: string; readonly value: string }[];
    };
    readonly period: number;
    readonly stat: string;
  };
}

/** The properties of an `AWS::CloudWatch::Alarm` an alarm definition determines (names and actions are the stack's). */
export interface AlarmProperties {
  readonly alarmDescription: string;
  readonly comparisonOperator: ComparisonOperator;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly threshold: number;
  readonly treatMissingData: TreatMissingData;
  readonly metrics: readonly AlarmMetricDataQuery[];
}

/**
 * Checks an alarm definition: id format, periods, evaluation counts, no SEARCH, at most 10 metrics,
 * pipeline queries on dimension sets the catalog declares, math ids defined.
 *
 * @throws {DashboardValidationError} naming the alarm and the property
 */
export function validateAlarm(alarm: AlarmDefinition): void {
  const where = `alarm "${alarm.id}"`;
  if (!/^[A-Za-z0-9_-]+$/.test(alarm.id)) throw new DashboardValidationError(`${where} › id`, `expected only A-Z, a-z, 0-9, - and _, found "${alarm.id}"`);
  // Alarms evaluate periods of 10 s, 30 s or whole minutes.
  if (!isPeriod(alarm.period) || alarm.period < 10 || alarm.period === 5) {
    throw new DashboardValidationError(`${where} › period`, `expected 10, 30 or a multiple of 60 seconds, found ${alarm.period}`);
  }
  if (!Number.isInteger(alarm.evaluationPeriods) || alarm.evaluationPeriods < 1) {
    throw new DashboardValidationError(`${where} › evaluationPeriods`, `expected a positive integer, found ${alarm.evaluationPeriods}`);
  }
  if (!Number.isInteger(alarm.datapointsToAlarm) || alarm.datapointsToAlarm < 1 || alarm.datapointsToAlarm > alarm.evaluationPeriods) {
    throw new DashboardValidationError(`${where} › datapointsToAlarm`, `expected 1 to evaluationPeriods (${alarm.evaluationPeriods}), found ${alarm.datapointsToAlarm}`);
  }
  if (!Number.isFinite(alarm.threshold)) throw new DashboardValidationError(`${where} › threshold`, `expected a finite number, found ${alarm.threshold}`);
  const metrics = alarm.queries.filter((query) => query.kind !== 'math');
  if (alarm.queries.length === 0 || metrics.length > MAX_METRICS_PER_ALARM) {
    throw new DashboardValidationError(`${where} › queries`, `expected 1 to ${MAX_METRICS_PER_ALARM} metrics, found ${metrics.length}`);
  }
  alarm.queries.forEach((query, index) => {
    const at = `${where} › queries[${index}]`;
    if (query.kind === 'aws' && query.searchKeys !== undefined) throw new DashboardValidationError(at, 'an alarm cannot watch a SEARCH expression; fix every dimension');
    if (query.kind === 'pipeline') {
      const keys: readonly string[] = query.dimensionKeys;
      const fixed: Readonly<Record<string, string | undefined>> = query.where;
      const open = keys.filter((key) => fixed[key] === undefined);
      if (open.length > 0) {
        throw new DashboardValidationError(`${at}.where`, `an alarm cannot watch a SEARCH expression; expected values for ${open.join(', ')} (or a Metrics Insights query)`);
      }
    }
    if (query.period !== undefined && query.period !== alarm.period) {
      throw new DashboardValidationError(`${at}.period`, `expected the alarm's period (${alarm.period}), found ${query.period}`);
    }
    if (query.kind === 'pipeline' || query.kind === 'insights') {
      const problem = pipelineQueryProblem({ ...query, stat: query.kind === 'pipeline' ? query.stat : 'Sum' });
      if (problem) throw new DashboardValidationError(`${at}.${problem.path}`, problem.problem);
    }
  });
  const ids = assignIds(alarm.queries, where);
  checkQueries(alarm.queries, ids, where);
  if (!ids.includes(alarm.evaluates)) {
    throw new DashboardValidationError(`${where} › evaluates`, `expected the id of one of its queries (${ids.join(', ')}), found "${alarm.evaluates}"`);
  }
}

/**
 * The `AWS::CloudWatch::Alarm` properties of an alarm definition, in the `Metrics` form (one
 * `MetricDataQuery` per query; only the evaluated one returns data).
 *
 * @throws {DashboardValidationError} when the definition is invalid (see {@link validateAlarm})
 *
 * @example
 * new CfnAlarm(scope, id, { ...renderAlarm(definition, { namespace: 'AWSBatchMetrics' }), alarmName });
 */
export function renderAlarm(alarm: AlarmDefinition, context: { readonly namespace: string }): AlarmProperties {
  validateAlarm(alarm);
  const ids = assignIds(alarm.queries, `alarm "${alarm.id}"`);
  const metrics = alarm.queries.map((query, index): AlarmMetricDataQuery => {
    const id = ids[index] ?? '';
    const common = { id, returnData: id === alarm.evaluates, ...(query.label === undefined ? {} : { label: query.label }) };
    switch (query.kind) {
      case 'math':
        return { ...common, expression: query.expression };
      case 'insights':
        return { ...common, expression: insightsExpression(query, { namespace: context.namespace, location: `alarm "${alarm.id}"` }), period: alarm.period };
      case 'pipeline': {
        const keys: readonly string[] = query.dimensionKeys;
        const where: Readonly<Record<string, string | undefined>> = query.where;
        const dimensions = keys.map((key) => ({ name: key, value: where[key] ?? '' }));
        return { ...common, metricStat: { metric: { namespace: context.namespace, metricName: query.metric, dimensions }, period: alarm.period, stat: query.stat } };
      }
      case 'aws': {
        const fixed: Readonly<Record<string, string | undefined>> = query.dimensions;
        const dimensions = Object.entries(fixed).flatMap(([name, value]) => (value === undefined ? [] : [{ name, value }]));
        return { ...common, metricStat: { metric: { namespace: query.namespace, metricName: query.metricName, dimensions }, period: alarm.period, stat: query.stat } };
      }
    }
  });
  return {
    alarmDescription: alarm.description,
    comparisonOperator: alarm.comparison,
    evaluationPeriods: alarm.evaluationPeriods,
    datapointsToAlarm: alarm.datapointsToAlarm,
    threshold: alarm.threshold,
    treatMissingData: alarm.treatMissingData,
    metrics,
  };
}

/**
 * The alarm's threshold as a line on a graph, shaded on the side where it fires.
 *
 * @example
 * graph('RUNNABLE wait p90', queries, { annotations: [thresholdAnnotation(alarm)] });
 */
export function thresholdAnnotation(alarm: AlarmDefinition): HorizontalAnnotation {
  const above = alarm.comparison.startsWith('Greater');
  const symbol = { GreaterThanThreshold: '>', GreaterThanOrEqualToThreshold: '≥', LessThanThreshold: '<', LessThanOrEqualToThreshold: '≤' }[alarm.comparison];
  return {
    value: alarm.threshold,
    label: `${alarm.title} ${symbol} ${alarm.threshold}${alarm.unit ?? ''}`,
    color: '#d62728',
    fill: above ? 'above' : 'below',
  };
}

/**
 * A graph of exactly what an alarm watches: its queries (inputs of math hidden), its period and
 * its threshold line.
 *
 * @example
 * alarmGraph(failureRatioAlarm, { width: 12 });
 */
export function alarmGraph(alarm: AlarmDefinition, size: WidgetSize = {}): MetricWidget {
  const ids = assignIds(alarm.queries, `alarm "${alarm.id}"`);
  const queries = alarm.queries.map((query, index): Query => {
    const id = ids[index] ?? '';
    return id === alarm.evaluates ? { ...query, id, label: query.label ?? alarm.title } : { ...query, id, visible: false };
  });
  return graph(`Alarm: ${alarm.title}`, queries, { period: alarm.period, annotations: [thresholdAnnotation(alarm)], ...size });
}

/**
 * The pipeline-metric queries an alarm watches, listed like `pipelineQueries` lists a dashboard's.
 *
 * @example
 * alarmPipelineQueries(blockedQueueAlarm); // [{ metric: 'BlockedJobQueues', dimensionKeys: ['JobQueue'], … }]
 */
export function alarmPipelineQueries(alarm: AlarmDefinition): PipelineQueryRef[] {
  return alarm.queries.flatMap((query): PipelineQueryRef[] => {
    if (query.kind === 'pipeline') return [{ metric: query.metric, dimensionKeys: query.dimensionKeys, where: query.where, stat: query.stat, source: alarm.id }];
    if (query.kind === 'insights') {
      return [{ metric: query.metric, dimensionKeys: query.dimensionKeys, where: query.where, stat: INSIGHTS_STATISTIC[query.aggregate], source: alarm.id }];
    }
    return [];
  });
}
