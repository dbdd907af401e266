import { z } from 'zod';
import { eventBridgeEventSchema } from '../eventbridge/event-envelope';
import { DetailType, EventSource } from '../eventbridge/event-families';
import type { EventPattern } from '../eventbridge/event-pattern';
import { SAMPLE, sampleArn } from '../sample-resources/sample-resources';

// Amazon EC2 Auto Scaling sends these events to EventBridge directly (no CloudTrail trail needed),
// best effort ("Amazon EC2 Auto Scaling events", EventBridge events reference,
// https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-autoscaling.html); their layout is the
// "Successful scaling events" and "Unsuccessful scaling events" examples of the EC2 Auto Scaling
// event reference (https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-event-reference.html).

/** The instance activities batchmon listens for, by `detail-type`. */
export const INSTANCE_ACTIVITY_DETAIL_TYPES = [
  DetailType.Ec2InstanceLaunchSuccessful,
  DetailType.Ec2InstanceLaunchUnsuccessful,
  DetailType.Ec2InstanceTerminateSuccessful,
] as const;

/** One of {@link INSTANCE_ACTIVITY_DETAIL_TYPES}. */
export type InstanceActivityDetailType = (typeof INSTANCE_ACTIVITY_DETAIL_TYPES)[number];

/**
 * `detail` of an instance activity: the Auto Scaling scaling activity (`Activity` in the Auto Scaling
 * API reference) with PascalCase names. Required: only `AutoScalingGroupName`, which ties the activity
 * to a compute environment (Batch names the group it creates after the compute environment, and its
 * `CreateAutoScalingGroup` call tags the group with the environment's ARN). A failed launch has an
 * empty `EC2InstanceId` in practice, so the instance stays optional.
 */
export const instanceActivityDetailSchema = z.looseObject({
  AutoScalingGroupName: z.string().min(1),
  StatusCode: z.string().optional(),
  /** Why a launch failed, as EC2 answered (empty on success). */
  StatusMessage: z.string().optional(),
  Description: z.string().optional(),
  Cause: z.string().optional(),
  ActivityId: z.string().optional(),
  RequestId: z.string().optional(),
  EC2InstanceId: z.string().optional(),
  StartTime: z.string().optional(),
  EndTime: z.string().optional(),
  Details: z
    .looseObject({
      'Availability Zone': z.string().optional(),
      'Subnet ID': z.string().optional(),
    })
    .optional(),
  Origin: z.string().optional(),
  Destination: z.string().optional(),
});

/**
 * Runtime validator of an `aws.autoscaling` instance activity event: `EC2 Instance Launch
 * Successful`, `EC2 Instance Launch Unsuccessful` or `EC2 Instance Terminate Successful`.
 *
 * @example
 * ```ts
 * const parsed = instanceActivitySchema.safeParse(event);
 * if (parsed.success && parsed.data['detail-type'] === 'EC2 Instance Launch Unsuccessful') {
 *   launchFailureClass(parsed.data.detail.StatusMessage); // 'insufficient-capacity'
 * }
 * ```
 */
export const instanceActivitySchema = z.union([
  eventBridgeEventSchema(EventSource.AutoScaling, DetailType.Ec2InstanceLaunchSuccessful, instanceActivityDetailSchema),
  eventBridgeEventSchema(EventSource.AutoScaling, DetailType.Ec2InstanceLaunchUnsuccessful, instanceActivityDetailSchema),
  eventBridgeEventSchema(EventSource.AutoScaling, DetailType.Ec2InstanceTerminateSuccessful, instanceActivityDetailSchema),
]);

/** An `aws.autoscaling` instance activity event (launch succeeded, launch failed, instance terminated). */
export type InstanceActivity = z.infer<typeof instanceActivitySchema>;

/**
 * EventBridge rule pattern for the three instance activities, of every group: Batch names its groups
 * after the compute environment with no fixed prefix, so the workflow keeps the groups it learned
 * from `CreateAutoScalingGroup` (or the backfill) and counts the others as skipped.
 */
export const instanceActivityPattern = {
  source: [EventSource.AutoScaling],
  'detail-type': [...INSTANCE_ACTIVITY_DETAIL_TYPES],
} as const satisfies EventPattern;

/** Why a launch failed, in the words of the stuck-job diagnosis. */
export const LAUNCH_FAILURE_CLASSES = ['insufficient-capacity', 'vcpu-limit', 'other'] as const;

/** One of {@link LAUNCH_FAILURE_CLASSES}. */
export type LaunchFailureClass = (typeof LAUNCH_FAILURE_CLASSES)[number];

// EC2's RunInstances error messages as Auto Scaling quotes them in `StatusMessage` ("Launching a new
// EC2 instance. Status Reason: <message> Launching EC2 instance failed." in the group's activity
// history), as users captured them: InsufficientInstanceCapacity ("We currently do not have
// sufficient <type> capacity in the Availability Zone you requested (<zone>). …", 2i2c-org/infrastructure#3334;
// Spot: "There is no Spot capacity available that matches your request."), and the quota errors
// VcpuLimitExceeded ("You have requested more vCPU capacity than your current vCPU limit of <n>
// allows …", kubernetes/kops#15778), InstanceLimitExceeded ("You have requested more instances (<n>)
// than your current instance limit of <m> allows …", PeopleForBikes/pfb-network-connectivity#342) and
// MaxSpotInstanceCountExceeded ("Max spot instance count exceeded.", aws-deepracer-community/deepracer-on-the-spot#55).
const INSUFFICIENT_CAPACITY = [/do not have sufficient .* capacity/i, /no Spot capacity available/i, /InsufficientInstanceCapacity/];
const QUOTA = [/vCPU limit/i, /current instance limit/i, /Max spot instance count exceeded/i, /VcpuLimitExceeded|InstanceLimitExceeded/];

