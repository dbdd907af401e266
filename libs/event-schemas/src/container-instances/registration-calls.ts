import { z } from 'zod';
import { cloudTrailCallSchema, cloudTrailDetailSchema } from '../eventbridge/event-envelope';
import {
  CloudTrailEventName,
  CloudTrailEventSource,
  DetailType,
  EventSource,
} from '../eventbridge/event-families';
import { batchClusterNameOrArnFilters, type EventPattern } from '../eventbridge/event-pattern';
import {
  SAMPLE,
  sampleBatchClusterName,
  sampleCloudTrailRecord,
  sampleContainerInstanceArn,
} from '../sample-resources/sample-resources';
import { clusterName } from '../batch-names/batch-names';
import { attributeSchema, containerInstanceShape, resourceSchema, sampleContainerInstanceFields } from './container-instance';

/**
 * `responseElements` of both calls: the container instance as ECS now knows it. Its
 * `containerInstanceArn` is required because it is the instance's key; the whole object is absent
 * when the call failed.
 */
export const registrationResponseSchema = z.looseObject({
  containerInstance: z.looseObject({ ...containerInstanceShape, containerInstanceArn: z.string().min(1) }),
});

/**
 * `detail` of a RegisterContainerInstance record (ECS API reference). Required: `cluster` (name or
 * ARN, as the ECS agent sent it). The instance's ARN, EC2 id, attributes (`ecs.availability-zone`,
 * `ecs.instance-type`, `ecs.cpu-architecture`, `ecs.ami-id`) and registered CPU/MEMORY come back in
 * `responseElements.containerInstance`.
 */
export const registerContainerInstanceDetailSchema = cloudTrailDetailSchema(
  CloudTrailEventSource.Ecs,
  CloudTrailEventName.RegisterContainerInstance,
  z.looseObject({
    cluster: z.string().min(1),
    containerInstanceArn: z.string().optional(),
    attributes: z.array(attributeSchema).optional(),
    totalResources: z.array(resourceSchema).optional(),
    versionInfo: z.looseObject({}).optional(),
    platformDevices: z.array(z.looseObject({})).optional(),
    tags: z.array(z.looseObject({ key: z.string().optional(), value: z.string().optional() })).optional(),
    instanceIdentityDocument: z.string().optional(),
    instanceIdentityDocumentSignature: z.string().optional(),
  }),
  registrationResponseSchema,
);

/**
 * `detail` of a DeregisterContainerInstance record. Required: `cluster`. The instance that leaves is
 * keyed by `responseElements.containerInstance.containerInstanceArn`; the request's
 * `containerInstance` (an id or an ARN, as the caller sent it) is not needed.
 */
export const deregisterContainerInstanceDetailSchema = cloudTrailDetailSchema(
  CloudTrailEventSource.Ecs,
  CloudTrailEventName.DeregisterContainerInstance,
  z.looseObject({
    cluster: z.string().min(1),
    containerInstance: z.string().optional(),
    force: z.boolean().optional(),
  }),
  registrationResponseSchema,
);

/**
 * Runtime validator of an `aws.ecs` CloudTrail RegisterContainerInstance or
 * DeregisterContainerInstance event; `detail.eventName` tells which.
 *
 * @example
 * ```ts
 * const parsed = containerInstanceRegistrationCallSchema.safeParse(event);
 * if (parsed.success && parsed.data.detail.eventName === 'DeregisterContainerInstance') {
 *   parsed.data.detail.requestParameters.containerInstance; // typed
 * }
 * ```
 */
export const containerInstanceRegistrationCallSchema = cloudTrailCallSchema(
  EventSource.Ecs,
  z.discriminatedUnion('eventName', [registerContainerInstanceDetailSchema, deregisterContainerInstanceDetailSchema]),
);

/** An `aws.ecs` CloudTrail RegisterContainerInstance or DeregisterContainerInstance event. */
export type ContainerInstanceRegistrationCall = z.infer<typeof containerInstanceRegistrationCallSchema>;

/**
 * EventBridge rule pattern for both calls on Batch-managed clusters; `requestParameters.cluster`
 * may be a bare name or an ARN.
 */
export const containerInstanceRegistrationCallPattern = {
  source: [EventSource.Ecs],
  'detail-type': [DetailType.AwsApiCallViaCloudTrail],
  detail: {
    eventSource: [CloudTrailEventSource.Ecs],
    eventName: [CloudTrailEventName.RegisterContainerInstance, CloudTrailEventName.DeregisterContainerInstance],
    requestParameters: { cluster: batchClusterNameOrArnFilters },
  },
} as const satisfies EventPattern;

