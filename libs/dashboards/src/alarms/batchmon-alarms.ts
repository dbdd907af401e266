import { DEFAULT_METRICS_PROFILE, dimensionSetsFor, type MetricsProfile } from '@batchmon/metrics';
import { awsMetric } from '../queries/aws-metric-query';
import { insightsQuery } from '../queries/insights-query';
import { filled, mathExpression } from '../queries/math-expression';
import { pipelineMetric } from '../queries/pipeline-query';
import { DashboardValidationError } from '../errors';
import { alarmPipelineQueries, validateAlarm, type AlarmDefinition } from './alarm-definition';

/** The deployed resources the pipeline-error alarms watch (CDK tokens allowed). */
export interface BatchmonAlarmResources {
  /** State machine ARN by workflow name. */
  readonly stateMachineArns: Readonly<Record<string, string>>;
  /** Dead-letter queue name by a short label (`metrics`, `events`). */
  readonly deadLetterQueueNames: Readonly<Record<string, string>>;
  /** Name of the metrics Lambda. */
  readonly metricsFunctionName: string;
}

/** Switches and thresholds of the alarms; every field is optional (see {@link ALARM_DEFAULTS}). */
export interface BatchmonAlarmSettings {
  /** A job queue reported blocked (`BlockedJobQueues` > 0 over every queue). */
  readonly jobQueueBlocked?: { readonly enabled?: boolean };
  /** Jobs stuck past their threshold (`StuckJobs`), whatever the reason. */
  readonly stuckJobs?: {
    /** @default true */
    readonly enabled?: boolean;
    /** Stuck jobs diagnosed in 5 minutes above which it alarms. @default 0 */
    readonly threshold?: number;
  };
  /** Jobs waiting long in RUNNABLE. */
  readonly runnableWait?: {
    /** @default true */
    readonly enabled?: boolean;
    /** @default 1800 */
    readonly thresholdSeconds?: number;
    /** Consecutive 5-minute periods above the threshold. @default 3 */
    readonly evaluationPeriods?: number;
    /**
     * Queues to alarm on by their p90 wait, one alarm each. Without queues a single alarm watches
     * the longest wait over every queue (Metrics Insights has no percentiles).
     * @default - one alarm on the maximum over every queue
     */
    readonly jobQueues?: readonly string[];
  };
  /** Share of finished jobs that failed. */
  readonly failureRatio?: {
    /** @default true */
    readonly enabled?: boolean;
    /** @default 20 */
    readonly thresholdPercent?: number;
    /** Periods with fewer finished jobs are not evaluated, so one failure in a quiet period does not page. @default 5 */
    readonly minimumFinishedJobs?: number;
    /** @default 3 */
    readonly evaluationPeriods?: number;
  };
  /** Tasks RunTask could not place, period after period. */
  readonly placementFailures?: {
    /** @default true */
    readonly enabled?: boolean;
    /** Failures per 5 minutes over every compute environment. @default 0 */
    readonly threshold?: number;
    /** Consecutive periods above the threshold. @default 3 */
    readonly evaluationPeriods?: number;
  };
  /** Dead-letter queues not empty, failed or timed-out workflow executions, metrics Lambda errors. */
  readonly pipelineErrors?: { readonly enabled?: boolean };
}

/** Defaults of {@link BatchmonAlarmSettings}. */
export const ALARM_DEFAULTS = {
  periodSeconds: 300,
  runnableWait: { thresholdSeconds: 1800, evaluationPeriods: 3 },
  failureRatio: { thresholdPercent: 20, minimumFinishedJobs: 5, evaluationPeriods: 3 },
  placementFailures: { threshold: 0, evaluationPeriods: 3 },
} as const;

/**
 * The alarms batchmon deploys, as typed data, from the deployed resources and the settings.
 *
 * @throws {DashboardValidationError} when a setting makes an invalid alarm (e.g. a negative
 *   threshold count), two alarms would share an id, or an alarm would watch a dimension set the
 *   metrics profile does not publish (it would never leave INSUFFICIENT_DATA)
 *
 * @example
 * batchmonAlarms({ resources, settings: { runnableWait: { thresholdSeconds: 900 } } }).map((alarm) => alarm.id);
 * // ['job-queue-blocked', 'runnable-wait', 'job-failure-ratio', 'placement-failures', 'dlq-metrics', …]
 */
