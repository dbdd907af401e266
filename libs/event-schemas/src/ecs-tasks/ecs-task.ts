import { z } from 'zod';
import { CLOUDTRAIL_REDACTED } from '../eventbridge/event-envelope';

/**
 * Environment variable names AWS Batch sets in every job container ("AWS Batch job environment
 * variables"); in ECS task events they appear in `overrides.containerOverrides[].environment`.
 */
export const BatchEnvironmentVariable = {
  JobId: 'AWS_BATCH_JOB_ID',
  JobQueueName: 'AWS_BATCH_JQ_NAME',
  ComputeEnvironmentName: 'AWS_BATCH_CE_NAME',
  JobAttempt: 'AWS_BATCH_JOB_ATTEMPT',
} as const;

const environmentEntrySchema = z.looseObject({ name: z.string().optional(), value: z.string().optional() });

/**
 * `overrides` of an ECS task. In task state change events `environment` is an array of name/value
 * pairs; CloudTrail records hide environment values (and possibly the whole list) for security, so a
 * plain string is accepted there too.
 */
export const taskOverridesSchema = z.looseObject({
  containerOverrides: z
    .array(
      z.looseObject({
        name: z.string().optional(),
        command: z.array(z.string()).optional(),
        environment: z.union([z.array(environmentEntrySchema), z.string()]).optional(),
        cpu: z.number().optional(),
        memory: z.number().optional(),
        resourceRequirements: z.array(z.looseObject({ type: z.string().optional(), value: z.string().optional() })).optional(),
      }),
    )
    .optional(),
  cpu: z.string().optional(),
  memory: z.string().optional(),
});

/** The `overrides` of an ECS task (see {@link taskOverridesSchema}). */
export type TaskOverrides = z.infer<typeof taskOverridesSchema>;

/**
 * The fields of an ECS Task object (ECS API reference, `Task`) that batchmon reads, given the schema
 * of its timestamps: ISO strings in task state change events, unspecified in CloudTrail responses.
 * Every field is optional; each family requires what it needs.
 */
export function ecsTaskShape<T extends z.ZodType>(timestamp: T) {
  return {
    taskArn: z.string().optional(),
    clusterArn: z.string().optional(),
    taskDefinitionArn: z.string().optional(),
    containerInstanceArn: z.string().optional(),
    availabilityZone: z.string().optional(),
    lastStatus: z.string().optional(),
    desiredStatus: z.string().optional(),
    launchType: z.string().optional(),
    capacityProviderName: z.string().optional(),
    platformVersion: z.string().optional(),
    group: z.string().optional(),
    startedBy: z.string().optional(),
    cpu: z.string().optional(),
    memory: z.string().optional(),
    version: z.number().optional(),
    overrides: taskOverridesSchema.optional(),
    containers: z
      .array(
        z.looseObject({
          containerArn: z.string().optional(),
          name: z.string().optional(),
          image: z.string().optional(),
          lastStatus: z.string().optional(),
          exitCode: z.number().int().optional(),
          reason: z.string().optional(),
          taskArn: z.string().optional(),
        }),
      )
      .optional(),
    attachments: z.array(z.looseObject({})).optional(),
    createdAt: timestamp.optional(),
    pullStartedAt: timestamp.optional(),
    pullStoppedAt: timestamp.optional(),
    startedAt: timestamp.optional(),
    stoppingAt: timestamp.optional(),
    stoppedAt: timestamp.optional(),
    updatedAt: timestamp.optional(),
    connectivity: z.string().optional(),
    connectivityAt: timestamp.optional(),
    stopCode: z.string().optional(),
    stoppedReason: z.string().optional(),
  };
}

/** What a Batch job's ECS task says about the job, read from its container overrides. */
export interface BatchJobEnvironment {
  /** `AWS_BATCH_JOB_ID`: the Batch job the task runs. */
  readonly jobId?: string;
  /** `AWS_BATCH_JQ_NAME`: the job queue's name. */
  readonly jobQueueName?: string;
  /** `AWS_BATCH_CE_NAME`: the compute environment's name. */
  readonly computeEnvironmentName?: string;
  /** `AWS_BATCH_JOB_ATTEMPT`: attempt number, from 1. */
  readonly jobAttempt?: number;
}

/**
 * Reads the Batch variables from a task's container overrides (the first container that sets each
 * wins; multi-container jobs set them in every container). Missing values, and values CloudTrail
 * redacted, stay undefined.
 *
 * @example
 * ```ts
 * batchJobEnvironment(taskEvent.detail.overrides).jobId; // '4c7599ae-…' or undefined
 * ```
 */
export function batchJobEnvironment(overrides: TaskOverrides | undefined): BatchJobEnvironment {
  const values = new Map<string, string>();
  for (const override of overrides?.containerOverrides ?? []) {
    if (!Array.isArray(override.environment)) continue;
    for (const entry of override.environment) {
      // A redacted value says nothing about the job; a later container may still carry it.
      if (entry.name === undefined || entry.value === undefined || entry.value === CLOUDTRAIL_REDACTED) continue;
      if (!values.has(entry.name)) {
        values.set(entry.name, entry.value);
      }
    }
  }
  const attempt = Number(values.get(BatchEnvironmentVariable.JobAttempt));
  return {
    jobId: values.get(BatchEnvironmentVariable.JobId),
    jobQueueName: values.get(BatchEnvironmentVariable.JobQueueName),
    computeEnvironmentName: values.get(BatchEnvironmentVariable.ComputeEnvironmentName),
    jobAttempt: Number.isInteger(attempt) && attempt > 0 ? attempt : undefined,
  };
}