/**
 * The patterns of each class but `other`, in the order they are tried, for the workflows' JSONata
 * (which reads a regular expression's source and flags as JavaScript does), so that the deployed
 * classification is {@link launchFailureClass}'s.
 */
export const LAUNCH_FAILURE_PATTERNS: readonly { readonly failureClass: Exclude<LaunchFailureClass, 'other'>; readonly patterns: readonly RegExp[] }[] = [
  { failureClass: 'insufficient-capacity', patterns: INSUFFICIENT_CAPACITY },
  { failureClass: 'vcpu-limit', patterns: QUOTA },
];

/**
 * Classifies the `StatusMessage` of an `EC2 Instance Launch Unsuccessful` event.
 *
 * @example
 * ```ts
 * launchFailureClass('You have requested more vCPU capacity than your current vCPU limit of 32 allows …'); // 'vcpu-limit'
 * launchFailureClass('The security group … does not exist'); // 'other'
 * ```
 */
export function launchFailureClass(statusMessage: string | undefined): LaunchFailureClass {
  const message = statusMessage ?? '';
  if (INSUFFICIENT_CAPACITY.some((pattern) => pattern.test(message))) return 'insufficient-capacity';
  if (QUOTA.some((pattern) => pattern.test(message))) return 'vcpu-limit';
  return 'other';
}

/** Options of {@link buildInstanceActivity}. */
export interface InstanceActivityBuildOptions {
  /** Which activity. @default 'EC2 Instance Launch Successful' */
  readonly detailType?: InstanceActivityDetailType;
  /** @default a Batch-style group name of the sample compute environment */
  readonly autoScalingGroupName?: string;
  /** The instance; a failed launch has none (`''`). @default the sample instance, or '' for a failed launch */
  readonly ec2InstanceId?: string;
  /** @default the sample Availability Zone */
  readonly availabilityZone?: string;
  /** @default a sample subnet */
  readonly subnetId?: string;
  /** Why a launch failed. @default EC2's insufficient-capacity message for a failed launch, '' otherwise */
  readonly statusMessage?: string;
  /** Event time (ISO, whole seconds). @default the sample time */
  readonly time?: string;
  /** The event's `id`. @default a fixed sample id */
  readonly id?: string;
}

/**
 * A realistic instance activity event of a Batch compute environment's Auto Scaling group (for
 * tests and local emulation), shaped like the EC2 Auto Scaling event reference's examples.
 *
 * @example
 * ```ts
 * const failed = buildInstanceActivity({ detailType: 'EC2 Instance Launch Unsuccessful', autoScalingGroupName: 'gpu-ce-asg-1b2c…' });
 * ```
 */
export function buildInstanceActivity(options: InstanceActivityBuildOptions = {}): InstanceActivity {
  const detailType = options.detailType ?? DetailType.Ec2InstanceLaunchSuccessful;
  const failed = detailType === DetailType.Ec2InstanceLaunchUnsuccessful;
  const launch = detailType !== DetailType.Ec2InstanceTerminateSuccessful;
  const group = options.autoScalingGroupName ?? `${SAMPLE.computeEnvironment}-asg-${SAMPLE.clusterUuid}`;
  const instance = options.ec2InstanceId ?? (failed ? '' : SAMPLE.ec2InstanceId);
  const zone = options.availabilityZone ?? SAMPLE.availabilityZone;
  const time = options.time ?? SAMPLE.time;
  const statusMessage =
    options.statusMessage ??
    (failed
      ? `We currently do not have sufficient ${SAMPLE.instanceType} capacity in the Availability Zone you requested (${zone}). ` +
        'Our system will be working on provisioning additional capacity. You can currently get ' +
        `${SAMPLE.instanceType} capacity by not specifying an Availability Zone in your request or choosing us-east-1b, us-east-1c. ` +
        'Launching EC2 instance failed.'
      : '');
  const groupArn = sampleArn('autoscaling', `autoScalingGroup:${SAMPLE.clusterUuid}:autoScalingGroupName/${group}`);
  return {
    version: '0',
    id: options.id ?? '3f6c1e2a-7b8d-4c9e-a0f1-2b3c4d5e6f71',
    'detail-type': detailType,
    source: EventSource.AutoScaling,
    account: SAMPLE.account,
    time,
    region: SAMPLE.region,
    resources: instance === '' ? [groupArn] : [groupArn, sampleArn('ec2', `instance/${instance}`)],
    detail: {
      StatusCode: failed ? 'Failed' : 'InProgress',
      Description: `${launch ? 'Launching a new' : 'Terminating'} EC2 instance${instance === '' ? '' : `: ${instance}`}`,
      AutoScalingGroupName: group,
      ActivityId: 'b5d2c8e1-4f3a-4b6c-9d7e-8f0a1b2c3d4e',
      Details: { 'Availability Zone': zone, 'Subnet ID': options.subnetId ?? 'subnet-0a1b2c3d4e5f60718' },
      RequestId: '0c9e7a5b-3d1f-4e2a-8b6c-5d4e3f2a1b0c',
      StatusMessage: statusMessage,
      EndTime: time,
      EC2InstanceId: instance,
      StartTime: time,
      Cause: launch
        ? `At ${time} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 0 to 1.`
        : `At ${time} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from 1 to 0.`,
      Origin: launch ? 'EC2' : 'AutoScalingGroup',
      Destination: launch ? 'AutoScalingGroup' : 'EC2',
    },
  };
}
