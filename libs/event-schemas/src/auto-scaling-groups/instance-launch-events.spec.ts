// Fixtures reproduced from the Amazon EC2 Auto Scaling User Guide, "Amazon EC2 Auto Scaling event
// reference" (https://docs.aws.amazon.com/autoscaling/ec2/userguide/ec2-auto-scaling-event-reference.html).
import documentedSuccessful from './__fixtures__/instance-launch.successful.aws-docs.json';
import documentedUnsuccessful from './__fixtures__/instance-launch.unsuccessful.aws-docs.json';
import { familyOf } from '../validation/family-of';
import { EventFamily } from '../eventbridge/event-families';
import {
  LAUNCH_FAILURE_CLASS_NAMES,
  buildInstanceLaunch,
  computeEnvironmentOfGroup,
  instanceLaunchPattern,
  instanceLaunchSchema,
  launchFailureClass,
} from './instance-launch-events';

describe('instance launch events', () => {
  it('validate both documented samples', () => {
    expect(instanceLaunchSchema.safeParse(documentedSuccessful).success).toBe(true);
    expect(instanceLaunchSchema.safeParse(documentedUnsuccessful).success).toBe(true);
  });

  it('belong to their own family, successful or not', () => {
    expect(familyOf(documentedSuccessful)).toBe(EventFamily.AutoScalingInstanceLaunch);
    expect(familyOf(documentedUnsuccessful)).toBe(EventFamily.AutoScalingInstanceLaunch);
  });

  it('require the instance of a successful launch, which a launch that never registers is found by', () => {
    const { EC2InstanceId: _dropped, ...detail } = documentedSuccessful.detail;
    const parsed = instanceLaunchSchema.safeParse({ ...documentedSuccessful, detail });
    expect(parsed.success).toBe(false);
  });

  it('let a failed launch name no instance', () => {
    const { EC2InstanceId: _dropped, ...detail } = documentedUnsuccessful.detail;
    expect(instanceLaunchSchema.safeParse({ ...documentedUnsuccessful, detail }).success).toBe(true);
  });

  it('are built valid, named after their compute environment’s group', () => {
    for (const successful of [true, false]) {
      const event = buildInstanceLaunch({ successful, computeEnvironment: 'gpu-spot' });
      expect(instanceLaunchSchema.safeParse(event).success).toBe(true);
      expect(computeEnvironmentOfGroup(event.detail.AutoScalingGroupName)).toBe('gpu-spot');
    }
  });

  it('are matched at the rule only for groups named like Batch’s', () => {
    expect(instanceLaunchPattern.detail.AutoScalingGroupName).toEqual([{ wildcard: '*-asg-*' }]);
    expect(computeEnvironmentOfGroup(documentedSuccessful.detail.AutoScalingGroupName)).toBeUndefined();
  });
});

describe('the compute environment of a group', () => {
  it('is the name before the last -asg-, which a compute environment’s own name may contain', () => {
    expect(computeEnvironmentOfGroup('my-asg-ce-asg-0a1b2c3d-0000-4000-8000-000000000000')).toBe('my-asg-ce');
  });

  it('is none for a name that starts with the marker', () => {
    expect(computeEnvironmentOfGroup('-asg-0a1b')).toBeUndefined();
  });
});

describe('the class of a launch failure', () => {
  it('recognises insufficient capacity, on demand and Spot', () => {
    expect(launchFailureClass('We currently do not have sufficient p4d.24xlarge capacity in the Availability Zone you requested (us-east-1a).')).toBe('insufficient-capacity');
    expect(launchFailureClass('Could not launch Spot Instances. InsufficientInstanceCapacity - There is no Spot capacity available that matches your request.')).toBe(
      'insufficient-capacity',
    );
  });

  it('recognises a vCPU limit', () => {
    expect(launchFailureClass('You have requested more vCPU capacity than your current vCPU limit of 32 allows for the instance bucket that the specified instance type belongs to.')).toBe(
      'vcpu-limit',
    );
  });

  it('calls anything else other, the documented placeholder included', () => {
    expect(launchFailureClass(documentedUnsuccessful.detail.StatusMessage)).toBe('other');
    expect(LAUNCH_FAILURE_CLASS_NAMES.at(-1)).toBe('other');
  });
});
