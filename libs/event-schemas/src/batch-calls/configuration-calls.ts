import { z } from 'zod';
import { cloudTrailCallSchema, cloudTrailDetailSchema } from '../eventbridge/event-envelope';
import { CloudTrailEventName, CloudTrailEventSource, DetailType, EventSource } from '../eventbridge/event-families';
import type { EventPattern } from '../eventbridge/event-pattern';
import { SAMPLE, sampleArn } from '../sample-resources/sample-resources';
import { sampleBatchCallEvent } from './batch-call-record';

// Shapes from the AWS Batch API reference (CreateComputeEnvironment, UpdateComputeEnvironment,
// DeleteComputeEnvironment, CreateJobQueue, UpdateJobQueue, DeleteJobQueue, and the ComputeResource,
// ComputeResourceUpdate and ComputeEnvironmentOrder data types). CloudTrail records the request body
// as sent, so its `requestParameters` use the API's own camel-cased member names. Every field is
// optional here: what the configuration workflow cannot do without is a counted skip there.

/** `launchTemplate` of `computeResources`: a launch template by id or name, and its version. */
export const launchTemplateSpecificationSchema = z.looseObject({
  launchTemplateId: z.string().optional(),
  launchTemplateName: z.string().optional(),
  version: z.string().optional(),
});

/**
 * `computeResources` of a create (ComputeResource) or update (ComputeResourceUpdate) request.
 * `type` is the provisioning model: `EC2`, `SPOT`, `FARGATE` or `FARGATE_SPOT`; `instanceTypes` may
 * hold families (`c5`) and `optimal` as well as instance types.
 */
export const computeResourcesSchema = z.looseObject({
  type: z.string().optional(),
  allocationStrategy: z.string().optional(),
  minvCpus: z.number().int().optional(),
  maxvCpus: z.number().int().optional(),
  desiredvCpus: z.number().int().optional(),
  instanceTypes: z.array(z.string()).optional(),
  launchTemplate: launchTemplateSpecificationSchema.optional(),
  subnets: z.array(z.string()).optional(),
  securityGroupIds: z.array(z.string()).optional(),
  bidPercentage: z.number().int().optional(),
});

/** One entry of a job queue's `computeEnvironmentOrder`: lower `order` is tried first. */
export const computeEnvironmentOrderSchema = z.looseObject({
  order: z.number().int().optional(),
  computeEnvironment: z.string().optional(),
});

const computeEnvironmentResponse = z.looseObject({
  computeEnvironmentName: z.string().optional(),
  computeEnvironmentArn: z.string().optional(),
});
const jobQueueResponse = z.looseObject({ jobQueueName: z.string().optional(), jobQueueArn: z.string().optional() });
const emptyResponse = z.looseObject({});

const computeEnvironmentFields = {
  state: z.string().optional(),
  computeResources: computeResourcesSchema.optional(),
  serviceRole: z.string().optional(),
  unmanagedvCpus: z.number().int().optional(),
};
const jobQueueFields = {
  state: z.string().optional(),
  priority: z.number().int().optional(),
  computeEnvironmentOrder: z.array(computeEnvironmentOrderSchema).optional(),
  schedulingPolicyArn: z.string().optional(),
};

/** `requestParameters` of each configuration call, by CloudTrail `eventName`. */
export const configurationRequestSchemas = {
  [CloudTrailEventName.CreateComputeEnvironment]: z.looseObject({
    computeEnvironmentName: z.string().optional(),
    type: z.string().optional(),
    eksConfiguration: z.looseObject({}).optional(),
    ...computeEnvironmentFields,
  }),
  [CloudTrailEventName.UpdateComputeEnvironment]: z.looseObject({ computeEnvironment: z.string().optional(), ...computeEnvironmentFields }),
  [CloudTrailEventName.DeleteComputeEnvironment]: z.looseObject({ computeEnvironment: z.string().optional() }),
  [CloudTrailEventName.CreateJobQueue]: z.looseObject({ jobQueueName: z.string().optional(), ...jobQueueFields }),
  [CloudTrailEventName.UpdateJobQueue]: z.looseObject({ jobQueue: z.string().optional(), ...jobQueueFields }),
  [CloudTrailEventName.DeleteJobQueue]: z.looseObject({ jobQueue: z.string().optional() }),
} as const;

/** The CloudTrail `eventName` of a configuration call. */
export type ConfigurationCallName = keyof typeof configurationRequestSchemas;

/** Every configuration call batchmon learns compute environments and job queues from. */
export const CONFIGURATION_CALL_NAMES = Object.keys(configurationRequestSchemas) as ConfigurationCallName[];

const { Batch } = CloudTrailEventSource;
const requests = configurationRequestSchemas;
const names = CloudTrailEventName;

