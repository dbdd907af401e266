import type { Branch, StateMachineDefinition } from '../asl/asl';
import { sendMetricMessage, type PartitionResources } from '../asl/integrations';
import { jsonataPass } from '../asl/jsonata';
import { SEND_STATE, requireFields } from '../records/skips';
import { capacityLevelsBranch } from './capacity-levels';
import { jobCountsBranch } from './job-counts';
import { stuckJobsBranch } from '../stuck-jobs/stuck-jobs';
import type { StuckJobOptions } from '../stuck-jobs/stuck-reasons';
import { WORKFLOW_NAMES } from '../workflow-names';

/**
 * How often the workflow runs: an EventBridge schedule ("Creating a rule that runs on a schedule
 * in Amazon EventBridge"). CloudWatch stores a custom metric at one-minute resolution, so a
 * level published once a minute is as fine as the dashboards can show it.
 */
export const MINUTE_LEVELS_SCHEDULE = 'rate(1 minute)';

/** What the MinuteLevels workflow reads and where it sends. */
export interface MinuteLevelsResources extends PartitionResources {
  readonly instancesTable: string;
  readonly jobsTable: string;
  /** Compute environments and job queues (read only in a minute with a stuck job). */
  readonly configurationTable: string;
  /** Launches and placement failures by compute environment (read only in a minute with a stuck job). */
  readonly evidenceTable: string;
  readonly metricsQueueUrl: string;
}

/** Options of {@link minuteLevelsWorkflow}. */
export interface MinuteLevelsOptions {
  /** When a waiting job counts as stuck, and what counts as recent evidence. @default `DEFAULT_STUCK_JOB_OPTIONS` */
  readonly stuckJobs?: StuckJobOptions;
}

/**
 * What is published every minute, one Parallel branch each. A branch starts from the scheduled
 * event with `minute` added, reads batchmon's own tables, and sends its own messages (deduplicated
 * by minute); it never calls a Describe or List API: the capacity levels of the compute
 * environments, the live job counts by state, and the diagnosis of the jobs stuck past their threshold.
 */
export const MINUTE_LEVEL_BRANCHES: readonly ((workflow: string, resources: MinuteLevelsResources, options: MinuteLevelsOptions) => Branch)[] = [
  capacityLevelsBranch,
  jobCountsBranch,
  (workflow, resources, options) => stuckJobsBranch(workflow, resources, options.stuckJobs),
];

/**
 * MinuteLevels: on an EventBridge schedule, once a minute, publishes gauges from batchmon's own
 * tables, stamped with the minute: the capacity levels of every compute environment (see
 * {@link capacityLevelsBranch}) and the jobs in each live state (see {@link jobCountsBranch}); and
 * it diagnoses the jobs stuck past their threshold (see {@link stuckJobsBranch}). Levels are gauges, so publishing them at each event that moves
 * them bought nothing the minute's value does not show, at the price of a read and a message per
 * event; once a minute, their cost is fixed per month whatever the number of events.
 *
 * The minute is the schedule's time with its seconds dropped: EventBridge stamps a scheduled
 * event with the time it was due, which can be late by some seconds, never by a minute.
 *
 * @example
 * const definition = minuteLevelsWorkflow({ instancesTable: 'I', jobsTable: 'J', metricsQueueUrl: url, partition: 'aws' });
 */
export function minuteLevelsWorkflow(resources: MinuteLevelsResources, options: MinuteLevelsOptions = {}): StateMachineDefinition {
  const W = WORKFLOW_NAMES.minuteLevels;
  return {
    Comment: 'Publishes every minute the levels batchmon keeps in its tables: the capacity of each compute environment and the jobs in each state; diagnoses the jobs stuck past their threshold.',
    StartAt: 'Does the schedule give its time?',
    TimeoutSeconds: 60,
    States: {
      ...requireFields(W, 'Does the schedule give its time?', [{ path: '$.time', label: 'time' }], 'Which minute is it?'),
      'Which minute is it?': jsonataPass(
        `$merge([$states.input, { 'minute': $fromMillis($floor($toMillis($states.input.time) / 60000) * 60000, '[Y0001]-[M01]-[D01]T[H01]:[m01]:00Z') }])`,
        'Publish the minute’s levels',
      ),
      'Publish the minute’s levels': {
        Type: 'Parallel',
        Comment: 'Each branch publishes one family of levels; a failure in any is handed to the failed-events queue with the scheduled event.',
        Branches: MINUTE_LEVEL_BRANCHES.map((branch) => branch(W, resources, options)),
        ResultPath: null,
        End: true,
      },
      [SEND_STATE]: sendMetricMessage(resources.metricsQueueUrl, resources.partition),
    },
  };
}
