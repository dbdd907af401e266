import {
  BatchEnvironmentVariable,
  BatchTaskTag,
  buildRunTaskCall,
  buildTaskStateChange,
  CLOUDTRAIL_REDACTED,
  type RunTaskCall,
  type TaskStateChange,
} from '@batchmon/event-schemas';
import { arn } from './aws-arns';
import { envelopeTime, isoMillis } from './event-time';

/** The Batch job an ECS task runs, as Batch writes it into the task. */
export interface TaskBatchContext {
  readonly jobId: string;
  readonly jobQueue: string;
  readonly computeEnvironment: string;
  /** `name:revision`. */
  readonly jobDefinition: string;
  readonly attempt: number;
}

/** One container of a task. */
export interface TaskContainer {
  readonly name: string;
  readonly image: string;
}

/** An ECS task, Batch's or not, as its state change events and RunTask describe it. */
export interface SimulatedTask {
  readonly taskArn: string;
  readonly clusterArn: string;
  readonly taskDefinitionArn: string;
  readonly launchType: 'EC2' | 'FARGATE';
  /** EC2 only. */
  readonly containerInstanceArn?: string;
  readonly availabilityZone: string;
  /** `family:<name>` or `service:<name>`. */
  readonly group: string;
  readonly startedBy?: string;
  /** CPU units and MiB of the whole task, as strings (as ECS reports them). */
  readonly cpu: string;
  readonly memory: string;
  readonly containers: readonly TaskContainer[];
  /** Container ids (one per container, same order), stable across the task's events. */
  readonly containerIds: readonly string[];
  readonly createdAt: number;
  /** Present for the tasks of Batch jobs. */
  readonly batch?: TaskBatchContext;
  /** Fargate ENI attachment id and private address. */
  readonly eni?: { readonly attachmentId: string; readonly privateIp: string };
}

/** The moment-specific part of a task state change. */
export interface TaskStateChangeInput {
  readonly eventId: string;
  readonly at: number;
  readonly task: SimulatedTask;
  readonly lastStatus: 'PENDING' | 'RUNNING' | 'STOPPED';
  readonly version: number;
  readonly pullStartedAt?: number;
  readonly pullStoppedAt?: number;
  readonly startedAt?: number;
  readonly stoppingAt?: number;
  readonly stoppedAt?: number;
  readonly exitCode?: number;
  readonly stopCode?: string;
  readonly stoppedReason?: string;
}

function clusterOf(taskArn: string): string {
  // Long-format task ARNs name their cluster: …:task/<cluster>/<id>.
  return taskArn.split('/')[1] ?? '';
}

function containerOverrides(task: SimulatedTask, redact: boolean) {
  return task.containers.map((container) => ({
    name: container.name,
    ...(task.batch === undefined
      ? {}
      : {
          environment: [
            { name: BatchEnvironmentVariable.JobId, value: redact ? CLOUDTRAIL_REDACTED : task.batch.jobId },
            { name: BatchEnvironmentVariable.JobQueueName, value: redact ? CLOUDTRAIL_REDACTED : task.batch.jobQueue },
            { name: BatchEnvironmentVariable.ComputeEnvironmentName, value: redact ? CLOUDTRAIL_REDACTED : task.batch.computeEnvironment },
            { name: BatchEnvironmentVariable.JobAttempt, value: redact ? CLOUDTRAIL_REDACTED : String(task.batch.attempt) },
          ],
        }),
  }));
}

function eniAttachment(task: SimulatedTask) {
  if (task.eni === undefined) return [];
  return [
    {
      id: task.eni.attachmentId,
      type: 'eni',
      status: 'ATTACHED',
      details: [
        { name: 'subnetId', value: 'subnet-0a1b2c3d4e5f60718' },
        { name: 'privateIPv4Address', value: task.eni.privateIp },
      ],
    },
  ];
}

/**
 * An `ECS Task State Change` of a simulated task: the builder's event with the task's own ids,
 * cluster, placement, containers and timestamps; Batch tasks carry the job's variables in every
 * container's overrides, as Batch sets them.
 */
