import { BatchEnvironmentVariable, DetailType, EventSource, taskStateChangePattern, type EventPattern } from '@batchmon/event-schemas';
import type { StateMachineDefinition } from '../asl/asl';
import { WORKFLOW_NAMES } from '../workflow-names';
import { TRANSIENT_RETRY, num, sendMetricMessage, str, updateItem, withNumberTexts, type PartitionResources } from '../asl/integrations';
import { jsonataPass } from '../asl/jsonata';
import { JOBS_TABLE } from '../instances/instance-item';
import { DEFAULT_JOB_RETENTION } from '../job-states/describe-job';
import { SEND_STATE, requireFields, skip } from '../records/skips';
import { JOB_EVIDENCE } from './job-evidence';

/** Name of the workflow, as it appears in metrics (`Workflow` dimension) and in the console. */
export const TASK_PULLS = WORKFLOW_NAMES.taskPulls;

/** What the TaskPulls workflow writes to. */
export interface TaskPullsResources extends PartitionResources {
  readonly jobsTable: string;
  readonly metricsQueueUrl: string;
}

/** Skip reason of a task event that names no Batch job (no `AWS_BATCH_JOB_ID` in its overrides). */
export const TASK_WITHOUT_JOB = 'task-without-job';

/**
 * The ECS task events of Batch jobs that show an image pull in trouble: a task whose image pull
 * started and has not stopped (ECS sends a task state change when the agent starts the pull, with
 * `pullStartedAt` and no `pullStoppedAt`), or a task stopped because its image could not be pulled
 * (`CannotPullContainerError` in its stopped reason: "CannotPullContainer task errors in Amazon
 * ECS", Amazon ECS Developer Guide). A pull that finished shows both times and is not matched: the
 * usual task events of a job start no execution here.
 */
export const taskPullPattern = {
  source: [EventSource.Ecs],
  'detail-type': [DetailType.EcsTaskStateChange],
  detail: {
    overrides: taskStateChangePattern.detail.overrides,
    $or: [{ pullStartedAt: [{ exists: true }], pullStoppedAt: [{ exists: false }] }, { stoppedReason: [{ prefix: 'CannotPullContainerError' }] }],
  },
} as const satisfies EventPattern;

const W = TASK_PULLS;

/**
 * TaskPulls: ECS task events of Batch jobs whose image pull failed or has not finished (the rule
 * takes only those, see {@link taskPullPattern}) → the job's item notes it (`<epoch seconds>|failed|
 * <stopped reason>` or `…|unfinished|pull started at <time>`), which the diagnosis of a job stuck in
 * STARTING reads as `image-pull`. One update; a repeated delivery writes the same note. Publishes no
 * metric of its own; a task naming no job is a counted skip.
 *
 * @example
 * const definition = taskPullsWorkflow({ jobsTable: 'Jobs', metricsQueueUrl: url, partition: 'aws' });
 */
export function taskPullsWorkflow(resources: TaskPullsResources): StateMachineDefinition {
  const NOTED = 'The pull is noted on the job';
  return {
    Comment: 'Notes on a Batch job’s item that its image pull failed or has not finished, as evidence for the diagnosis of jobs stuck in STARTING.',
    StartAt: 'Is the task event complete?',
    TimeoutSeconds: 60,
    States: {
      ...requireFields(W, 'Is the task event complete?', [{ path: '$.time', label: 'time' }], 'Describe the pull'),
      'Describe the pull': jsonataPass(
        `(
  $event := $states.input;
  $task := $event.detail;
  $text := function($v) { $type($v) = 'string' and $v != '' ? $v };
  $jobId := ($task.overrides.containerOverrides.environment[name = '${BatchEnvironmentVariable.JobId}' and $text(value)])[0].value;
  $seconds := $floor($toMillis($event.time) / 1000);
  $failed := $exists($text($task.stoppedReason)) and $contains($task.stoppedReason, 'CannotPullContainerError');
  $merge([$event, { 'pull': ${withNumberTexts(
    `{
    'jobId': $exists($jobId) ? $jobId : '',
    'note': $string($seconds) & '|' & ($failed ? 'failed|' & $task.stoppedReason : 'unfinished|pull started at ' & $string($task.pullStartedAt)),
    'expiresAt': $seconds + ${DEFAULT_JOB_RETENTION.whileActiveDays * 86400}
  }`,
    ['expiresAt'],
  )} }])
)`,
        'Does the task name its job?',
      ),
      'Does the task name its job?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.pull.jobId', StringEquals: '', Next: 'Skip: the task names no job' }],
        Default: 'Note the pull on the job',
      },
      'Skip: the task names no job': skip(W, TASK_WITHOUT_JOB),
      'Note the pull on the job': updateItem(
        resources.partition,
        {
          TableName: resources.jobsTable,
          Key: { [JOBS_TABLE.partitionKey]: str('$.pull.jobId') },
          // The job's own events set its expiry; a job not seen yet keeps the note as long as a waiting job.
          UpdateExpression: 'SET #pull = :note, #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
          ExpressionAttributeNames: { '#pull': JOB_EVIDENCE.pullAttribute, '#expiresAt': JOBS_TABLE.timeToLiveAttribute },
          ExpressionAttributeValues: { ':note': str('$.pull.note'), ':expiresAt': num('$.pull.n.expiresAt') },
        },
        { ResultPath: null, Retry: TRANSIENT_RETRY, Next: NOTED },
      ),
      [NOTED]: { Type: 'Succeed', Comment: 'Evidence, not a metric: the record of the job stuck in STARTING cites it.' },
      [SEND_STATE]: sendMetricMessage(resources.metricsQueueUrl, resources.partition),
    },
  };
}