/** Options of {@link buildContainerInstanceRegistrationCall}. */
export interface ContainerInstanceRegistrationCallBuildOptions {
  /** Which call. @default 'RegisterContainerInstance' */
  readonly eventName?: 'RegisterContainerInstance' | 'DeregisterContainerInstance';
  /** The cluster as sent, bare name or ARN. @default the sample Batch cluster's bare name */
  readonly cluster?: string;
  /** @default a sample instance of the cluster */
  readonly containerInstanceArn?: string;
  /** @default the sample EC2 instance */
  readonly ec2InstanceId?: string;
  /** @default the sample AZ */
  readonly availabilityZone?: string;
  /** @default 'm5.xlarge' */
  readonly instanceType?: string;
  /** @default 'x86_64' */
  readonly cpuArchitecture?: string;
  /** @default the sample AMI */
  readonly amiId?: string;
  /** CPU units. @default 4096 */
  readonly registeredCpu?: number;
  /** MiB. @default 15727 */
  readonly registeredMemory?: number;
  /** CloudTrail `errorCode` of a failed call (then `responseElements` is null). */
  readonly errorCode?: string;
  /** Event time (ISO). @default the sample time */
  readonly time?: string;
}

/**
 * A realistic CloudTrail RegisterContainerInstance (the ECS agent joining a Batch cluster) or
 * DeregisterContainerInstance (the instance leaving) event.
 *
 * @example
 * ```ts
 * buildContainerInstanceRegistrationCall({ instanceType: 'c6g.large', cpuArchitecture: 'arm64' });
 * buildContainerInstanceRegistrationCall({ eventName: 'DeregisterContainerInstance', cluster: 'arn:aws:ecs:…:cluster/AWSBatch-…' });
 * ```
 */
export function buildContainerInstanceRegistrationCall(
  options: ContainerInstanceRegistrationCallBuildOptions = {},
): ContainerInstanceRegistrationCall {
  const time = options.time ?? SAMPLE.time;
  const cluster = options.cluster ?? sampleBatchClusterName();
  const containerInstanceArn = options.containerInstanceArn ?? sampleContainerInstanceArn(clusterName(cluster));
  const registered = { cpu: options.registeredCpu ?? 4096, memory: options.registeredMemory ?? 15727 };
  const instance = sampleContainerInstanceFields({
    containerInstanceArn,
    ec2InstanceId: options.ec2InstanceId ?? SAMPLE.ec2InstanceId,
    availabilityZone: options.availabilityZone ?? SAMPLE.availabilityZone,
    instanceType: options.instanceType ?? SAMPLE.instanceType,
    cpuArchitecture: options.cpuArchitecture ?? SAMPLE.cpuArchitecture,
    amiId: options.amiId ?? SAMPLE.amiId,
    registeredCpu: registered.cpu,
    registeredMemory: registered.memory,
    remainingCpu: registered.cpu,
    remainingMemory: registered.memory,
  });
  const failed = options.errorCode === undefined ? {} : { errorCode: options.errorCode, errorMessage: `${options.errorCode} (sample)` };
  const envelope = {
    version: '0',
    id: 'e3c6f4ce-8a1b-4c2d-9e0f-1a2b3c4d5e6f',
    'detail-type': DetailType.AwsApiCallViaCloudTrail,
    source: EventSource.Ecs,
    account: SAMPLE.account,
    time,
    region: SAMPLE.region,
    resources: [] as string[],
  };

  if (options.eventName === 'DeregisterContainerInstance') {
    return {
      ...envelope,
      detail: {
        ...sampleCloudTrailRecord(CloudTrailEventSource.Ecs, CloudTrailEventName.DeregisterContainerInstance, time),
        eventSource: CloudTrailEventSource.Ecs,
        eventName: CloudTrailEventName.DeregisterContainerInstance,
        ...failed,
        requestParameters: { cluster, containerInstance: containerInstanceArn },
        responseElements:
          options.errorCode === undefined
            ? { containerInstance: { ...instance, status: 'INACTIVE', agentConnected: false, runningTasksCount: 0, pendingTasksCount: 0 } }
            : null,
      },
    };
  }

  return {
    ...envelope,
    detail: {
      ...sampleCloudTrailRecord(CloudTrailEventSource.Ecs, CloudTrailEventName.RegisterContainerInstance, time),
      // The ECS agent registers the instance with the instance role, from the instance itself.
      userIdentity: {
        type: 'AssumedRole',
        arn: `arn:aws:sts::${SAMPLE.account}:assumed-role/ecsInstanceRole/${options.ec2InstanceId ?? SAMPLE.ec2InstanceId}`,
        accountId: SAMPLE.account,
      },
      sourceIPAddress: '10.0.12.34',
      userAgent: 'Go-http-client/1.1',
      eventSource: CloudTrailEventSource.Ecs,
      eventName: CloudTrailEventName.RegisterContainerInstance,
      ...failed,
      requestParameters: {
        cluster,
        attributes: instance.attributes,
        totalResources: instance.registeredResources,
        versionInfo: instance.versionInfo,
        instanceIdentityDocument: '{"instanceId":"' + (options.ec2InstanceId ?? SAMPLE.ec2InstanceId) + '"}',
        instanceIdentityDocumentSignature: 'c2FtcGxlLXNpZ25hdHVyZQ==',
      },
      responseElements:
        options.errorCode === undefined
          ? { containerInstance: { ...instance, status: 'ACTIVE', agentConnected: true, runningTasksCount: 0, pendingTasksCount: 0, version: 1 } }
          : null,
    },
  };
}
