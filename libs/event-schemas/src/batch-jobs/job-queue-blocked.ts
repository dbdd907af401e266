import { z } from 'zod';
import { eventBridgeEventSchema } from '../eventbridge/event-envelope';
import { DetailType, EventSource } from '../eventbridge/event-families';
import type { EventPattern } from '../eventbridge/event-pattern';
import {
  SAMPLE,
  sampleArn,
  sampleEpochMillisBefore,
} from '../sample-resources/sample-resources';
import { jobDetailShape } from './job-detail';

/**
 * `detail` of a `Batch Job Queue Blocked` event. Surprisingly it is not a queue: it is the JobDetail
 * of the RUNNABLE job that blocks the queue (AWS Batch User Guide, "Job queue blocked events"); the
 * queue ARN is also listed in the envelope's `resources`.
 *
 * Required: only what the `BlockedJobQueues` metric needs — `jobQueue` (which queue is blocked) and
 * `statusReason` (why: the same reason DescribeJobs shows). The blocking job's `jobId` is a record
 * property when present, and its `status` is always RUNNABLE, so neither may make the event count as
 * invalid.
 */
export const jobQueueBlockedDetailSchema = z.looseObject({
  ...jobDetailShape,
  jobQueue: z.string().min(1),
  statusReason: z.string().min(1),
});

/**
 * Runtime validator of an `aws.batch` / `Batch Job Queue Blocked` event.
 *
 * @example
 * ```ts
 * const parsed = jobQueueBlockedSchema.safeParse(event);
 * if (parsed.success) console.log(parsed.data.detail.jobQueue, parsed.data.detail.statusReason);
 * ```
 */
export const jobQueueBlockedSchema = eventBridgeEventSchema(
  EventSource.Batch,
  DetailType.BatchJobQueueBlocked,
  jobQueueBlockedDetailSchema,
);

/** An `aws.batch` / `Batch Job Queue Blocked` event. */
export type JobQueueBlocked = z.infer<typeof jobQueueBlockedSchema>;

/** EventBridge rule pattern for every blocked-queue event. */
export const jobQueueBlockedPattern = {
  source: [EventSource.Batch],
  'detail-type': [DetailType.BatchJobQueueBlocked],
} as const satisfies EventPattern;

/** Options of {@link buildJobQueueBlocked}. */
export interface JobQueueBlockedBuildOptions {
  /** Job queue name or ARN. @default the sample queue */
  readonly jobQueue?: string;
  /** Why the queue is blocked. @default a documented reason for jobs stuck in RUNNABLE */
  readonly statusReason?: string;
  /** Id of the blocking job. @default the sample job id */
  readonly jobId?: string;
  /** Event time (ISO). @default the sample time */
  readonly time?: string;
  /**
   * The event's `id`. Distinct events need distinct ids: batchmon takes two events with one id for
   * one event delivered twice. @default a fixed sample id
   */
  readonly id?: string;
  /** Fields merged last into `detail`, to shape edge cases. */
  readonly detail?: Partial<JobQueueBlocked['detail']>;
}

/**
 * A realistic `Batch Job Queue Blocked` event (for tests and local emulation).
 *
 * @example
 * ```ts
 * const event = buildJobQueueBlocked({ jobQueue: 'gpu-queue', statusReason: 'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - ...' });
 * ```
 */
export function buildJobQueueBlocked(options: JobQueueBlockedBuildOptions = {}): JobQueueBlocked {
  const jobId = options.jobId ?? SAMPLE.jobId;
  const jobQueue = options.jobQueue ?? sampleArn('batch', `job-queue/${SAMPLE.jobQueue}`);
  const jobQueueArn = jobQueue.startsWith('arn:') ? jobQueue : sampleArn('batch', `job-queue/${jobQueue}`);
  const jobArn = sampleArn('batch', `job/${jobId}`);
  return {
    version: '0',
    id: options.id ?? '5b1e7c3a-9d2f-4e8b-a6c1-0f9e8d7c6b5a',
    'detail-type': DetailType.BatchJobQueueBlocked,
    source: EventSource.Batch,
    account: SAMPLE.account,
    time: options.time ?? SAMPLE.time,
    region: SAMPLE.region,
    resources: [jobArn, jobQueueArn],
    detail: {
      jobArn,
      jobName: SAMPLE.jobName,
      jobId,
      jobQueue: jobQueueArn,
      status: 'RUNNABLE',
      statusReason:
        options.statusReason ??
        'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT - The job resource requirement (vCPU/memory/GPU) is higher than that can be met by the CE(s) attached to the job queue.',
      attempts: [],
      createdAt: sampleEpochMillisBefore(900),
      retryStrategy: { attempts: 1 },
      dependsOn: [],
      jobDefinition: sampleArn('batch', `job-definition/${SAMPLE.jobDefinition}:${SAMPLE.jobDefinitionRevision}`),
      parameters: {},
      container: {
        image: 'public.ecr.aws/amazonlinux/amazonlinux:latest',
        command: ['sleep', '600'],
        resourceRequirements: [
          { type: 'VCPU', value: '256' },
          { type: 'MEMORY', value: '2048' },
        ],
      },
      propagateTags: false,
      platformCapabilities: ['EC2'],
      ...options.detail,
    },
  };
}
