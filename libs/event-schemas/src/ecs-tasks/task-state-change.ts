import { z } from 'zod';
import { eventBridgeEventSchema } from '../eventbridge/event-envelope';
import { DetailType, EventSource } from '../eventbridge/event-families';
import { batchClusterArnFilters, type EventPattern } from '../eventbridge/event-pattern';
import { ecsTaskShape } from './ecs-task';

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

/** EventBridge rule pattern for task state changes in Batch-managed clusters only. */
export const taskStateChangePattern = {
  source: [EventSource.Ecs],
  'detail-type': [DetailType.EcsTaskStateChange],
  detail: { clusterArn: batchClusterArnFilters },
} as const satisfies EventPattern;
