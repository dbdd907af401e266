import type { MetricName } from '@batchmon/metrics';

/**
 * The per-job record of a stuck job: the metrics Lambda writes one EMF line per `StuckJobs` record,
 * whose dimensions (`JobQueue`, `Reason`) and properties (the evidence chain) are top-level JSON
 * fields that CloudWatch Logs Insights discovers, in every metrics profile. These names must match
 * the properties MinuteLevels' diagnosis puts on the record (libs/correlation, `stuck-jobs.ts`).
 */
export const STUCK_JOBS_METRIC = 'StuckJobs' satisfies MetricName;

/** Properties of the record: the job, its state and wait, where it waits and the evidence of its reason. */
export const STUCK_JOB_PROPERTIES = {
  jobId: 'jobId',
  state: 'state',
  since: 'since',
  waitedSeconds: 'waitedSeconds',
  computeEnvironments: 'computeEnvironments',
  evidence: 'evidence',
  failureClass: 'failureClass',
} as const;

const P = STUCK_JOB_PROPERTIES;

/**
 * Logs Insights commands listing the stuck jobs diagnosed most recently, each with its reason and
 * the evidence chain, newest first.
 *
 * @example
 * logQuery('Stuck jobs and their evidence', [logGroupName], stuckJobsQuery(50));
 */
export function stuckJobsQuery(limit: number): string[] {
  return [
    `fields @timestamp, ${P.jobId}, JobQueue, Reason, ${P.state}, ${P.since}, ${P.waitedSeconds}, ${P.computeEnvironments}, ${P.evidence}`,
    `filter ispresent(${STUCK_JOBS_METRIC})`,
    'sort @timestamp desc',
    `limit ${limit}`,
  ];
}

/**
 * Logs Insights commands counting the stuck jobs by reason over the dashboard's time range: the
 * reason is a field of every record, whatever the metrics profile publishes.
 *
 * @example
 * logQuery('Stuck jobs by reason', [logGroupName], stuckJobsByReasonQuery(), { view: 'pie' });
 */
export function stuckJobsByReasonQuery(): string[] {
  return [`filter ispresent(${STUCK_JOBS_METRIC})`, 'stats count(*) as stuckJobs by Reason', 'sort stuckJobs desc'];
}
