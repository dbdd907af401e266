import { z } from 'zod';
import { eventBridgeEventSchema } from '../eventbridge/event-envelope';
import { DetailType, EventSource } from '../eventbridge/event-families';
import type { EventPattern } from '../eventbridge/event-pattern';
import { jobDetailShape, jobStatusSchema } from './job-detail';

/**
 * `detail` of a `Batch Job State Change` event (a Batch JobDetail).
 *
 * Required: `jobId` (the job's key and idempotency), `status` (the transition), `jobQueue` and
 * `jobDefinition` (metric dimensions). Everything else is optional because it depends on the job's
 * shape and state: no `container` for multi-container or EKS jobs, no `container.containerInstanceArn`
 * on Fargate or before STARTING, no `startedAt`/`stoppedAt` before RUNNING/terminal states, and
 * `attempts` may be empty.
 */
export const jobStateChangeDetailSchema = z.looseObject({
  ...jobDetailShape,
  jobId: z.string().min(1),
  jobQueue: z.string().min(1),
  jobDefinition: z.string().min(1),
  status: jobStatusSchema,
});

/**
 * Runtime validator of an `aws.batch` / `Batch Job State Change` event.
 *
 * @example
 * ```ts
 * const parsed = jobStateChangeSchema.safeParse(event);
 * if (parsed.success) console.log(parsed.data.detail.status);
 * ```
 */
export const jobStateChangeSchema = eventBridgeEventSchema(
  EventSource.Batch,
  DetailType.BatchJobStateChange,
  jobStateChangeDetailSchema,
);

/** An `aws.batch` / `Batch Job State Change` event. */
export type JobStateChange = z.infer<typeof jobStateChangeSchema>;

/** EventBridge rule pattern for every Batch job state change (all shapes, all states). */
export const jobStateChangePattern = {
  source: [EventSource.Batch],
  'detail-type': [DetailType.BatchJobStateChange],
} as const satisfies EventPattern;
