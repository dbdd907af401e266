import { instanceActivitySchema } from '@batchmon/event-schemas';
import { renderInstanceActivity, type InstanceActivityInput } from './instance-activities';

const LAUNCH: InstanceActivityInput = {
  eventId: 'e1',
  activityId: 'a1',
  requestId: 'r1',
  at: Date.parse('2024-05-01T08:02:09.400Z'),
  detailType: 'EC2 Instance Launch Successful',
  autoScalingGroupName: 'gpu-ce-asg-1b2c',
  autoScalingGroupId: 'g1',
  ec2InstanceId: 'i-0123456789abcdef0',
  availabilityZone: 'us-east-1b',
  subnetId: 'subnet-0b',
  startedAt: Date.parse('2024-05-01T08:02:04.100Z'),
  capacityFrom: 1,
  capacityTo: 2,
};

describe('renderInstanceActivity', () => {
  it('renders a launch as the group’s activity about the instance, with Auto Scaling’s cause', () => {
    const event = renderInstanceActivity(LAUNCH);
    expect(instanceActivitySchema.safeParse(event).success).toBe(true);
    expect(event).toMatchObject({ id: 'e1', time: '2024-05-01T08:02:09Z' });
    expect(event.resources).toEqual([
      'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:g1:autoScalingGroupName/gpu-ce-asg-1b2c',
      'arn:aws:ec2:us-east-1:123456789012:instance/i-0123456789abcdef0',
    ]);
    expect(event.detail).toMatchObject({
      ActivityId: 'a1',
      RequestId: 'r1',
      StartTime: '2024-05-01T08:02:04Z',
      EC2InstanceId: 'i-0123456789abcdef0',
      Details: { 'Availability Zone': 'us-east-1b', 'Subnet ID': 'subnet-0b' },
      Cause: 'At 2024-05-01T08:02:04Z an instance was started in response to a difference between desired and actual capacity, increasing the capacity from 1 to 2.',
    });
  });

  it('renders a failed launch with no instance and EC2’s answer as the status message and reason', () => {
    const message = 'Max spot instance count exceeded. Launching EC2 instance failed.';
    const { ec2InstanceId: _none, ...failed } = LAUNCH;
    const event = renderInstanceActivity({ ...failed, detailType: 'EC2 Instance Launch Unsuccessful', statusMessage: message });
    expect(event.resources).toHaveLength(1);
    expect(event.detail).toMatchObject({ StatusCode: 'Failed', EC2InstanceId: '', StatusMessage: message, Description: `Launching a new EC2 instance.  Status Reason: ${message}` });
  });

  it('renders a termination as the instance taken out of service', () => {
    const event = renderInstanceActivity({ ...LAUNCH, detailType: 'EC2 Instance Terminate Successful', capacityFrom: 2, capacityTo: 1 });
    expect(event.detail.Description).toBe('Terminating EC2 instance: i-0123456789abcdef0');
    expect(event.detail.Cause).toMatch(/taken out of service .* shrinking the capacity from 2 to 1\.$/);
  });
});
