import { z } from 'zod';
import { eventBridgeEventSchema } from '../eventbridge/event-envelope';
import { DetailType, EventSource } from '../eventbridge/event-families';
import type { EventPattern } from '../eventbridge/event-pattern';
import { SAMPLE, sampleArn } from '../sample-resources/sample-resources';

/**
 * What separates a compute environment's name from the uuid in the name of the Auto Scaling group
 * AWS Batch creates for it: `<compute environment>-asg-<uuid>`. The launch events name the group
 * only, so this is how a launch is tied to its compute environment.
 */
export const BATCH_GROUP_NAME_MARKER = '-asg-';

/**
 * The compute environment a Batch-created Auto Scaling group belongs to, from the group's name;
 * undefined when the name is not `<compute environment>-asg-<uuid>`. The last marker counts: a
 * compute environment's own name may contain `-asg-`, the uuid cannot.
 *
 * @example
 * computeEnvironmentOfGroup('gpu-spot-asg-1a2b3c4d-0000-4000-8000-000000000000'); // 'gpu-spot'
 * computeEnvironmentOfGroup('web-servers'); // undefined
 */
export function computeEnvironmentOfGroup(groupName: string): string | undefined {
  const at = groupName.lastIndexOf(BATCH_GROUP_NAME_MARKER);
  return at > 0 ? groupName.slice(0, at) : undefined;
}

/**
 * The classes of an unsuccessful launch's `StatusMessage`, in the order they are tried, each with
 * the pattern (a JavaScript regular expression's source, which JSONata reads the same) that
 * recognises it. EC2 names the error in the message ("Troubleshoot Amazon EC2 instance launch
 * issues", Amazon EC2 User Guide: `InsufficientInstanceCapacity`, "There is no Spot capacity
 * available", `VcpuLimitExceeded`, "You have requested more vCPU capacity than your current vCPU
 * limit", `InstanceLimitExceeded`); anything else is `other`.
 */
export const LAUNCH_FAILURE_CLASSES = [
  { failureClass: 'insufficient-capacity', pattern: 'InsufficientInstanceCapacity|insufficient capacity|sufficient [^ ]+ capacity|no Spot capacity' },
  { failureClass: 'vcpu-limit', pattern: 'VcpuLimitExceeded|vCPU limit|InstanceLimitExceeded|instance limit' },
] as const;

/** The class of a launch failure: one of {@link LAUNCH_FAILURE_CLASSES}, or `other`. */
export type LaunchFailureClass = (typeof LAUNCH_FAILURE_CLASSES)[number]['failureClass'] | 'other';

/** Every launch failure class, `other` last. */
export const LAUNCH_FAILURE_CLASS_NAMES: readonly LaunchFailureClass[] = [...LAUNCH_FAILURE_CLASSES.map((entry) => entry.failureClass), 'other'];

/**
 * The class of an unsuccessful launch's status message (case-insensitive).
 *
 * @example
 * launchFailureClass('We currently do not have sufficient p4d.24xlarge capacity in the Availability Zone you requested'); // 'insufficient-capacity'
 * launchFailureClass('You have requested more vCPU capacity than your current vCPU limit of 32 allows'); // 'vcpu-limit'
 */
export function launchFailureClass(statusMessage: string): LaunchFailureClass {
  return LAUNCH_FAILURE_CLASSES.find(({ pattern }) => new RegExp(pattern, 'i').test(statusMessage))?.failureClass ?? 'other';
}

/**
 * `detail` of an `EC2 Instance Launch Successful` or `EC2 Instance Launch Unsuccessful` event
 * ("Amazon EC2 Auto Scaling event reference", successful and unsuccessful scaling events). Required:
 * what batchmon records — the group (its compute environment), and the instance (a launch that
 * succeeded but never registers is found by it). The documented unsuccessful sample names an
 * instance too, but a launch that failed may have none, so it stays optional there; `StatusMessage`
 * (the failure's text, classified by {@link launchFailureClass}) is read when present.
 */
const launchDetailShape = {
  AutoScalingGroupName: z.string().min(1),
  ActivityId: z.string().optional(),
  StatusCode: z.string().optional(),
  StatusMessage: z.string().optional(),
  Description: z.string().optional(),
  Cause: z.string().optional(),
  StartTime: z.string().optional(),
  EndTime: z.string().optional(),
  RequestId: z.string().optional(),
  Details: z.looseObject({ 'Availability Zone': z.string().optional(), 'Subnet ID': z.string().optional() }).optional(),
};

/** Runtime validator of an `EC2 Instance Launch Successful` event. */
export const instanceLaunchSuccessfulSchema = eventBridgeEventSchema(
  EventSource.AutoScaling,
  DetailType.InstanceLaunchSuccessful,
  z.looseObject({ ...launchDetailShape, EC2InstanceId: z.string().min(1) }),
);

/** Runtime validator of an `EC2 Instance Launch Unsuccessful` event. */
export const instanceLaunchUnsuccessfulSchema = eventBridgeEventSchema(
  EventSource.AutoScaling,
  DetailType.InstanceLaunchUnsuccessful,
  z.looseObject({ ...launchDetailShape, EC2InstanceId: z.string().optional() }),
);

