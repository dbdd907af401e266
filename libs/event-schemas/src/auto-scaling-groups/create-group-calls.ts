import { z } from 'zod';
import { cloudTrailCallSchema, cloudTrailDetailSchema } from '../eventbridge/event-envelope';
import {
  CloudTrailEventName,
  CloudTrailEventSource,
  DetailType,
  EventSource,
} from '../eventbridge/event-families';
import type { EventPattern } from '../eventbridge/event-pattern';
import { SAMPLE, sampleCloudTrailRecord } from '../sample-resources/sample-resources';

/**
 * Launch templates AWS Batch creates for a compute environment are named `Batch-lt-<uuid>`; the ASG
 * it creates references one, either directly or through a mixed instances policy.
 */
export const BATCH_LAUNCH_TEMPLATE_MARKER = 'Batch-lt-';

/**
 * A launch template at the rule: a Batch one by name (`Batch-lt-…`: a prefix, not a wildcard, which
 * EventBridge allows in only 30 rules per event bus), or any given by id only — a
 * CreateAutoScalingGroup request may name its launch template by `launchTemplateId` instead of
 * `launchTemplateName` ("LaunchTemplateSpecification", Amazon EC2 Auto Scaling API reference,
 * https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_LaunchTemplateSpecification.html), and
 * the id does not tell whose it is: the workflow looks the group up before enabling its metrics.
 */
const launchTemplateAlternatives = (): readonly EventPattern[] => [
  { launchTemplateName: [{ prefix: BATCH_LAUNCH_TEMPLATE_MARKER }] },
  { launchTemplateId: [{ exists: true }] },
];

const launchTemplateSpecificationSchema = z.looseObject({
  launchTemplateId: z.string().optional(),
  launchTemplateName: z.string().optional(),
  version: z.string().optional(),
});

/**
 * `requestParameters` of CreateAutoScalingGroup (Auto Scaling API reference, camel-cased by
 * CloudTrail). Required: `autoScalingGroupName`, the group whose metrics collection batchmon enables.
 */
export const createAutoScalingGroupRequestSchema = z.looseObject({
  autoScalingGroupName: z.string().min(1),
  launchTemplate: launchTemplateSpecificationSchema.optional(),
  mixedInstancesPolicy: z
    .looseObject({
      launchTemplate: z
        .looseObject({
          launchTemplateSpecification: launchTemplateSpecificationSchema.optional(),
          overrides: z.array(z.looseObject({ instanceType: z.string().optional() })).optional(),
        })
        .optional(),
      instancesDistribution: z.looseObject({}).optional(),
    })
    .optional(),
  minSize: z.number().int().optional(),
  maxSize: z.number().int().optional(),
  desiredCapacity: z.number().int().optional(),
  vPCZoneIdentifier: z.string().optional(),
  availabilityZones: z.array(z.string()).optional(),
  tags: z
    .array(
      z.looseObject({
        key: z.string().optional(),
        value: z.string().optional(),
        propagateAtLaunch: z.boolean().optional(),
      }),
    )
    .optional(),
});

/** `detail` of a CreateAutoScalingGroup record; the call returns no body, so `responseElements` is null. */
export const createAutoScalingGroupCallDetailSchema = cloudTrailDetailSchema(
  CloudTrailEventSource.AutoScaling,
  CloudTrailEventName.CreateAutoScalingGroup,
  createAutoScalingGroupRequestSchema,
  z.looseObject({}),
);

/**
 * Runtime validator of an `aws.autoscaling` CloudTrail CreateAutoScalingGroup event.
 *
 * @example
 * ```ts
 * const parsed = createAutoScalingGroupCallSchema.safeParse(event);
 * if (parsed.success) parsed.data.detail.requestParameters.autoScalingGroupName;
 * ```
 */
export const createAutoScalingGroupCallSchema = cloudTrailCallSchema(
  EventSource.AutoScaling,
  createAutoScalingGroupCallDetailSchema,
);

/** An `aws.autoscaling` CloudTrail CreateAutoScalingGroup event. */
export type CreateAutoScalingGroupCall = z.infer<typeof createAutoScalingGroupCallSchema>;

/**
 * EventBridge rule pattern for successful CreateAutoScalingGroup calls whose launch template is a
 * Batch one by name, or given by id (the workflow then confirms the group is Batch's), in
 * `launchTemplate` or in the mixed instances policy (hence `$or`). Failed calls (`errorCode`
 * present) are dropped at the rule: there is no group to enable metrics on.
 */