/** `detail` of any of the six configuration calls (one schema each, so `eventName` narrows the request's type). */
export const configurationCallDetailSchema = z.union([
  cloudTrailDetailSchema(Batch, names.CreateComputeEnvironment, requests[names.CreateComputeEnvironment], computeEnvironmentResponse),
  cloudTrailDetailSchema(Batch, names.UpdateComputeEnvironment, requests[names.UpdateComputeEnvironment], computeEnvironmentResponse),
  cloudTrailDetailSchema(Batch, names.DeleteComputeEnvironment, requests[names.DeleteComputeEnvironment], emptyResponse),
  cloudTrailDetailSchema(Batch, names.CreateJobQueue, requests[names.CreateJobQueue], jobQueueResponse),
  cloudTrailDetailSchema(Batch, names.UpdateJobQueue, requests[names.UpdateJobQueue], jobQueueResponse),
  cloudTrailDetailSchema(Batch, names.DeleteJobQueue, requests[names.DeleteJobQueue], emptyResponse),
]);

/**
 * Runtime validator of an `aws.batch` CloudTrail call that creates, updates or deletes a compute
 * environment or a job queue.
 *
 * @example
 * ```ts
 * const parsed = configurationCallSchema.safeParse(event);
 * if (parsed.success && parsed.data.detail.eventName === 'CreateJobQueue') parsed.data.detail.requestParameters.priority;
 * ```
 */
export const configurationCallSchema = cloudTrailCallSchema(EventSource.Batch, configurationCallDetailSchema);

/** An `aws.batch` CloudTrail configuration call. */
export type ConfigurationCall = z.infer<typeof configurationCallSchema>;

/** The request parameters of configuration call `N`. */
export type ConfigurationRequest<N extends ConfigurationCallName> = z.infer<(typeof configurationRequestSchemas)[N]>;

/**
 * EventBridge rule pattern for the six configuration calls. Failed calls are let through and counted
 * as skipped by the workflow (a refused update changed nothing, but is worth seeing).
 */
export const configurationCallPattern = {
  source: [EventSource.Batch],
  'detail-type': [DetailType.AwsApiCallViaCloudTrail],
  detail: {
    eventSource: [CloudTrailEventSource.Batch],
    eventName: [...CONFIGURATION_CALL_NAMES],
  },
} as const satisfies EventPattern;

/** Options of {@link buildConfigurationCall}. */
export interface ConfigurationCallBuildOptions {
  /** Event time (ISO, whole seconds as CloudTrail writes it). @default the sample time */
  readonly time?: string;
  /** CloudTrail's id of the record (also the event's id, with its first character changed). @default a fixed sample id */
  readonly eventId?: string;
  /** CloudTrail `errorCode` of a refused call (no response then). */
  readonly errorCode?: string;
}

/** The resource a configuration call names, from its request: the name or ARN it was given. */
function resourceOf(name: ConfigurationCallName, request: Record<string, unknown>): string {
  const value =
    request['computeEnvironmentName'] ?? request['computeEnvironment'] ?? request['jobQueueName'] ?? request['jobQueue'];
  if (typeof value !== 'string') throw new TypeError(`buildConfigurationCall(${name}): expected the request to name its resource, found none`);
  return value.split('/').at(-1) ?? value;
}

/**
 * A realistic CloudTrail configuration call with the given request; the response carries the
 * resource's name and ARN as Batch returns them (nothing for a delete).
 *
 * @example
 * ```ts
 * buildConfigurationCall('UpdateComputeEnvironment', { computeEnvironment: 'ce', computeResources: { maxvCpus: 64 } });
 * ```
 */
export function buildConfigurationCall<N extends ConfigurationCallName>(
  name: N,
  request: ConfigurationRequest<N>,
  options: ConfigurationCallBuildOptions = {},
): ConfigurationCall {
  const time = options.time ?? SAMPLE.time;
  const eventId = options.eventId ?? '874f89fa-70fc-4798-bc00-4a2b3c4d5e6f';
  const resource = resourceOf(name, request);
  const isComputeEnvironment = name.endsWith('ComputeEnvironment');
  const response = name.startsWith('Delete')
    ? {}
    : isComputeEnvironment
      ? { computeEnvironmentName: resource, computeEnvironmentArn: sampleArn('batch', `compute-environment/${resource}`) }
      : { jobQueueName: resource, jobQueueArn: sampleArn('batch', `job-queue/${resource}`) };
  const event = sampleBatchCallEvent({
    eventName: name,
    time,
    eventId,
    idPrefix: 'c',
    errorCode: options.errorCode,
    requestParameters: request,
    responseElements: response,
  });
  return configurationCallSchema.parse(event);
}
