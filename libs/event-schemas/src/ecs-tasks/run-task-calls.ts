import { z } from 'zod';
import { CLOUDTRAIL_REDACTED, cloudTrailCallSchema, cloudTrailDetailSchema } from '../eventbridge/event-envelope';
import {
  CloudTrailEventName,
  CloudTrailEventSource,
  DetailType,
  EventSource,
} from '../eventbridge/event-families';
import { BATCH_CLUSTER_NAME_PREFIX, type EventPattern } from '../eventbridge/event-pattern';
import { computeEnvironmentName, jobDefinitionName, jobQueueName } from '../batch-names/batch-names';
import {
  SAMPLE,
  sampleArn,
  sampleBatchClusterArn,
  sampleCloudTrailRecord,
  sampleContainerInstanceArn,
  sampleTaskArn,
} from '../sample-resources/sample-resources';
import { BatchEnvironmentVariable, batchJobEnvironment, ecsTaskShape, taskOverridesSchema } from './ecs-task';

/** The service principal CloudTrail names in `userIdentity.invokedBy` for calls AWS Batch makes. */
export const BATCH_SERVICE_PRINCIPAL = 'batch.amazonaws.com';

/** Tag keys Batch may put on the tasks it runs (RunTask `tags`, as `{ key, value }` pairs). */
export const BatchTaskTag = {
  ComputeEnvironment: 'aws:batch:compute-environment',
  JobQueue: 'aws:batch:job-queue',
  JobDefinition: 'aws:batch:job-definition',
} as const;

/**
 * `requestParameters` of RunTask (ECS API reference). Required: `cluster`, since it tells which
 * compute environment asked for capacity; CloudTrail keeps it as the caller sent it, name or ARN.
 */
export const runTaskRequestSchema = z.looseObject({
  cluster: z.string().min(1),
  taskDefinition: z.string().optional(),
  count: z.number().int().optional(),
  launchType: z.string().optional(),
  startedBy: z.string().optional(),
  group: z.string().optional(),
  overrides: taskOverridesSchema.optional(),
  tags: z.array(z.looseObject({ key: z.string().optional(), value: z.string().optional() })).optional(),
  propagateTags: z.string().optional(),
  enableECSManagedTags: z.boolean().optional(),
  placementConstraints: z.array(z.looseObject({})).optional(),
  capacityProviderStrategy: z.array(z.looseObject({})).optional(),
});

/**
 * A RunTask placement failure (ECS `Failure`): `reason` such as `RESOURCE:MEMORY`, `RESOURCE:CPU`,
 * `AGENT`, `ATTRIBUTE`; `arn` names the container instance that could not take the task.
 */
export const runTaskFailureSchema = z.looseObject({
  arn: z.string().optional(),
  reason: z.string().optional(),
  detail: z.string().optional(),
});

/** `responseElements` of RunTask: the tasks started and the placements that failed. */
export const runTaskResponseSchema = z.looseObject({
  // CloudTrail's rendering of the response's timestamps is not documented: accept strings or numbers.
  tasks: z.array(z.looseObject(ecsTaskShape(z.union([z.string(), z.number()])))).optional(),
  failures: z.array(runTaskFailureSchema).optional(),
});

/** `detail` of a RunTask CloudTrail record. */
export const runTaskCallDetailSchema = cloudTrailDetailSchema(
  CloudTrailEventSource.Ecs,
  CloudTrailEventName.RunTask,
  runTaskRequestSchema,
  runTaskResponseSchema,
);

/**
 * Runtime validator of an `aws.ecs` `AWS API Call via CloudTrail` RunTask event.
 *
 * @example
 * ```ts
 * const parsed = runTaskCallSchema.safeParse(event);
 * if (parsed.success) parsed.data.detail.responseElements?.failures?.map((f) => f.reason);
 * ```
 */
export const runTaskCallSchema = cloudTrailCallSchema(EventSource.Ecs, runTaskCallDetailSchema);

/** An `aws.ecs` CloudTrail RunTask event. */
export type RunTaskCall = z.infer<typeof runTaskCallSchema>;

/**
 * EventBridge rule pattern for the RunTask calls on Batch-managed clusters (cluster given as name or
 * ARN) that returned placement failures. A call that placed its task is not matched: the job's own
 * STARTING event names the task, and batchmon counts the placement from it (`JobsPlaced`), so an
 * execution per successful call would only repeat it. Nor is a call that failed outright
 * (`errorCode`, no `responseElements`).
 */
