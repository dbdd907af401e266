import { z } from 'zod';
import { eventBridgeEventSchema } from '../eventbridge/event-envelope';
import { DetailType, EventSource } from '../eventbridge/event-families';
import type { EventPattern } from '../eventbridge/event-pattern';
import { BatchEnvironmentVariable, ecsTaskShape } from './ecs-task';

/**
 * `detail` of an `ECS Task State Change` event (an ECS Task; timestamps are ISO strings here, unlike
 * DescribeTasks which returns epoch seconds).
 *
 * Required: `clusterArn` (which compute environment; the rule matches on it) and `taskArn` (the
 * task's key, counted once). `lastStatus` is only a record property; `containerInstanceArn` is absent
 * on Fargate; `availabilityZone` may be absent before placement and is absent from events before
 * ECS reported it (the ECS Developer Guide's sample of 2016 has neither it nor `launchType`); the
 * Batch job id is in `overrides` (see `batchJobEnvironment`).
 */
export const taskStateChangeDetailSchema = z.looseObject({
  ...ecsTaskShape(z.string()),
  clusterArn: z.string().min(1),
  taskArn: z.string().min(1),
});

/**
 * Runtime validator of an `aws.ecs` / `ECS Task State Change` event.
 *
 * @example
 * ```ts
 * const parsed = taskStateChangeSchema.safeParse(event);
 * if (parsed.success) batchJobEnvironment(parsed.data.detail.overrides).jobId;
 * ```
 */
export const taskStateChangeSchema = eventBridgeEventSchema(
  EventSource.Ecs,
  DetailType.EcsTaskStateChange,
  taskStateChangeDetailSchema,
);

/** An `aws.ecs` / `ECS Task State Change` event. */
export type TaskStateChange = z.infer<typeof taskStateChangeSchema>;

/**
 * The task statuses (`lastStatus`) of a task that is starting or running, in lifecycle order
 * ("Amazon ECS task lifecycle"). ECS places an EC2 task on its container instance before its first
 * status, and a Fargate task has its Availability Zone by the time it is PENDING, so every task is
 * seen placed in one of these: the later statuses (DEACTIVATING, STOPPING, DEPROVISIONING,
 * STOPPED) only repeat a placement already shown, and never add a `JobsPlaced` count.
 */
export const TASK_STARTING_STATUSES = ['PROVISIONING', 'PENDING', 'ACTIVATING', 'RUNNING'] as const;

/**
 * EventBridge rule pattern for the task state changes that only an ECS task event can place: tasks
 * of Batch jobs that name no container instance (Fargate), starting or running
 * ({@link TASK_STARTING_STATUSES}) and meant to run (`desiredStatus` RUNNING: a task being stopped
 * sent its placement before). The others never start an execution (each costs an Express request).
 *
 * A task on a container instance is left to the job's own events: AWS Batch gives each attempt its
 * task ARN when it reaches STARTING ("AttemptContainerDetail", AWS Batch API Reference:
 * https://docs.aws.amazon.com/batch/latest/APIReference/API_AttemptContainerDetail.html), and its
 * STARTING, RUNNING, SUCCEEDED and FAILED events name the task and its container instance, which
 * JobStates already looks up: it counts the task placed there, on the same job item attribute, so
 * the three or so ECS events of every EC2 task start no execution at all. A Fargate job's events
 * carry no Availability Zone, so its task is still placed from its ECS events. `exists: false`
 * matches a field that is absent ("Content filtering in Amazon EventBridge event patterns",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html): every
 * EC2 task event names its instance, which ECS chooses before the task's first status.
 *
 * Batch jobs are the tasks whose container overrides set `AWS_BATCH_JOB_ID`, which Batch sets in
 * every job container ("AWS Batch job environment variables") and which JobsPlaced needs anyway.
 * An exact match on a field inside arrays of objects ("Arrays in Amazon EventBridge event patterns":
 * a pattern matches when any element matches), not a wildcard on the cluster ARN: EventBridge allows
 * only 30 rules with wildcard filters per event bus, not adjustable ("Amazon EventBridge quotas",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html), and a Batch cluster's
 * ARN can only be matched with one (`*:cluster/AWSBatch-*`, `*:cluster/*_Batch_*`).
 */
export const taskStateChangePattern = {
  source: [EventSource.Ecs],
  'detail-type': [DetailType.EcsTaskStateChange],
  detail: {
    overrides: { containerOverrides: { environment: { name: [BatchEnvironmentVariable.JobId] } } },
    containerInstanceArn: [{ exists: false }],
    lastStatus: TASK_STARTING_STATUSES,
    desiredStatus: ['RUNNING'],
  },
} as const satisfies EventPattern;
