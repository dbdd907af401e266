import type { z } from 'zod';
import { EventFamily } from '../eventbridge/event-families';
import type { EventPattern } from '../eventbridge/event-pattern';
import { jobQueueBlockedPattern, jobQueueBlockedSchema } from '../batch-jobs/job-queue-blocked';
import { jobStateChangePattern, jobStateChangeSchema } from '../batch-jobs/job-state-change';
import { taskStateChangePattern, taskStateChangeSchema } from '../ecs-tasks/task-state-change';
import { runTaskCallPattern, runTaskCallSchema } from '../ecs-tasks/run-task-calls';
import {
  containerInstanceStateChangePattern,
  containerInstanceStateChangeSchema,
} from '../container-instances/container-instance-state-change';
import {
  containerInstanceRegistrationCallPattern,
  containerInstanceRegistrationCallSchema,
} from '../container-instances/registration-calls';
import {
  createAutoScalingGroupCallPattern,
  createAutoScalingGroupCallSchema,
} from '../auto-scaling-groups/create-group-calls';
import { submitJobCallPattern, submitJobCallSchema } from '../batch-calls/submit-job-calls';
import { configurationCallPattern, configurationCallSchema } from '../batch-calls/configuration-calls';
import { instanceActivityPattern, instanceActivitySchema } from '../auto-scaling-groups/instance-activity';

/** The runtime validator of each family. */
export const eventSchemas = {
  [EventFamily.BatchJobStateChange]: jobStateChangeSchema,
  [EventFamily.BatchJobQueueBlocked]: jobQueueBlockedSchema,
  [EventFamily.EcsTaskStateChange]: taskStateChangeSchema,
  [EventFamily.EcsContainerInstanceStateChange]: containerInstanceStateChangeSchema,
  [EventFamily.EcsContainerInstanceRegistrationCall]: containerInstanceRegistrationCallSchema,
  [EventFamily.EcsRunTaskCall]: runTaskCallSchema,
  [EventFamily.AutoScalingGroupCreationCall]: createAutoScalingGroupCallSchema,
  [EventFamily.BatchJobSubmissionCall]: submitJobCallSchema,
  [EventFamily.BatchConfigurationCall]: configurationCallSchema,
  [EventFamily.AutoScalingInstanceActivity]: instanceActivitySchema,
} as const satisfies Record<EventFamily, z.ZodType>;

/** The typed event of each family. */
export type EventOfFamily = { [F in EventFamily]: z.infer<(typeof eventSchemas)[F]> };

/** Any event batchmon consumes. */
export type BatchmonEvent = EventOfFamily[EventFamily];

/**
 * The EventBridge rule pattern of each family: one rule per family, generated from here.
 *
 * @example
 * ```ts
 * for (const [family, pattern] of Object.entries(eventPatterns)) {
 *   new events.CfnRule(stack, `${family}Rule`, { eventPattern: pattern, targets: [...] });
 * }
 * ```
 */
export const eventPatterns: Readonly<Record<EventFamily, EventPattern>> = {
  [EventFamily.BatchJobStateChange]: jobStateChangePattern,
  [EventFamily.BatchJobQueueBlocked]: jobQueueBlockedPattern,
  [EventFamily.EcsTaskStateChange]: taskStateChangePattern,
  [EventFamily.EcsContainerInstanceStateChange]: containerInstanceStateChangePattern,
  [EventFamily.EcsContainerInstanceRegistrationCall]: containerInstanceRegistrationCallPattern,
  [EventFamily.EcsRunTaskCall]: runTaskCallPattern,
  [EventFamily.AutoScalingGroupCreationCall]: createAutoScalingGroupCallPattern,
  [EventFamily.BatchJobSubmissionCall]: submitJobCallPattern,
  [EventFamily.BatchConfigurationCall]: configurationCallPattern,
  [EventFamily.AutoScalingInstanceActivity]: instanceActivityPattern,
};
