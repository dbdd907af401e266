import { z } from 'zod';
import { cloudTrailCallSchema, cloudTrailDetailSchema } from '../eventbridge/event-envelope';
import { CloudTrailEventName, CloudTrailEventSource, DetailType, EventSource } from '../eventbridge/event-families';
import type { EventPattern } from '../eventbridge/event-pattern';
import { SAMPLE, sampleArn } from '../sample-resources/sample-resources';
import { sampleBatchCallEvent } from './batch-call-record';

/**
 * `requestParameters` of SubmitJob (AWS Batch API reference, "SubmitJob": `jobName`, `jobQueue` and
 * `jobDefinition` are required; the queue and definition may each be a name or an ARN). Nothing is
 * required here: a record without the queue is a counted skip in the workflow, not a rejected event.
 */
export const submitJobRequestSchema = z.looseObject({
  jobName: z.string().optional(),
  jobQueue: z.string().optional(),
  jobDefinition: z.string().optional(),
  arrayProperties: z.looseObject({ size: z.number().int().optional() }).optional(),
  shareIdentifier: z.string().optional(),
  schedulingPriorityOverride: z.number().int().optional(),
});

/** `responseElements` of SubmitJob: the job's ARN, name and id. */
export const submitJobResponseSchema = z.looseObject({
  jobArn: z.string().optional(),
  jobName: z.string().optional(),
  jobId: z.string().optional(),
});

/** `detail` of a SubmitJob record. */
export const submitJobCallDetailSchema = cloudTrailDetailSchema(
  CloudTrailEventSource.Batch,
  CloudTrailEventName.SubmitJob,
  submitJobRequestSchema,
  submitJobResponseSchema,
);

/**
 * Runtime validator of an `aws.batch` CloudTrail SubmitJob event.
 *
 * @example
 * ```ts
 * const parsed = submitJobCallSchema.safeParse(event);
 * if (parsed.success) parsed.data.detail.requestParameters.jobQueue;
 * ```
 */
export const submitJobCallSchema = cloudTrailCallSchema(EventSource.Batch, submitJobCallDetailSchema);

/** An `aws.batch` CloudTrail SubmitJob event. */
export type SubmitJobCall = z.infer<typeof submitJobCallSchema>;

/**
 * EventBridge rule pattern for SubmitJob calls. Failed calls (`errorCode`) are let through: the
 * workflow counts them as skipped, so a burst of refused submissions shows in the pipeline health.
 */
export const submitJobCallPattern = {
  source: [EventSource.Batch],
  'detail-type': [DetailType.AwsApiCallViaCloudTrail],
  detail: {
    eventSource: [CloudTrailEventSource.Batch],
    eventName: [CloudTrailEventName.SubmitJob],
  },
} as const satisfies EventPattern;

/** Options of {@link buildSubmitJobCall}. */
export interface SubmitJobCallBuildOptions {
  /** Name or ARN, as the caller gave it. @default the sample queue's name */
  readonly jobQueue?: string;
  /** @default the sample job id */
  readonly jobId?: string;
  /** @default the sample job name */
  readonly jobName?: string;
  /** @default the sample job definition, `name:revision` */
  readonly jobDefinition?: string;
  /** Size of an array job. @default - not an array job */
  readonly arraySize?: number;
  /** CloudTrail's id of the record. @default derived from the job id */
  readonly eventId?: string;
  /** CloudTrail `errorCode` of a refused call (no response then). */
  readonly errorCode?: string;
  /** Event time (ISO, whole seconds as CloudTrail writes it). @default the sample time */
  readonly time?: string;
}

/**
 * A realistic CloudTrail SubmitJob event of a user submitting a job.
 *
 * @example
 * ```ts
 * buildSubmitJobCall({ jobQueue: 'arn:aws:batch:us-east-1:123456789012:job-queue/high' });
 * ```
 */
export function buildSubmitJobCall(options: SubmitJobCallBuildOptions = {}): SubmitJobCall {
  const time = options.time ?? SAMPLE.time;
  const jobId = options.jobId ?? SAMPLE.jobId;
  const jobName = options.jobName ?? SAMPLE.jobName;
  const eventId = options.eventId ?? `5d1f0c2a-${jobId.slice(0, 4)}-4e6b-9c3d-${jobId.slice(-12)}`;
  const call = sampleBatchCallEvent({
    eventName: CloudTrailEventName.SubmitJob,
    time,
    eventId,
    idPrefix: 'e',
    errorCode: options.errorCode,
    requestParameters: {
      jobName,
      jobQueue: options.jobQueue ?? SAMPLE.jobQueue,
      jobDefinition: options.jobDefinition ?? `${SAMPLE.jobDefinition}:${SAMPLE.jobDefinitionRevision}`,
      ...(options.arraySize === undefined ? {} : { arrayProperties: { size: options.arraySize } }),
    },
    responseElements: { jobArn: sampleArn('batch', `job/${jobId}`), jobName, jobId },
  });
  return submitJobCallSchema.parse(call);
}