export const runTaskCallPattern = {
  source: [EventSource.Ecs],
  'detail-type': [DetailType.AwsApiCallViaCloudTrail],
  detail: {
    eventSource: [CloudTrailEventSource.Ecs],
    eventName: [CloudTrailEventName.RunTask],
    // Any of three signs that Batch made the call, none a wildcard (30 rules with wildcard filters
    // per event bus, not adjustable: "Amazon EventBridge quotas",
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html):
    $or: [
      // Batch itself called: `invokedBy` names the AWS service that made a request on the user's
      // behalf ("CloudTrail userIdentity element",
      // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html).
      { userIdentity: { invokedBy: [BATCH_SERVICE_PRINCIPAL] } },
      // The tags Batch puts on its tasks; `aws:` tag keys are reserved to AWS.
      { requestParameters: { tags: { key: [BatchTaskTag.ComputeEnvironment] } } },
      // A current Batch cluster by its bare name.
      { requestParameters: { cluster: [{ prefix: BATCH_CLUSTER_NAME_PREFIX }] } },
    ],
    // At least one entry in `failures[]`: a field inside an array of objects matches when any
    // element's does, and `exists` tests leaf values, so an empty list matches nothing ("Content
    // filtering in Amazon EventBridge event patterns", exists matching,
    // https://docs.aws.amazon.com/eventbridge/latest/userguide/content-filtering-with-event-patterns.html).
    // ECS names a reason in every failure ("Amazon ECS API failure reasons").
    responseElements: { failures: { reason: [{ exists: true }] } },
  },
} as const satisfies EventPattern;

/** The Batch context of a RunTask call, as dimension-ready names. */
export interface RunTaskBatchContext {
  /** From the `aws:batch:compute-environment` tag, else from the cluster name. */
  readonly computeEnvironmentName?: string;
  /** From the `aws:batch:job-queue` tag, else from an unredacted `AWS_BATCH_JQ_NAME`. */
  readonly jobQueueName?: string;
  /** From the `aws:batch:job-definition` tag, without revision. */
  readonly jobDefinitionName?: string;
}

/**
 * Which compute environment, job queue and job definition a RunTask call served. Each source may be
 * missing (tags are not guaranteed, CloudTrail redacts environment values), so each field may be
 * undefined.
 *
 * @example
 * ```ts
 * runTaskBatchContext(buildRunTaskCall()); // { computeEnvironmentName: 'batchmon-ce', jobQueueName: 'batchmon-queue', ... }
 * ```
 */
export function runTaskBatchContext(call: RunTaskCall): RunTaskBatchContext {
  const request = call.detail.requestParameters;
  const tags = new Map<string, string>();
  for (const tag of request.tags ?? []) {
    if (tag.key !== undefined && tag.value !== undefined && tag.value !== CLOUDTRAIL_REDACTED) tags.set(tag.key, tag.value);
  }
  const ceTag = tags.get(BatchTaskTag.ComputeEnvironment);
  const queueTag = tags.get(BatchTaskTag.JobQueue);
  const definitionTag = tags.get(BatchTaskTag.JobDefinition);
  return {
    computeEnvironmentName:
      (ceTag === undefined ? undefined : (computeEnvironmentName(ceTag) ?? ceTag)) ??
      computeEnvironmentName(request.cluster),
    jobQueueName:
      (queueTag === undefined ? undefined : jobQueueName(queueTag)) ?? batchJobEnvironment(request.overrides).jobQueueName,
    jobDefinitionName: definitionTag === undefined ? undefined : jobDefinitionName(definitionTag),
  };
}

/** Options of {@link buildRunTaskCall}. */
export interface RunTaskCallBuildOptions {
  /** The cluster as the caller passed it, name or ARN. @default the sample Batch cluster's ARN */
  readonly cluster?: string;
  /** Placement failures; when given, no task is started. @default none */
  readonly failures?: readonly { readonly reason: string; readonly arn?: string }[];
  /** Whether the request carries the `aws:batch:*` tags. @default true */
  readonly withBatchTags?: boolean;
  /** `EC2` or `FARGATE`. @default 'EC2' */
  readonly launchType?: 'EC2' | 'FARGATE';
  /** CloudTrail `errorCode` of a call that failed outright (then `responseElements` is null). */
  readonly errorCode?: string;
  /** Event time (ISO). @default the sample time */
  readonly time?: string;
  /**
   * The event's `id` and its CloudTrail `eventID`. Distinct calls need distinct ids: like
   * EventBridge's consumers, batchmon takes two events with one id for one event delivered twice.
   * @default a fixed sample id
   */
  readonly id?: string;
}