/**
 * Runtime validator of an `aws.autoscaling` instance launch event, successful or not.
 *
 * @example
 * ```ts
 * const parsed = instanceLaunchSchema.safeParse(event);
 * if (parsed.success) parsed.data.detail.AutoScalingGroupName;
 * ```
 */
export const instanceLaunchSchema = z.union([instanceLaunchSuccessfulSchema, instanceLaunchUnsuccessfulSchema]);

/** An `aws.autoscaling` instance launch event, successful or not. */
export type InstanceLaunch = z.infer<typeof instanceLaunchSchema>;

/**
 * EventBridge rule pattern for the launches of Batch-created groups: the group's name contains
 * `-asg-` (a wildcard: the compute environment's name comes first, so no prefix can tell it; the
 * workflow reads the compute environment from the name). Auto Scaling sends these events on a
 * best-effort basis ("Amazon EC2 Auto Scaling events", EventBridge events reference).
 */
export const instanceLaunchPattern = {
  source: [EventSource.AutoScaling],
  'detail-type': [DetailType.InstanceLaunchSuccessful, DetailType.InstanceLaunchUnsuccessful],
  detail: { AutoScalingGroupName: [{ wildcard: `*${BATCH_GROUP_NAME_MARKER}*` }] },
} as const satisfies EventPattern;

/** Options of {@link buildInstanceLaunch}. */
export interface InstanceLaunchBuildOptions {
  /** Whether the launch succeeded. @default true */
  readonly successful?: boolean;
  /** The compute environment whose group launched. @default the sample compute environment */
  readonly computeEnvironment?: string;
  /** The group's uuid (after `-asg-`). @default the sample cluster's uuid */
  readonly groupUuid?: string;
  /** The instance launched (or attempted). @default the sample instance */
  readonly ec2InstanceId?: string;
  /** A failure's status message. @default an insufficient capacity message */
  readonly statusMessage?: string;
  /** Event time (ISO). @default the sample time */
  readonly time?: string;
  /** The event's `id`. @default one derived from the activity */
  readonly id?: string;
  /** The scaling activity's id. @default a fixed sample id */
  readonly activityId?: string;
  /** The Availability Zone. @default the sample AZ */
  readonly availabilityZone?: string;
}

/**
 * A realistic instance launch event of a Batch-created group, shaped like the documented samples
 * (for tests and local emulation).
 *
 * @example
 * ```ts
 * const failed = buildInstanceLaunch({ successful: false, computeEnvironment: 'gpu', statusMessage: 'You have requested more vCPU capacity than your current vCPU limit of 32 allows …' });
 * ```
 */
export function buildInstanceLaunch(options: InstanceLaunchBuildOptions = {}): InstanceLaunch {
  const successful = options.successful ?? true;
  const group = `${options.computeEnvironment ?? SAMPLE.computeEnvironment}${BATCH_GROUP_NAME_MARKER}${options.groupUuid ?? SAMPLE.clusterUuid}`;
  const instance = options.ec2InstanceId ?? SAMPLE.ec2InstanceId;
  const time = options.time ?? SAMPLE.time;
  const activityId = options.activityId ?? '87654321-4321-4321-4321-210987654321';
  const availabilityZone = options.availabilityZone ?? SAMPLE.availabilityZone;
  const envelope = {
    version: '0',
    id: options.id ?? `${activityId}-${successful ? 'launched' : 'failed'}`,
    source: EventSource.AutoScaling,
    account: SAMPLE.account,
    time,
    region: SAMPLE.region,
    resources: [sampleArn('autoscaling', `autoScalingGroup:${SAMPLE.clusterUuid}:autoScalingGroupName/${group}`), sampleArn('ec2', `instance/${instance}`)],
  };
  const common = {
    AutoScalingGroupName: group,
    ActivityId: activityId,
    Details: { 'Availability Zone': availabilityZone, 'Subnet ID': 'subnet-0a1b2c3d' },
    RequestId: activityId,
    StartTime: time,
    EndTime: time,
    EC2InstanceId: instance,
    Cause: `At ${time} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 0 to 1.`,
  };
  return successful
    ? { ...envelope, 'detail-type': DetailType.InstanceLaunchSuccessful, detail: { ...common, StatusCode: 'InProgress', StatusMessage: '', Description: `Launching a new EC2 instance: ${instance}` } }
    : {
        ...envelope,
        'detail-type': DetailType.InstanceLaunchUnsuccessful,
        detail: {
          ...common,
          StatusCode: 'Failed',
          StatusMessage:
            options.statusMessage ??
            `We currently do not have sufficient ${SAMPLE.instanceType} capacity in the Availability Zone you requested (${availabilityZone}). Launching EC2 instance failed.`,
          Description: `Launching a new EC2 instance: ${instance}.  Status Reason: Launching EC2 instance failed.`,
        },
      };
}
