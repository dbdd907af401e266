import { z } from 'zod';
import { eventBridgeEventSchema } from '../eventbridge/event-envelope';
import { DetailType, EventSource } from '../eventbridge/event-families';
import { batchClusterArnFilters, type EventPattern } from '../eventbridge/event-pattern';
import { containerInstanceShape } from './container-instance';

/**
 * `detail` of an `ECS Container Instance State Change` event (an ECS ContainerInstance plus its
 * `clusterArn`). These events are also what reveals instances that registered before batchmon was
 * deployed: they fire on every task placement and agent reconnect.
 *
 * Required: `clusterArn` (which compute environment), `containerInstanceArn` (the instance's key) and
 * `status`. `ec2InstanceId`, attributes and resources are optional: external instances have no EC2
 * id, and AWS does not promise every attribute.
 */
export const containerInstanceStateChangeDetailSchema = z.looseObject({
  ...containerInstanceShape,
  clusterArn: z.string().min(1),
  containerInstanceArn: z.string().min(1),
  status: z.string().min(1),
});

/**
 * Runtime validator of an `aws.ecs` / `ECS Container Instance State Change` event.
 *
 * @example
 * ```ts
 * const parsed = containerInstanceStateChangeSchema.safeParse(event);
 * if (parsed.success) containerInstanceFacts(parsed.data.detail).remainingMemory;
 * ```
 */
export const containerInstanceStateChangeSchema = eventBridgeEventSchema(
  EventSource.Ecs,
  DetailType.EcsContainerInstanceStateChange,
  containerInstanceStateChangeDetailSchema,
);

/** An `aws.ecs` / `ECS Container Instance State Change` event. */
export type ContainerInstanceStateChange = z.infer<typeof containerInstanceStateChangeSchema>;

/** EventBridge rule pattern for container instance state changes in Batch-managed clusters only. */
export const containerInstanceStateChangePattern = {
  source: [EventSource.Ecs],
  'detail-type': [DetailType.EcsContainerInstanceStateChange],
  detail: { clusterArn: batchClusterArnFilters },
} as const satisfies EventPattern;
