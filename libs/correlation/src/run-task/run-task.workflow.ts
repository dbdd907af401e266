import type { StateMachineDefinition } from '../asl/asl';
import { sendMetricMessage, type PartitionResources } from '../asl/integrations';
import { CLOUDTRAIL_CALL_IDENTITY, countOnce } from '../deliveries/count-once';
import { SEND_STATE, requireFields, skip } from '../records/skips';
import { runTaskRecords } from './run-task-records';
import { describePlacementEvidence, rememberPlacementFailures } from '../stuck-jobs/placement-evidence';
import { WORKFLOW_NAMES } from '../workflow-names';

/** What the RunTask workflow writes to. */
export interface RunTaskResources extends PartitionResources {
  /** Where each counted call is remembered, so a repeated delivery counts once. */
  readonly deliveriesTable: string;
  /** Where placement failures are kept as evidence for the diagnosis of stuck jobs. */
  readonly evidenceTable: string;
  readonly metricsQueueUrl: string;
}

/** Skip reason of a RunTask call that failed outright (`errorCode`): it placed and refused nothing. */
export const API_CALL_FAILED = 'api-call-failed';

/** Skip reason of a RunTask call delivered again after it was counted. */
export const DUPLICATE_CALL = 'duplicate-call';

const W = WORKFLOW_NAMES.runTask;

/**
 * RunTask: CloudTrail RunTask calls on Batch-managed clusters that returned placement failures →
 * `FailedRunTaskCalls` by job queue and compute environment, and `PlacementFailures` by reason
 * (e.g. `RESOURCE:MEMORY`), compute environment and queue, counting every entry of
 * `responseElements.failures[]`. Each call stands alone; the deliveries table only remembers which
 * calls (CloudTrail `eventID`, else the event id) were counted, so that EventBridge's repeated
 * deliveries count once. The placement failures' reasons are also added to the compute
 * environment's evidence, which the diagnosis of stuck jobs reads.
 *
 * The rule lets through only the calls with failures (`runTaskCallPattern`): a call that placed its
 * task starts no execution, because the job's own STARTING event names that task and JobStates
 * counts it in `JobsPlaced` (Fargate tasks: JobsPlaced from the task's event), so the placement
 * attempts are `JobsPlaced + FailedRunTaskCalls`. That spares an execution, a deliveries write and
 * a metric message for nearly every job (92 % of the calls of the simulated workload placed their
 * task). A call that failed outright (`errorCode`, e.g. throttling) returns no failures either and
 * is filtered too; one started directly (a redrive) is still skipped as `api-call-failed`.
 *
 * The failures list has any length, so the records are built by the one JSONata state (the
 * sanctioned way) rather than a Map state: a Map would cost one state transition and one Pass per
 * entry, and still need JSONata-free ways to default absent reasons and join its output with the
 * call's own record, which JSONPath has no intrinsic for.
 *
 * @example
 * const definition = runTaskWorkflow({ deliveriesTable: 'Deliveries', metricsQueueUrl: url });
 */
export function runTaskWorkflow(resources: RunTaskResources): StateMachineDefinition {
  return {
    Comment: 'Counts the RunTask calls of AWS Batch that could not place their task, and the placement failures they return, by queue and compute environment.',
    StartAt: 'Did the API call succeed?',
    TimeoutSeconds: 60,
    States: {
      'Did the API call succeed?': {
        Type: 'Choice',
        Comment: 'A failed call (errorCode present, e.g. throttling) placed nothing and returned no failures.',
        Choices: [{ Variable: '$.detail.errorCode', IsPresent: true, Next: 'Skip: the API call failed' }],
        Default: 'Is the RunTask call complete?',
      },
      'Skip: the API call failed': skip(W, API_CALL_FAILED),
      ...requireFields(
        W,
        'Is the RunTask call complete?',
        [
          { path: '$.time', label: 'time' },
          { path: '$.id', label: 'event id' },
        ],
        'Identify the call',
      ),
      ...countOnce({
        workflow: W,
        identity: CLOUDTRAIL_CALL_IDENTITY,
        what: 'the call',
        table: resources.deliveriesTable,
        partition: resources.partition,
        duplicateReason: DUPLICATE_CALL,
        name: 'Identify the call',
        next: 'Describe the placement failures',
      }),
      'Describe the placement failures': describePlacementEvidence('Did placements fail?'),
      'Did placements fail?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.placementEvidence.any', BooleanEquals: true, Next: 'Remember the placement failures' }],
        Default: 'Count the call and its placement failures',
      },
      'Remember the placement failures': rememberPlacementFailures(resources.partition, resources.evidenceTable, 'Count the call and its placement failures'),
      'Count the call and its placement failures': runTaskRecords(W, SEND_STATE),
      [SEND_STATE]: sendMetricMessage(resources.metricsQueueUrl, resources.partition),
    },
  };
}
