// Fixtures reproduced from the Amazon EC2 Auto Scaling event reference (see __fixtures__/SOURCES.md).
import documentedLaunch from './__fixtures__/instance-launch-successful.aws-docs.json';
import documentedLaunchFailure from './__fixtures__/instance-launch-unsuccessful.aws-docs.json';
import documentedTermination from './__fixtures__/instance-terminate-successful.aws-docs.json';
import { familyOf } from '../validation/family-of';
import { validateEvent } from '../validation/validate-event';
import { EventFamily } from '../eventbridge/event-families';
import {
  INSTANCE_ACTIVITY_DETAIL_TYPES,
  buildInstanceActivity,
  instanceActivitySchema,
  launchFailureClass,
} from './instance-activity';

describe('Auto Scaling instance activity events', () => {
  it.each([
    ['launch', documentedLaunch],
    ['failed launch', documentedLaunchFailure],
    ['termination', documentedTermination],
  ])('validate the documented %s sample', (_name, event) => {
    const validation = validateEvent(event);
    expect(validation.ok ? [] : validation.issues).toEqual([]);
  });

  it.each([documentedLaunch, documentedLaunchFailure, documentedTermination])('classify the documented samples as one family', (event) => {
    expect(familyOf(event)).toBe(EventFamily.AutoScalingInstanceActivity);
  });

  it('leave other aws.autoscaling events to no family (lifecycle actions are not consumed)', () => {
    expect(familyOf({ ...documentedLaunch, 'detail-type': 'EC2 Instance-launch Lifecycle Action' })).toBeUndefined();
  });

  it('leave the same detail-type from another source to no family', () => {
    expect(familyOf({ ...documentedLaunch, source: 'custom.autoscaling' })).toBeUndefined();
  });

  it.each(INSTANCE_ACTIVITY_DETAIL_TYPES)('are built valid as %s', (detailType) => {
    const event = buildInstanceActivity({ detailType, autoScalingGroupName: 'gpu-ce-asg-1' });
    expect(instanceActivitySchema.safeParse(event).success).toBe(true);
    expect(event.detail.AutoScalingGroupName).toBe('gpu-ce-asg-1');
  });

  it('build the activity in the zone and subnet given', () => {
    const event = buildInstanceActivity({ availabilityZone: 'us-east-1c', subnetId: 'subnet-0c' });
    expect(event.detail.Details).toEqual({ 'Availability Zone': 'us-east-1c', 'Subnet ID': 'subnet-0c' });
  });

  it('build a failed launch without an instance and with EC2’s capacity message', () => {
    const event = buildInstanceActivity({ detailType: 'EC2 Instance Launch Unsuccessful' });
    expect(event.detail.EC2InstanceId).toBe('');
    expect(launchFailureClass(event.detail.StatusMessage)).toBe('insufficient-capacity');
  });

  it('require the Auto Scaling group', () => {
    const { AutoScalingGroupName: _omitted, ...detail } = buildInstanceActivity().detail;
    const parsed = instanceActivitySchema.safeParse({ ...buildInstanceActivity(), detail });
    expect(parsed.success).toBe(false);
  });
});

describe('launchFailureClass', () => {
  it.each([
    [
      'We currently do not have sufficient g4dn.xlarge capacity in the Availability Zone you requested (us-west-2a). Our system will be working on provisioning additional capacity. You can currently get g4dn.xlarge capacity by not specifying an Availability Zone in your request or choosing us-west-2b, us-west-2c. Launching EC2 instance failed.',
      'insufficient-capacity',
    ],
    ['There is no Spot capacity available that matches your request. Launching EC2 instance failed.', 'insufficient-capacity'],
    [
      'You have requested more vCPU capacity than your current vCPU limit of 384 allows for the instance bucket that the specified instance type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit. Launching EC2 instance failed.',
      'vcpu-limit',
    ],
    [
      'You have requested more instances (4) than your current instance limit of 2 allows for the specified instance type. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit. Launching EC2 instance failed.',
      'vcpu-limit',
    ],
    ['Max spot instance count exceeded. Launching EC2 instance failed.', 'vcpu-limit'],
    ["The image id '[ami-0e2a7c5d1f3b46a80]' does not exist. Launching EC2 instance failed.", 'other'],
    ['message-text', 'other'],
  ])('classifies "%s" as %s', (message, expected) => {
    expect(launchFailureClass(message)).toBe(expected);
  });

  it('classifies a missing message as other', () => {
    expect(launchFailureClass(undefined)).toBe('other');
  });
});