export function renderTaskStateChange(input: TaskStateChangeInput): TaskStateChange {
  const { task } = input;
  const cluster = clusterOf(task.taskArn);
  const stopped = input.lastStatus === 'STOPPED';
  const event = buildTaskStateChange({
    lastStatus: input.lastStatus,
    launchType: task.launchType,
    clusterArn: task.clusterArn,
    ...(task.batch === undefined
      ? {}
      : { computeEnvironment: task.batch.computeEnvironment, jobId: task.batch.jobId, jobQueueName: task.batch.jobQueue }),
    ...(task.containerInstanceArn === undefined ? {} : { containerInstanceArn: task.containerInstanceArn }),
    availabilityZone: task.availabilityZone,
    time: envelopeTime(input.at),
  });
  return {
    ...event,
    id: input.eventId,
    resources: [task.taskArn],
    detail: {
      ...event.detail,
      taskArn: task.taskArn,
      taskDefinitionArn: task.taskDefinitionArn,
      group: task.group,
      ...(task.startedBy === undefined ? {} : { startedBy: task.startedBy }),
      cpu: task.cpu,
      memory: task.memory,
      version: input.version,
      overrides: { containerOverrides: containerOverrides(task, false) },
      containers: task.containers.map((container, index) => ({
        containerArn: arn('ecs', `container/${cluster}/${task.taskArn.split('/')[2] ?? ''}/${task.containerIds[index] ?? ''}`),
        name: container.name,
        image: container.image,
        lastStatus: input.lastStatus,
        taskArn: task.taskArn,
        ...(stopped && input.exitCode !== undefined ? { exitCode: index === 0 ? input.exitCode : 0 } : {}),
      })),
      attachments: eniAttachment(task),
      createdAt: isoMillis(task.createdAt),
      connectivity: 'CONNECTED',
      connectivityAt: isoMillis(task.createdAt + 1200),
      pullStartedAt: input.pullStartedAt === undefined ? undefined : isoMillis(input.pullStartedAt),
      pullStoppedAt: input.pullStoppedAt === undefined ? undefined : isoMillis(input.pullStoppedAt),
      startedAt: input.startedAt === undefined ? undefined : isoMillis(input.startedAt),
      stoppingAt: input.stoppingAt === undefined ? undefined : isoMillis(input.stoppingAt),
      stoppedAt: input.stoppedAt === undefined ? undefined : isoMillis(input.stoppedAt),
      stopCode: input.stopCode,
      stoppedReason: input.stoppedReason,
      updatedAt: isoMillis(input.at),
    },
  };
}

/** A RunTask call: who asked, and what came back. */
export interface RunTaskCallInput {
  readonly eventId: string;
  readonly cloudTrailEventId: string;
  readonly requestId: string;
  readonly at: number;
  /** The task it started, or the one it tried to start when `failure` is set. */
  readonly task: SimulatedTask;
  /** Placement failure (then no task starts): reason and the container instance that could not take the task. */
  readonly failure?: { readonly reason: string; readonly arn: string };
  /** Non-Batch callers (e.g. EventBridge Scheduler): the assumed-role session ARN that signed the call. */
  readonly callerArn?: string;
}

/**
 * A CloudTrail `RunTask` event. For Batch, the request names the cluster by ARN, carries the
 * `aws:batch:*` tags and the job's overrides (values redacted by CloudTrail); the response holds
 * the task, or a `failures[]` entry when ECS could not place it.
 */
export function renderRunTaskCall(input: RunTaskCallInput): RunTaskCall {
  const { task } = input;
  const event = buildRunTaskCall({
    cluster: task.clusterArn,
    ...(input.failure === undefined ? {} : { failures: [input.failure] }),
    withBatchTags: task.batch !== undefined,
    launchType: task.launchType,
    time: envelopeTime(input.at),
  });
  const batch = task.batch;
  const tags =
    batch === undefined
      ? undefined
      : [
          { key: BatchTaskTag.ComputeEnvironment, value: arn('batch', `compute-environment/${batch.computeEnvironment}`) },
          { key: BatchTaskTag.JobQueue, value: arn('batch', `job-queue/${batch.jobQueue}`) },
          { key: BatchTaskTag.JobDefinition, value: arn('batch', `job-definition/${batch.jobDefinition}`) },
        ];
  const responseTask = {
    taskArn: task.taskArn,
    clusterArn: task.clusterArn,
    taskDefinitionArn: task.taskDefinitionArn,
    ...(task.containerInstanceArn === undefined ? {} : { containerInstanceArn: task.containerInstanceArn }),
    availabilityZone: task.availabilityZone,
    launchType: task.launchType,
    lastStatus: task.launchType === 'FARGATE' ? 'PROVISIONING' : 'PENDING',
    desiredStatus: 'RUNNING',
    group: task.group,
    ...(task.startedBy === undefined ? {} : { startedBy: task.startedBy }),
    cpu: task.cpu,
    memory: task.memory,
    version: 1,
    overrides: { containerOverrides: containerOverrides(task, true) },
    createdAt: isoMillis(task.createdAt),
  };
  return {
    ...event,
    id: input.eventId,
    detail: {
      ...event.detail,
      eventID: input.cloudTrailEventId,
      requestID: input.requestId,
      ...(input.callerArn === undefined
        ? {}
        : {
            userIdentity: { type: 'AssumedRole', arn: input.callerArn, accountId: event.account, invokedBy: 'scheduler.amazonaws.com' },
            sourceIPAddress: 'scheduler.amazonaws.com',
            userAgent: 'scheduler.amazonaws.com',
          }),
      requestParameters: {
        ...event.detail.requestParameters,
        taskDefinition: task.taskDefinitionArn,
        ...(task.startedBy === undefined ? {} : { startedBy: task.startedBy }),
        overrides: { containerOverrides: containerOverrides(task, true) },
        ...(tags === undefined ? {} : { tags, propagateTags: 'TASK_DEFINITION' }),
      },
      responseElements:
        input.failure === undefined ? { tasks: [responseTask], failures: [] } : { tasks: [], failures: [input.failure] },
    },
  };
}
