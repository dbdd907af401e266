import type { StateMachineDefinition } from '../asl/asl';
import { sendMetricMessage, type PartitionResources } from '../asl/integrations';
import { jsonataPass } from '../asl/jsonata';
import { CLOUDTRAIL_CALL_IDENTITY, countOnce } from '../deliveries/count-once';
import { jsonataRecords, literal } from '../records/jsonata-records';
import { SEND_STATE, requireFields, skip } from '../records/skips';
import { WORKFLOW_NAMES } from '../workflow-names';

/** What the JobsSubmitted workflow writes to. */
export interface JobsSubmittedResources extends PartitionResources {
  /** Where each counted call is remembered, so a repeated delivery counts once. */
  readonly deliveriesTable: string;
  readonly metricsQueueUrl: string;
}

/** Skip reason of a SubmitJob call that was refused (`errorCode`): no job was submitted. */
export const SUBMISSION_REFUSED = 'submission-refused';

/** Skip reason of a SubmitJob call delivered again after it was counted. */
export const DUPLICATE_SUBMISSION = 'duplicate-submission';

const W = WORKFLOW_NAMES.jobsSubmitted;

/**
 * The `JobsSubmitted` record of a call: the queue as the caller gave it (a name or an ARN: the
 * metrics Lambda publishes the name, as for every `JobQueue` dimension), the job's id and name from
 * the response and the size of an array job, each left out when absent (JSONata: JSONPath fails on
 * an absent field).
 */
const SUBMISSION_RECORD = jsonataRecords([
  {
    metric: 'JobsSubmitted',
    dimensions: { JobQueue: '$states.input.detail.requestParameters.jobQueue' },
    properties: {
      jobId: '$states.input.detail.responseElements.jobId',
      jobName: '$states.input.detail.requestParameters.jobName',
      arraySize: '$states.input.detail.requestParameters.arrayProperties.size',
    },
  },
]);

/**
 * JobsSubmitted: CloudTrail SubmitJob calls → `JobsSubmitted` by job queue. AWS Batch publishes no
 * event for SUBMITTED ("Job state change events" start at RUNNABLE for most jobs), so the API call
 * is the only record of a submission. Each call counts once: the deliveries table remembers the
 * calls counted (CloudTrail's `eventID`, else the event's id), as EventBridge delivers at least
 * once. A refused call (`errorCode`: a queue that does not exist, a throttled caller) submitted
 * nothing and is a counted skip.
 *
 * @example
 * const definition = jobsSubmittedWorkflow({ deliveriesTable: 'Deliveries', metricsQueueUrl: url, partition: 'aws' });
 */
export function jobsSubmittedWorkflow(resources: JobsSubmittedResources): StateMachineDefinition {
  return {
    Comment: 'Counts the jobs submitted to each Batch job queue, from CloudTrail SubmitJob calls.',
    StartAt: 'Was the job submitted?',
    TimeoutSeconds: 60,
    States: {
      'Was the job submitted?': {
        Type: 'Choice',
        Comment: 'A refused call (errorCode present) submitted no job.',
        Choices: [{ Variable: '$.detail.errorCode', IsPresent: true, Next: 'Skip: the submission was refused' }],
        Default: 'Is the submission complete?',
      },
      'Skip: the submission was refused': skip(W, SUBMISSION_REFUSED),
      ...requireFields(
        W,
        'Is the submission complete?',
        [
          { path: '$.time', label: 'time' },
          { path: '$.id', label: 'event id' },
          { path: '$.detail.requestParameters.jobQueue', label: 'job queue' },
        ],
        'Identify the call',
      ),
      ...countOnce({
        workflow: W,
        identity: CLOUDTRAIL_CALL_IDENTITY,
        what: 'the call',
        table: resources.deliveriesTable,
        partition: resources.partition,
        duplicateReason: DUPLICATE_SUBMISSION,
        name: 'Identify the call',
        next: 'Count the submission',
      }),
      'Count the submission': jsonataPass(`{ 'message': { 'source': ${literal(W)}, 'records': ${SUBMISSION_RECORD} } }`, SEND_STATE),
      [SEND_STATE]: sendMetricMessage(resources.metricsQueueUrl, resources.partition),
    },
  };
}
