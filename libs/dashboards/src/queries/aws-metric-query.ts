import type { SeriesDisplay } from './series-display';
import type { Statistic } from './statistic';

/**
 * The AWS service metrics the dashboards and alarms read, by namespace: the dimension each is
 * queried by and the metric names used. Names are typed so that a typo fails to compile instead
 * of drawing an empty graph.
 */
export const AWS_METRICS = {
  'AWS/ECS': {
    dimensions: ['ClusterName'],
    metrics: ['CPUReservation', 'MemoryReservation', 'CPUUtilization', 'MemoryUtilization'],
  },
  'AWS/AutoScaling': {
    dimensions: ['AutoScalingGroupName'],
    metrics: ['GroupDesiredCapacity', 'GroupInServiceCapacity', 'GroupInServiceInstances', 'GroupMaxSize'],
  },
  'AWS/EC2': {
    dimensions: ['AutoScalingGroupName'],
    metrics: ['CPUUtilization', 'NetworkIn', 'NetworkOut', 'EBSReadOps', 'EBSWriteOps', 'StatusCheckFailed'],
  },
  // No ExecutionThrottled: it counts throttled state transitions of Standard workflows, and
  // batchmon's are Express ("Monitoring Step Functions metrics using Amazon CloudWatch",
  // https://docs.aws.amazon.com/step-functions/latest/dg/procedure-cw-metrics.html).
  'AWS/States': {
    dimensions: ['StateMachineArn'],
    metrics: ['ExecutionsStarted', 'ExecutionsFailed', 'ExecutionsTimedOut'],
  },
  // Per rule: invocations of its targets that failed for good (after retries, to the DLQ) and
  // throttled invocations ("Monitoring Amazon EventBridge",
  // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html).
  'AWS/Events': {
    dimensions: ['RuleName'],
    metrics: ['FailedInvocations', 'ThrottledRules'],
  },
  'AWS/SQS': {
    dimensions: ['QueueName'],
    metrics: ['ApproximateNumberOfMessagesVisible', 'ApproximateAgeOfOldestMessage'],
  },
  'AWS/Lambda': {
    dimensions: ['FunctionName'],
    metrics: ['Errors', 'Throttles', 'Invocations', 'Duration'],
  },
} as const;

/** A namespace of {@link AWS_METRICS}. */
export type AwsNamespace = keyof typeof AWS_METRICS;
/** A metric name of namespace `N`. */
export type AwsMetricName<N extends AwsNamespace> = (typeof AWS_METRICS)[N]['metrics'][number];
/** A dimension name of namespace `N`. */
export type AwsDimension<N extends AwsNamespace> = (typeof AWS_METRICS)[N]['dimensions'][number];

/**
 * A query on an AWS service metric. With `searchKeys` it renders to a SEARCH expression over
 * every resource (one series per value of the keys); without, to one metric array whose
 * `dimensions` are all fixed.
 */
export interface AwsMetricQuery<N extends AwsNamespace = AwsNamespace> extends SeriesDisplay {
  readonly kind: 'aws';
  readonly namespace: N;
  readonly metricName: AwsMetricName<N>;
  /** Fixed dimension values (a resource name or ARN, possibly a CDK token). */
  readonly dimensions: Readonly<Partial<Record<AwsDimension<N>, string>>>;
  /** Keys searched over; absent for a single fixed metric. */
  readonly searchKeys?: readonly AwsDimension<N>[];
  /**
   * A partial-match token the searched resources' names must contain, e.g. `Batch` for ECS
   * clusters (`AWSBatch-<ce>-<uuid>` and `<ce>_Batch_<uuid>` both tokenize to `batch`).
   */
  readonly nameToken?: { readonly key: AwsDimension<N>; readonly token: string };
  readonly stat: Statistic;
  /** Seconds. @default - the widget's period */
  readonly period?: number;
}

/** An AWS metric query of any namespace. */
export type AnyAwsMetricQuery = { [N in AwsNamespace]: AwsMetricQuery<N> }[AwsNamespace];

/** Options of {@link awsMetric}. */
export interface AwsMetricOptions<N extends AwsNamespace> extends SeriesDisplay {
  readonly dimensions: Readonly<Partial<Record<AwsDimension<N>, string>>>;
  readonly stat: Statistic;
  readonly period?: number;
}

/**
 * One AWS service metric of one resource.
 *
 * @example
 * awsMetric('AWS/Lambda', 'Errors', { dimensions: { FunctionName: fn }, stat: 'Sum' });
 */
export function awsMetric<N extends AwsNamespace>(
  namespace: N,
  metricName: AwsMetricName<N>,
  options: AwsMetricOptions<N>,
): AwsMetricQuery<N> {
  return { kind: 'aws', namespace, metricName, ...options };
}

/** Options of {@link awsSearch}. */
export interface AwsSearchOptions<N extends AwsNamespace> extends SeriesDisplay {
  readonly dimensionKeys: readonly AwsDimension<N>[];
  readonly nameToken?: { readonly key: AwsDimension<N>; readonly token: string };
  readonly stat: Statistic;
  readonly period?: number;
}

/**
 * An AWS service metric of every resource that publishes it, one series per resource.
 *
 * @example
 * awsSearch('AWS/EC2', 'CPUUtilization', { dimensionKeys: ['AutoScalingGroupName'], stat: 'Average' });
 * // SEARCH('{AWS/EC2,AutoScalingGroupName} MetricName="CPUUtilization"', 'Average', 300)
 */
export function awsSearch<N extends AwsNamespace>(
  namespace: N,
  metricName: AwsMetricName<N>,
  options: AwsSearchOptions<N>,
): AwsMetricQuery<N> {
  const { dimensionKeys, ...rest } = options;
  // No fixed dimension: an empty partial record of any keys.
  return { kind: 'aws', namespace, metricName, dimensions: {} as Readonly<Partial<Record<AwsDimension<N>, string>>>, searchKeys: dimensionKeys, ...rest };
}
