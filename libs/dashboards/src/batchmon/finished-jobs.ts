import type { Dimension, MetricName } from '@batchmon/metrics';
import type { JobState } from './dimension-values';

/**
 * The per-job record: the metrics Lambda writes one EMF line per `FinishedJobs` record, whose
 * dimensions and properties (every correlated field and duration of the job) are top-level JSON
 * fields that CloudWatch Logs Insights discovers. These names must match the properties the
 * JobStates workflow puts on the record (libs/correlation, `job-metrics.ts`).
 */
export const FINISHED_JOBS_METRIC = 'FinishedJobs' satisfies MetricName;

/** Dimensions of the job copied onto its record. */
const JOB_DIMENSIONS = ['JobQueue', 'JobDefinition', 'State', 'ComputeEnvironment', 'AvailabilityZone', 'InstanceType'] as const satisfies readonly Dimension[];

const FAILED_JOB_DIMENSIONS = ['JobQueue', 'JobDefinition', 'ComputeEnvironment', 'InstanceType'] as const satisfies readonly Dimension[];
const STATE = 'State' satisfies Dimension;
const FAILED = 'FAILED' satisfies JobState;

/** Properties of the record: identity, attempts and durations in seconds. */
export const FINISHED_JOB_PROPERTIES = {
  jobId: 'jobId',
  attempts: 'attempts',
  statusReason: 'statusReason',
  runnableWaitSeconds: 'runnableWaitSeconds',
  startupSeconds: 'startupSeconds',
  runSeconds: 'runSeconds',
  totalSeconds: 'totalSeconds',
} as const;

const P = FINISHED_JOB_PROPERTIES;

/**
 * Logs Insights commands listing the slowest recent jobs, longest total time first.
 *
 * @example
 * logQuery('Slowest recent jobs', [logGroupName], slowestJobsQuery(50));
 */
export function slowestJobsQuery(limit: number): string[] {
  return [
    `fields @timestamp, ${[P.jobId, ...JOB_DIMENSIONS, P.runnableWaitSeconds, P.startupSeconds, P.runSeconds, P.totalSeconds, P.attempts].join(', ')}`,
    `filter ispresent(${P.totalSeconds})`,
    `sort ${P.totalSeconds} desc`,
    `limit ${limit}`,
  ];
}

/**
 * Logs Insights commands listing recently failed jobs with the reason Batch gave, newest first.
 *
 * @example
 * logQuery('Recently failed jobs', [logGroupName], failedJobsQuery(50));
 */
export function failedJobsQuery(limit: number): string[] {
  return [
    `fields @timestamp, ${[P.jobId, ...FAILED_JOB_DIMENSIONS, P.attempts, P.statusReason].join(', ')}`,
    `filter ispresent(${FINISHED_JOBS_METRIC}) and ${STATE} = '${FAILED}'`,
    'sort @timestamp desc',
    `limit ${limit}`,
  ];
}