export const createAutoScalingGroupCallPattern = {
  source: [EventSource.AutoScaling],
  'detail-type': [DetailType.AwsApiCallViaCloudTrail],
  detail: {
    eventSource: [CloudTrailEventSource.AutoScaling],
    eventName: [CloudTrailEventName.CreateAutoScalingGroup],
    errorCode: [{ exists: false }],
    requestParameters: {
      $or: [
        ...launchTemplateAlternatives().map((launchTemplate) => ({ launchTemplate })),
        ...launchTemplateAlternatives().map((launchTemplateSpecification) => ({ mixedInstancesPolicy: { launchTemplate: { launchTemplateSpecification } } })),
      ],
    },
  },
} as const satisfies EventPattern;

/**
 * The Batch launch template name a CreateAutoScalingGroup request references, wherever it is;
 * undefined when the group does not use a Batch launch template by name.
 *
 * @example
 * ```ts
 * batchLaunchTemplateName(buildCreateAutoScalingGroupCall()); // 'Batch-lt-92be90d0-…'
 * ```
 */
export function batchLaunchTemplateName(call: CreateAutoScalingGroupCall): string | undefined {
  const request = call.detail.requestParameters;
  const candidates = [
    request.launchTemplate?.launchTemplateName,
    request.mixedInstancesPolicy?.launchTemplate?.launchTemplateSpecification?.launchTemplateName,
  ];
  return candidates.find((name) => name?.includes(BATCH_LAUNCH_TEMPLATE_MARKER) === true);
}

/** Options of {@link buildCreateAutoScalingGroupCall}. */
export interface CreateAutoScalingGroupCallBuildOptions {
  /** @default `<sample CE>-asg-<uuid>`, the way Batch names its groups */
  readonly autoScalingGroupName?: string;
  /** Where the request names the launch template. @default 'launchTemplate' */
  readonly launchTemplateIn?: 'launchTemplate' | 'mixedInstancesPolicy';
  /** @default `Batch-lt-<uuid>` */
  readonly launchTemplateName?: string;
  /** Name the launch template by this id instead of by name (the API takes either). @default - by name */
  readonly launchTemplateId?: string;
  /** CloudTrail `errorCode` of a failed call. */
  readonly errorCode?: string;
  /** Event time (ISO). @default the sample time */
  readonly time?: string;
}

/**
 * A realistic CloudTrail CreateAutoScalingGroup event of Batch creating a compute environment's ASG.
 *
 * @example
 * ```ts
 * buildCreateAutoScalingGroupCall({ launchTemplateIn: 'mixedInstancesPolicy' });
 * ```
 */
export function buildCreateAutoScalingGroupCall(
  options: CreateAutoScalingGroupCallBuildOptions = {},
): CreateAutoScalingGroupCall {
  const time = options.time ?? SAMPLE.time;
  const launchTemplate = {
    ...(options.launchTemplateId === undefined
      ? { launchTemplateName: options.launchTemplateName ?? `${BATCH_LAUNCH_TEMPLATE_MARKER}${SAMPLE.launchTemplateUuid}` }
      : { launchTemplateId: options.launchTemplateId }),
    version: '1',
  };
  const where =
    options.launchTemplateIn === 'mixedInstancesPolicy'
      ? {
          mixedInstancesPolicy: {
            launchTemplate: {
              launchTemplateSpecification: launchTemplate,
              overrides: [{ instanceType: 'm5.xlarge' }, { instanceType: 'm5a.xlarge' }],
            },
            instancesDistribution: { onDemandPercentageAboveBaseCapacity: 0, spotAllocationStrategy: 'capacity-optimized' },
          },
        }
      : { launchTemplate };
  return {
    version: '0',
    id: 'a7c9e1f3-5b2d-4f6a-8c0e-2b4d6f8a0c1e',
    'detail-type': DetailType.AwsApiCallViaCloudTrail,
    source: EventSource.AutoScaling,
    account: SAMPLE.account,
    time,
    region: SAMPLE.region,
    resources: [],
    detail: {
      ...sampleCloudTrailRecord(CloudTrailEventSource.AutoScaling, CloudTrailEventName.CreateAutoScalingGroup, time),
      eventSource: CloudTrailEventSource.AutoScaling,
      eventName: CloudTrailEventName.CreateAutoScalingGroup,
      ...(options.errorCode === undefined ? {} : { errorCode: options.errorCode, errorMessage: `${options.errorCode} (sample)` }),
      requestParameters: {
        autoScalingGroupName:
          options.autoScalingGroupName ?? `${SAMPLE.computeEnvironment}-asg-${SAMPLE.launchTemplateUuid}`,
        ...where,
        minSize: 0,
        maxSize: 4,
        desiredCapacity: 0,
        vPCZoneIdentifier: 'subnet-0a1b2c3d4e5f60718,subnet-1b2c3d4e5f6071829',
      },
      responseElements: null,
    },
  };
}