export function batchmonAlarms(options: {
  readonly resources: BatchmonAlarmResources;
  readonly settings?: BatchmonAlarmSettings;
  /** The metrics profile the metrics Lambda publishes. @default 'essential' */
  readonly profile?: MetricsProfile;
}): AlarmDefinition[] {
  const { resources, settings = {}, profile = DEFAULT_METRICS_PROFILE } = options;
  const period = ALARM_DEFAULTS.periodSeconds;
  const alarms: AlarmDefinition[] = [];

  if (settings.jobQueueBlocked?.enabled !== false) {
    alarms.push({
      id: 'job-queue-blocked',
      title: 'Job queue blocked',
      description:
        'AWS Batch reported a job queue blocked: a RUNNABLE job at its head cannot run (e.g. it asks for more vCPUs or memory than any compute environment offers, or a role is missing). See "Blocked job queues" on the job states dashboard for the queue and reason.',
      dashboard: 'job-states',
      queries: [insightsQuery('BlockedJobQueues', ['JobQueue'], { aggregate: 'SUM', id: 'blocked', label: 'Blocked events' })],
      evaluates: 'blocked',
      period,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 0,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    });
  }

  if (settings.stuckJobs?.enabled !== false) {
    alarms.push({
      id: 'stuck-jobs',
      title: 'Jobs stuck',
      description:
        'batchmon diagnosed jobs RUNNABLE or STARTING longer than their threshold (10 minutes unless configured), each once. The "Why jobs wait" dashboard shows each stuck job with its reason (blocked queue, too big, at max vCPUs, launch failures, instances not registering, placement failures, waiting its turn, image pull, agent) and the evidence.',
      dashboard: 'stuck-jobs',
      // The one series every profile publishes: all queues together.
      queries: [pipelineMetric('StuckJobs', [], { stat: 'Sum', id: 'stuck', label: 'Stuck jobs' })],
      evaluates: 'stuck',
      period,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: settings.stuckJobs?.threshold ?? 0,
      comparison: 'GreaterThanThreshold',
      // A job is counted when it is diagnosed: no data means no job became stuck.
      treatMissingData: 'notBreaching',
    });
  }

  const wait = settings.runnableWait ?? {};
  if (wait.enabled !== false) {
    const threshold = wait.thresholdSeconds ?? ALARM_DEFAULTS.runnableWait.thresholdSeconds;
    const evaluationPeriods = wait.evaluationPeriods ?? ALARM_DEFAULTS.runnableWait.evaluationPeriods;
    const common = {
      dashboard: 'job-latency',
      period,
      evaluationPeriods,
      datapointsToAlarm: evaluationPeriods,
      threshold,
      comparison: 'GreaterThanThreshold',
      // The wait is measured when a job leaves RUNNABLE: no data means no job started, not a long wait.
      treatMissingData: 'notBreaching',
      unit: ' s',
    } as const;
    const queues = wait.jobQueues ?? [];
    for (const queue of queues) {
      alarms.push({
        ...common,
        id: `runnable-wait-${queue}`,
        title: `RUNNABLE wait p90 (${queue})`,
        description: `Jobs of queue ${queue} waited in RUNNABLE longer than ${threshold} s (p90) for ${evaluationPeriods} periods of 5 minutes: capacity is short or its compute environments cannot scale. A queue whose jobs never start shows up in the blocked-queue alarm instead.`,
        queries: [pipelineMetric('RunnableWaitTime', ['JobQueue'], { stat: 'p90', where: { JobQueue: queue }, id: 'wait', label: `p90 ${queue}` })],
        evaluates: 'wait',
      });
    }
    if (queues.length === 0) {
      alarms.push({
        ...common,
        id: 'runnable-wait',
        title: 'Longest RUNNABLE wait',
        description: `A job waited in RUNNABLE longer than ${threshold} s, in every one of ${evaluationPeriods} periods of 5 minutes (maximum over every queue; name queues in the settings for per-queue p90 alarms). Capacity is short or compute environments cannot scale.`,
        queries: [insightsQuery('RunnableWaitTime', ['JobQueue'], { aggregate: 'MAX', id: 'wait', label: 'Longest wait' })],
        evaluates: 'wait',
      });
    }
  }

  const failures = settings.failureRatio ?? {};
  if (failures.enabled !== false) {
    const threshold = failures.thresholdPercent ?? ALARM_DEFAULTS.failureRatio.thresholdPercent;
    const minimum = failures.minimumFinishedJobs ?? ALARM_DEFAULTS.failureRatio.minimumFinishedJobs;
    const evaluationPeriods = failures.evaluationPeriods ?? ALARM_DEFAULTS.failureRatio.evaluationPeriods;
    // FILL: in a period where every job failed SUCCEEDED has no datapoint; without it the sum and the
    // ratio would have none either, and the alarm (missing data not breaching) would stay OK exactly
    // when all jobs fail ("Using metric math": operations on two series keep the timestamps both have).
    const finished = `${filled('failed')} + ${filled('succeeded')}`;
    const ratio = `100 * ${filled('failed')} / (${finished})`;
    alarms.push({
      id: 'job-failure-ratio',
      title: 'Failed jobs',
      description: `More than ${threshold} % of finished jobs failed, in every one of ${evaluationPeriods} periods of 5 minutes with at least ${minimum} finished jobs. See "Recently failed jobs" on the job states dashboard for their status reasons.`,
      dashboard: 'job-states',
      queries: [
        pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'FAILED' }, id: 'failed', label: 'FAILED' }),
        pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'SUCCEEDED' }, id: 'succeeded', label: 'SUCCEEDED' }),
        mathExpression('ratio', minimum > 1 ? `IF(${finished} >= ${minimum}, ${ratio})` : ratio, { label: 'Failed %' }),
      ],
      evaluates: 'ratio',
      period,
      evaluationPeriods,
      datapointsToAlarm: evaluationPeriods,
      threshold,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
      unit: ' %',
    });
  }

  const placement = settings.placementFailures ?? {};
  if (placement.enabled !== false) {
    const threshold = placement.threshold ?? ALARM_DEFAULTS.placementFailures.threshold;
    const evaluationPeriods = placement.evaluationPeriods ?? ALARM_DEFAULTS.placementFailures.evaluationPeriods;
    alarms.push({
      id: 'placement-failures',
      title: 'Placement failures',
      description: `RunTask could not place tasks (e.g. RESOURCE:MEMORY) in every one of ${evaluationPeriods} periods of 5 minutes, more than ${threshold} per period over every compute environment: instances are too small or too few for the jobs. Short bursts while a compute environment scales out are normal.`,
      dashboard: 'jobs-placement',
      queries: [insightsQuery('PlacementFailures', ['ComputeEnvironment'], { aggregate: 'SUM', id: 'failures', label: 'Placement failures' })],
      evaluates: 'failures',
      period,
      evaluationPeriods,
      datapointsToAlarm: evaluationPeriods,
      threshold,
      comparison: 'GreaterThanThreshold',
      treatMissingData: 'notBreaching',
    });
  }

  if (settings.pipelineErrors?.enabled !== false) {
    const once = { dashboard: 'pipeline-health', period, evaluationPeriods: 1, datapointsToAlarm: 1, threshold: 0, comparison: 'GreaterThanThreshold', treatMissingData: 'notBreaching' } as const;
    for (const [label, queueName] of Object.entries(resources.deadLetterQueueNames)) {
      alarms.push({
        ...once,
        id: `dlq-${label}`,
        title: `Dead letters (${label})`,
        description: `The ${label} dead-letter queue holds messages: batchmon lost events or metric records it could not process after retries. Inspect the messages, fix the cause, then redrive them.`,
        queries: [awsMetric('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { dimensions: { QueueName: queueName }, stat: 'Maximum', id: 'visible', label: `${label} DLQ` })],
        evaluates: 'visible',
      });
    }
    for (const [workflow, arn] of Object.entries(resources.stateMachineArns)) {
      alarms.push({
        ...once,
        id: `workflow-failed-${workflow}`,
        title: `${workflow} executions failed`,
        description: `Executions of the ${workflow} workflow failed or timed out: their events produced no metrics. The workflow's log group holds the errors (level ERROR).`,
        queries: [
          awsMetric('AWS/States', 'ExecutionsFailed', { dimensions: { StateMachineArn: arn }, stat: 'Sum', id: 'failed' }),
          awsMetric('AWS/States', 'ExecutionsTimedOut', { dimensions: { StateMachineArn: arn }, stat: 'Sum', id: 'timedOut' }),
          // FILL: a period with failures but no time-out has no ExecutionsTimedOut datapoint.
          mathExpression('broken', `${filled('failed')} + ${filled('timedOut')}`, { label: 'Failed or timed out' }),
        ],
        evaluates: 'broken',
      });
    }
    alarms.push({
      ...once,
      id: 'metrics-function-errors',
      title: 'Metrics Lambda errors',
      description: 'The metrics Lambda failed invocations: SQS redelivers the batch, and after 5 receives its records go to the metrics dead-letter queue. The function log group holds the errors.',
      queries: [awsMetric('AWS/Lambda', 'Errors', { dimensions: { FunctionName: resources.metricsFunctionName }, stat: 'Sum', id: 'errors', label: 'Errors' })],
      evaluates: 'errors',
    });
  }

  const seen = new Set<string>();
  for (const alarm of alarms) {
    if (seen.has(alarm.id)) throw new DashboardValidationError(`alarm "${alarm.id}"`, 'expected a unique id, found it twice (a job queue, workflow or dead-letter queue named twice?)');
    seen.add(alarm.id);
    validateAlarm(alarm);
    for (const query of alarmPipelineQueries(alarm)) {
      const published = dimensionSetsFor(query.metric, profile).some((set) => set.length === query.dimensionKeys.length && set.every((key) => query.dimensionKeys.includes(key)));
      if (!published) {
        throw new DashboardValidationError(`alarm "${alarm.id}"`, `expected a dimension set the ${profile} metrics profile publishes, found ${query.metric} [${query.dimensionKeys.join(', ')}]`);
      }
    }
  }
  return alarms;
}