/**
 * A realistic CloudTrail RunTask event of Batch placing a job's task, successful or with placement
 * failures. Environment values are redacted as CloudTrail does.
 *
 * @example
 * ```ts
 * buildRunTaskCall();
 * buildRunTaskCall({ failures: [{ reason: 'RESOURCE:MEMORY' }] });
 * buildRunTaskCall({ cluster: 'AWSBatch-ce-…', withBatchTags: false });
 * ```
 */
export function buildRunTaskCall(options: RunTaskCallBuildOptions = {}): RunTaskCall {
  const time = options.time ?? SAMPLE.time;
  const cluster = options.cluster ?? sampleBatchClusterArn();
  const launchType = options.launchType ?? 'EC2';
  const taskDefinition = sampleArn('ecs', `task-definition/${SAMPLE.jobDefinition}-${SAMPLE.taskId.slice(0, 8)}:1`);
  const failures = (options.failures ?? []).map((failure) => ({
    arn: failure.arn ?? sampleContainerInstanceArn(),
    reason: failure.reason,
  }));
  const tasks =
    failures.length > 0
      ? []
      : [
          {
            taskArn: sampleTaskArn(),
            clusterArn: sampleBatchClusterArn(),
            taskDefinitionArn: taskDefinition,
            ...(launchType === 'EC2' ? { containerInstanceArn: sampleContainerInstanceArn() } : {}),
            availabilityZone: SAMPLE.availabilityZone,
            launchType,
            lastStatus: 'PROVISIONING',
            desiredStatus: 'RUNNING',
            group: `family:${SAMPLE.jobDefinition}`,
            cpu: '2048',
            memory: '2048',
            version: 1,
            createdAt: time,
          },
        ];
  return {
    version: '0',
    id: options.id ?? 'b2a4c6e8-0f1d-4b3c-9e5a-7d6c8b0a2f4e',
    'detail-type': DetailType.AwsApiCallViaCloudTrail,
    source: EventSource.Ecs,
    account: SAMPLE.account,
    time,
    region: SAMPLE.region,
    resources: [],
    detail: {
      ...sampleCloudTrailRecord(CloudTrailEventSource.Ecs, CloudTrailEventName.RunTask, time),
      ...(options.id === undefined ? {} : { eventID: options.id }),
      eventSource: CloudTrailEventSource.Ecs,
      eventName: CloudTrailEventName.RunTask,
      ...(options.errorCode === undefined
        ? {}
        : { errorCode: options.errorCode, errorMessage: `${options.errorCode} (sample)` }),
      requestParameters: {
        cluster,
        taskDefinition,
        count: 1,
        launchType,
        overrides: {
          containerOverrides: [
            {
              name: 'default',
              environment: [
                { name: BatchEnvironmentVariable.JobId, value: CLOUDTRAIL_REDACTED },
                { name: BatchEnvironmentVariable.JobQueueName, value: CLOUDTRAIL_REDACTED },
                { name: BatchEnvironmentVariable.ComputeEnvironmentName, value: CLOUDTRAIL_REDACTED },
              ],
            },
          ],
        },
        ...((options.withBatchTags ?? true)
          ? {
              tags: [
                { key: BatchTaskTag.ComputeEnvironment, value: sampleArn('batch', `compute-environment/${SAMPLE.computeEnvironment}`) },
                { key: BatchTaskTag.JobQueue, value: sampleArn('batch', `job-queue/${SAMPLE.jobQueue}`) },
                {
                  key: BatchTaskTag.JobDefinition,
                  value: sampleArn('batch', `job-definition/${SAMPLE.jobDefinition}:${SAMPLE.jobDefinitionRevision}`),
                },
              ],
            }
          : {}),
      },
      responseElements: options.errorCode === undefined ? { tasks, failures } : null,
    },
  };
}

