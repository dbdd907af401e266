import type { StateMachineDefinition } from '../asl/asl';
import { TRANSIENT_RETRY, num, sendMetricMessage, type PartitionResources, str, updateItem } from '../asl/integrations';
import { jsonataPass } from '../asl/jsonata';
import { OWN_MARKS_JSONATA, WRITER_EXECUTION } from '../failures/writer-mark';
import { lookUpInstance, LOOK_UP_INSTANCE, type InstanceWait } from '../instances/instance-lookup';
import { JOBS_TABLE, UNKNOWN } from '../instances/instance-item';
import { INSTANCE_NOT_REGISTERED } from '../job-states/job-states.workflow';
import { buildMessage } from '../records/metric-records';
import { SEND_STATE, requireFields, skip } from '../records/skips';
import { DEFAULT_PLACEMENT_RETENTION, describeTask, type PlacementRetention } from './describe-task';
import { WORKFLOW_NAMES } from '../workflow-names';

/** What the JobsPlaced workflow reads and writes. */
export interface JobsPlacedResources extends PartitionResources {
  readonly instancesTable: string;
  readonly jobsTable: string;
  readonly metricsQueueUrl: string;
}

/** How long JobsPlaced waits for a container instance it does not know yet. */
export type PlacementInstanceWait = InstanceWait;

/**
 * Short: the event already says the AZ, so an unknown instance only costs the instance type. An
 * instance's ECS Container Instance State Change usually precedes its first task by seconds.
 */
export const DEFAULT_PLACEMENT_INSTANCE_WAIT: PlacementInstanceWait = { retries: 2, intervalSeconds: 1 };

/** Skip reasons of JobsPlaced. */
export const JobsPlacedSkip = {
  /** The task's overrides carry no `AWS_BATCH_JOB_ID`: it cannot be tied to a job. */
  NoBatchJobId: 'no-batch-job-id',
  /** Neither a container instance nor (Fargate) an Availability Zone yet: nothing is placed. */
  NotPlaced: 'task-not-placed',
  /** The task was counted already (a later state of it, or a repeated delivery). */
  DuplicateTask: 'duplicate-task',
} as const;

const W = WORKFLOW_NAMES.jobsPlaced;
const dimensions = {
  ComputeEnvironment: '$.task.computeEnvironment',
  JobQueue: '$.task.jobQueue',
  LaunchType: '$.task.launchType',
} as const;
const properties = {
  jobId: '$.task.jobId',
  taskArn: '$.task.taskArn',
  lastStatus: '$.task.lastStatus',
} as const;

/**
 * JobsPlaced: ECS Task State Change events of Batch jobs → `JobsPlaced`, one per ECS task of a
 * Batch job, by Availability Zone, instance type (from the instances table), compute environment,
 * job queue and launch type (Fargate tasks by AZ and `LaunchType` FARGATE).
 *
 * Its rule takes only the tasks on no container instance (Fargate): a task on an instance is
 * counted by JobStates from the job's own events, which name it (`taskStateChangePattern` of `@batchmon/event-schemas`).
 * The workflow still places any task event it is given (a redriven event, an event delivered by
 * an older rule) and marks the same job item attribute as JobStates, so a task is counted once
 * whichever workflow sees it first.
 *
 * When is a task placed? ECS chooses the container instance of an EC2 task when it accepts the
 * RunTask call, before the task's first state (PROVISIONING, when an awsvpc interface is still to be
 * attached, or PENDING, waiting for the agent — "Amazon ECS task lifecycle"): every event of an EC2
 * task that names its `containerInstanceArn` says where it is placed. A Fargate task has no
 * container instance; it is placed once it has an Availability Zone (its network interface's
 * subnet). An event with neither (e.g. a Fargate task still PROVISIONING without AZ) is skipped
 * as not placed yet; a later event of the same task counts it.
 *
 * Counted once per task although ECS sends several events per task (PROVISIONING, PENDING,
 * RUNNING, STOPPED…) and EventBridge may deliver one twice: the job's item in the jobs table has an
 * attribute per task counted (`task#<task id>`), holding the mark of the execution that counted it,
 * written only if absent. An attribute per task rather than the last task alone, so that a late or
 * repeated event of an earlier attempt (events are not ordered) is still recognised; a retry
 * attempt is a new task, counted again. The attributes are bounded by the job's attempts (at most
 * 10). No write fails on a routine duplicate, so none logs an ERROR-level TaskFailed record.
 *
 * @example
 * const definition = jobsPlacedWorkflow({ instancesTable: 'Instances', jobsTable: 'Jobs', metricsQueueUrl: url });
 */
