import type { Dimension, DimensionOf, MetricName, StateValue } from '@batchmon/metrics';

/**
 * The per-job record: the metrics Lambda writes one EMF line per `FinishedJobs` record, whose
 * dimensions and properties (every correlated field and duration of the job) are top-level JSON
 * fields that CloudWatch Logs Insights discovers. These names must match the properties the
 * JobStates workflow puts on the record (libs/correlation, `job-metrics.ts`).
 */
export const FINISHED_JOBS_METRIC = 'FinishedJobs' satisfies MetricName;

/**
 * Dimensions of the record: the keys of its catalog dimension sets, top-level fields under their
 * dimension names in every metrics profile (the emitter writes each dimension value of a record,
 * published or not). Where the job ran (compute environment, AZ, instance type) is not a
 * dimension of `FinishedJobs`, so it is read from the properties below.
 */
const RECORD_DIMENSIONS = ['JobQueue', 'JobDefinition', 'State'] as const satisfies readonly DimensionOf<typeof FINISHED_JOBS_METRIC>[];
const FAILED_JOB_DIMENSIONS = ['JobQueue', 'JobDefinition'] as const satisfies readonly DimensionOf<typeof FINISHED_JOBS_METRIC>[];

const STATE = 'State' satisfies Dimension;
const FAILED = 'FAILED' satisfies StateValue;

/** Properties of the record: identity, where the job ran, attempts and durations in seconds. */
export const FINISHED_JOB_PROPERTIES = {
  jobId: 'jobId',
  computeEnvironment: 'computeEnvironment',
  availabilityZone: 'availabilityZone',
  instanceType: 'instanceType',
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
    `fields @timestamp, ${[P.jobId, ...RECORD_DIMENSIONS, P.computeEnvironment, P.availabilityZone, P.instanceType, P.runnableWaitSeconds, P.startupSeconds, P.runSeconds, P.totalSeconds, P.attempts].join(', ')}`,
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
    `fields @timestamp, ${[P.jobId, ...FAILED_JOB_DIMENSIONS, P.computeEnvironment, P.instanceType, P.attempts, P.statusReason].join(', ')}`,
    `filter ispresent(${FINISHED_JOBS_METRIC}) and ${STATE} = '${FAILED}'`,
    'sort @timestamp desc',
    `limit ${limit}`,
  ];
}
