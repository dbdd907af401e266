import type { State, StateMachineDefinition } from '../asl/asl';
import { TRANSIENT_RETRY, num, sendMetricMessage, str, updateItem, withNumberTexts, type PartitionResources } from '../asl/integrations';
import { jsonataPass } from '../asl/jsonata';
import { JOBS_TABLE } from '../instances/instance-item';
import { DEFAULT_JOB_RETENTION } from '../job-states/describe-job';
import { JOB_EVIDENCE } from '../stuck-jobs/job-evidence';
import { buildMessage } from '../records/metric-records';
import { countOnce } from '../deliveries/count-once';
import { SEND_STATE, requireFields } from '../records/skips';
import { WORKFLOW_NAMES } from '../workflow-names';

/** What the QueueBlocked workflow writes to. */
export interface QueueBlockedResources extends PartitionResources {
  /** Where each counted event is remembered, so a repeated delivery counts once. */
  readonly deliveriesTable: string;
  /** Where the blocking job's item notes the block, for the diagnosis of stuck jobs. */
  readonly jobsTable: string;
  readonly metricsQueueUrl: string;
}

/** Skip reason of a blocked-queue event delivered again after it was counted. */
export const DUPLICATE_BLOCKED_EVENT = 'duplicate-event';

/**
 * The reasons AWS Batch documents for a RUNNABLE job blocking its queue ("Jobs stuck in a RUNNABLE
 * status" and its pages on capacity, misconfiguration and invalid compute environments; JobDetail
 * `statusReason` in the API reference). The event's `statusReason` starts with the code, followed
 * by ` - ` and a message that may name instance types; the code alone is the `Reason` dimension,
 * the same value `jobStateTimeLimitActions` takes, so metric cardinality stays bounded.
 */
export const BLOCKED_QUEUE_REASONS = [
  { code: 'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY', state: 'The compute environments lack instance capacity' },
  { code: 'MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE', state: 'The job needs more vCPUs than the compute environments allow' },
  { code: 'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT', state: 'No instance of the compute environments fits the job' },
  { code: 'MISCONFIGURATION:SERVICE_ROLE_PERMISSIONS', state: 'The service role lacks permissions' },
  { code: 'ACTION_REQUIRED', state: 'The compute environments are invalid' },
] as const;

/** The `Reason` of a blocked queue whose `statusReason` is none of {@link BLOCKED_QUEUE_REASONS}. */
export const OTHER_BLOCKED_REASON = 'other';

const W = WORKFLOW_NAMES.queueBlocked;
const OTHER_STATE = 'The queue is blocked for another reason';

// Step Functions' StringMatches treats `*` as a wildcard and `\` as escape; the codes contain neither.
const startsWith = (code: string): string => `${code}*`;

/**
 * QueueBlocked: Batch Job Queue Blocked events → `BlockedJobQueues` by job queue and reason (a
 * documented reason code, or `other`), with the full `statusReason` and the blocking job's id as
 * properties for Logs Insights. Every event is one occurrence, counted once: the deliveries table
 * remembers the ids of the events counted, as EventBridge may deliver one twice. The blocking job's
 * item notes the block and its reason (the first reason the diagnosis of a stuck job tries); a
 * repeated delivery writes the same note again.
 *
 * @example
 * const definition = queueBlockedWorkflow({ deliveriesTable: 'Deliveries', metricsQueueUrl: url });
 */
export function queueBlockedWorkflow(resources: QueueBlockedResources): StateMachineDefinition {
  const reasonStates: Record<string, State> = {};
  for (const { code, state } of [...BLOCKED_QUEUE_REASONS, { code: OTHER_BLOCKED_REASON, state: OTHER_STATE }]) {
    reasonStates[state] = { Type: 'Pass', Result: { reason: code }, ResultPath: '$.blocked', Next: 'Does the event name the blocking job?' };
  }
  return {
    Comment: 'Counts blocked Batch job queues by queue and documented reason.',
    StartAt: 'Is the blocked queue event complete?',
    TimeoutSeconds: 60,
    States: {
      ...requireFields(
        W,
        'Is the blocked queue event complete?',
        [
          { path: '$.time', label: 'time' },
          { path: '$.detail.jobQueue', label: 'job queue' },
          { path: '$.detail.statusReason', label: 'status reason' },
          { path: '$.id', label: 'event id' },
        ],
        'Identify the event',
      ),
      ...countOnce({
        workflow: W,
        identity: '$event.id',
        what: 'the event',
        table: resources.deliveriesTable,
        partition: resources.partition,
        duplicateReason: DUPLICATE_BLOCKED_EVENT,
        name: 'Identify the event',
        next: 'Why is the queue blocked?',
      }),
      'Why is the queue blocked?': {
        Type: 'Choice',
        Comment: 'The status reason starts with a documented code; its message may name instance types.',
        Choices: BLOCKED_QUEUE_REASONS.map(({ code, state }) => ({
          Variable: '$.detail.statusReason',
          StringMatches: startsWith(code),
          Next: state,
        })),
        Default: OTHER_STATE,
      },
      ...reasonStates,
      'Does the event name the blocking job?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.detail.jobId', IsPresent: true, Next: 'Describe the block for the job' }],
        Default: 'Record the blocked queue',
      },
      'Describe the block for the job': jsonataPass(
        `(
  $event := $states.input;
  $seconds := $floor($toMillis($event.time) / 1000);
  $merge([$event, { 'block': ${withNumberTexts(
    `{ 'note': $string($seconds) & '|' & $event.detail.statusReason, 'expiresAt': $seconds + ${DEFAULT_JOB_RETENTION.whileActiveDays * 86400} }`,
    ['expiresAt'],
  )} }])
)`,
        'Note the block on the job',
      ),
      'Note the block on the job': updateItem(
        resources.partition,
        {
          TableName: resources.jobsTable,
          Key: { [JOBS_TABLE.partitionKey]: str('$.detail.jobId') },
          // The job's own events set its expiry; a job not seen yet keeps the block as long as a waiting job.
          UpdateExpression: 'SET #blocked = :note, #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
          ExpressionAttributeNames: { '#blocked': JOB_EVIDENCE.blockedAttribute, '#expiresAt': JOBS_TABLE.timeToLiveAttribute },
          ExpressionAttributeValues: { ':note': str('$.block.note'), ':expiresAt': num('$.block.n.expiresAt') },
        },
        { Comment: 'The diagnosis of a stuck job reads it: a RUNNABLE job a blocked queue event names is stuck for that reason.', ResultPath: null, Retry: TRANSIENT_RETRY, Next: 'Record the blocked queue and its job' },
      ),
      'Record the blocked queue and its job': buildMessage(
        W,
        [
          {
            metric: 'BlockedJobQueues',
            dimensions: { JobQueue: '$.detail.jobQueue', Reason: '$.blocked.reason' },
            properties: { statusReason: '$.detail.statusReason', jobId: '$.detail.jobId' },
          },
        ],
        SEND_STATE,
      ),
      'Record the blocked queue': buildMessage(
        W,
        [
          {
            metric: 'BlockedJobQueues',
            dimensions: { JobQueue: '$.detail.jobQueue', Reason: '$.blocked.reason' },
            properties: { statusReason: '$.detail.statusReason' },
          },
        ],
        SEND_STATE,
      ),
      [SEND_STATE]: sendMetricMessage(resources.metricsQueueUrl, resources.partition),
    },
  };
}