export function jobsPlacedWorkflow(
  resources: JobsPlacedResources,
  wait: PlacementInstanceWait = DEFAULT_PLACEMENT_INSTANCE_WAIT,
  retention: PlacementRetention = DEFAULT_PLACEMENT_RETENTION,
): StateMachineDefinition {
  return {
    Comment: 'Counts the ECS tasks of Batch jobs once each, by AZ, instance type, compute environment, queue and launch type.',
    StartAt: 'Is the task state change complete?',
    TimeoutSeconds: 60,
    States: {
      ...requireFields(
        W,
        'Is the task state change complete?',
        [
          { path: '$.time', label: 'time' },
          { path: '$.detail.taskArn', label: 'task ARN' },
        ],
        'Read the Batch job from the task',
      ),
      'Read the Batch job from the task': describeTask(retention, 'Does the task run a Batch job?'),
      'Does the task run a Batch job?': {
        Type: 'Choice',
        Choices: [
          { Not: { Variable: '$.task.taskArn', IsPresent: true }, Next: 'Skip: the event has no task ARN' },
          { Not: { Variable: '$.task.jobId', IsPresent: true }, Next: 'Skip: the task carries no Batch job id' },
        ],
        Default: 'Is the task placed?',
      },
      'Skip: the task carries no Batch job id': skip(W, JobsPlacedSkip.NoBatchJobId),
      'Is the task placed?': {
        Type: 'Choice',
        Comment: 'EC2: a container instance. Fargate: an Availability Zone.',
        Choices: [
          { Variable: '$.task.containerInstanceArn', IsPresent: true, Next: 'Remember the task placed for the job' },
          {
            And: [
              { Variable: '$.task.launchType', StringEquals: 'FARGATE' },
              { Variable: '$.detail.availabilityZone', IsPresent: true },
            ],
            Next: 'Remember the task placed for the job',
          },
        ],
        Default: 'Skip: the task is not placed yet',
      },
      'Skip: the task is not placed yet': skip(W, JobsPlacedSkip.NotPlaced),
      'Remember the task placed for the job': updateItem(
        resources.partition,
        {
          TableName: resources.jobsTable,
          Key: { [JOBS_TABLE.partitionKey]: str('$.task.jobId') },
          UpdateExpression: 'SET #task = if_not_exists(#task, :mark), #expiresAt = if_not_exists(#expiresAt, :expiresAt)',
          ExpressionAttributeNames: { '#task.$': '$.task.key', '#expiresAt': JOBS_TABLE.timeToLiveAttribute },
          ExpressionAttributeValues: { ':mark': { 'S.$': WRITER_EXECUTION }, ':expiresAt': num('$.task.n.expiresAt') },
          ReturnValues: 'UPDATED_NEW',
        },
        {
          Comment: 'Writes this execution’s mark on the task’s attribute unless it has one; the mark it holds afterwards tells who counted the task.',
          ResultSelector: { 'attributes.$': '$.Attributes' },
          ResultPath: '$.saved',
          Retry: TRANSIENT_RETRY,
          Next: 'Read who counted the task',
        },
      ),
      // JSONata: the attribute is named after the task, and a JSONPath Choice cannot name it.
      'Read who counted the task': jsonataPass(
        `$merge([$states.input, { 'countedHere': $lookup($states.input.saved.attributes, $states.input.task.key).S in ${OWN_MARKS_JSONATA} }])`,
        'Was the task counted by this execution?',
      ),
      'Was the task counted by this execution?': {
        Type: 'Choice',
        Comment: 'Its own mark: the first event of the task, or a retry after this execution’s write had committed. Another: a later event of the task, or a repeated delivery.',
        Choices: [{ Variable: '$.countedHere', BooleanEquals: true, Next: 'Does the task run on a container instance?' }],
        Default: 'Skip: the task was already counted',
      },
      'Skip: the task was already counted': skip(W, JobsPlacedSkip.DuplicateTask),
      'Does the task run on a container instance?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.task.containerInstanceArn', IsPresent: true, Next: LOOK_UP_INSTANCE }],
        Default: 'Record the Fargate task placed',
      },
      ...lookUpInstance({
        table: resources.instancesTable,
        partition: resources.partition,
        containerInstanceArn: '$.task.containerInstanceArn',
        attributes: ['availabilityZone', 'instanceType'],
        wait,
        whenKnown: 'Record the task placed on its instance',
        whenUnknown: 'Record the task placed on an unknown instance',
      }),
      'Record the task placed on its instance': buildMessage(
        W,
        [
          {
            metric: 'JobsPlaced',
            dimensions: {
              ...dimensions,
              AvailabilityZone: '$.lookup.Item.availabilityZone.S',
              InstanceType: '$.lookup.Item.instanceType.S',
            },
            properties: { ...properties, containerInstanceArn: '$.task.containerInstanceArn' },
          },
        ],
        SEND_STATE,
      ),
      'Record the task placed on an unknown instance': buildMessage(
        W,
        [
          {
            metric: 'JobsPlaced',
            dimensions: { ...dimensions, AvailabilityZone: '$.task.availabilityZone', InstanceType: UNKNOWN },
            properties: { ...properties, containerInstanceArn: '$.task.containerInstanceArn' },
          },
          {
            metric: 'UncorrelatedEvents',
            dimensions: { Workflow: W, Reason: INSTANCE_NOT_REGISTERED },
            properties: { ...properties, containerInstanceArn: '$.task.containerInstanceArn' },
          },
        ],
        SEND_STATE,
      ),
      'Record the Fargate task placed': buildMessage(
        W,
        [{ metric: 'JobsPlaced', dimensions: { ...dimensions, AvailabilityZone: '$.task.availabilityZone' }, properties }],
        SEND_STATE,
      ),
      [SEND_STATE]: sendMetricMessage(resources.metricsQueueUrl, resources.partition),
    },
  };
}
