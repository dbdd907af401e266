import { buildInstanceActivity, type InstanceActivity, type InstanceActivityDetailType } from '@batchmon/event-schemas';
import { arn } from './aws-arns';
import { envelopeTime } from './event-time';

/** One scaling activity of a compute environment's Auto Scaling group about one instance. */
export interface InstanceActivityInput {
  readonly eventId: string;
  readonly activityId: string;
  /** The request the activity answers (Auto Scaling's id, distinct from the activity's). */
  readonly requestId: string;
  readonly at: number;
  readonly detailType: InstanceActivityDetailType;
  readonly autoScalingGroupName: string;
  /** The group's id in its ARN. */
  readonly autoScalingGroupId: string;
  /** Absent for a failed launch (no instance was created). */
  readonly ec2InstanceId?: string;
  readonly availabilityZone: string;
  readonly subnetId: string;
  /** EC2's answer to a failed launch. */
  readonly statusMessage?: string;
  /** When the activity started (the launch or termination request). */
  readonly startedAt: number;
  /** Group capacity before and after the activity, as the `Cause` text tells it. */
  readonly capacityFrom: number;
  readonly capacityTo: number;
}

/**
 * An `EC2 Instance Launch Successful`, `EC2 Instance Launch Unsuccessful` or `EC2 Instance
 * Terminate Successful` event of a Batch compute environment's group, in the layout of the EC2 Auto
 * Scaling event reference, with Auto Scaling's `Description` and `Cause` sentences ("Launching a new
 * EC2 instance: i-…", "At <time> an instance was started in response to a difference between
 * desired and actual capacity, increasing the capacity from 1 to 2.") and, for a failed launch, an
 * empty `EC2InstanceId` and the group's "… Launching EC2 instance failed." status message.
 */
export function renderInstanceActivity(input: InstanceActivityInput): InstanceActivity {
  const failed = input.detailType === 'EC2 Instance Launch Unsuccessful';
  const launch = input.detailType !== 'EC2 Instance Terminate Successful';
  const instance = input.ec2InstanceId ?? '';
  const event = buildInstanceActivity({
    detailType: input.detailType,
    autoScalingGroupName: input.autoScalingGroupName,
    ec2InstanceId: instance,
    availabilityZone: input.availabilityZone,
    subnetId: input.subnetId,
    statusMessage: input.statusMessage ?? '',
    time: envelopeTime(input.at),
  });
  const started = envelopeTime(input.startedAt);
  const groupArn = arn('autoscaling', `autoScalingGroup:${input.autoScalingGroupId}:autoScalingGroupName/${input.autoScalingGroupName}`);
  const cause = launch
    ? `At ${started} an instance was started in response to a difference between desired and actual capacity, increasing the capacity from ${input.capacityFrom} to ${input.capacityTo}.`
    : `At ${started} an instance was taken out of service in response to a difference between desired and actual capacity, shrinking the capacity from ${input.capacityFrom} to ${input.capacityTo}.`;
  return {
    ...event,
    id: input.eventId,
    resources: instance === '' ? [groupArn] : [groupArn, arn('ec2', `instance/${instance}`)],
    detail: {
      ...event.detail,
      ActivityId: input.activityId,
      RequestId: input.requestId,
      Description: failed ? 'Launching a new EC2 instance.  Status Reason: ' + (input.statusMessage ?? '') : event.detail.Description,
      StartTime: started,
      Cause: cause,
    },
  };
}
