import documentedSuccessful from './__fixtures__/instance-launch-successful.aws-docs.json';
import { buildInstanceActivity } from './instance-activity';
import { BATCH_GROUP_NAME_MARKER, batchInstanceLaunchPattern, computeEnvironmentOfGroup } from './batch-groups';

describe('the compute environment of a group', () => {
  it('is the name before the last -asg-, which a compute environment’s own name may contain', () => {
    expect(computeEnvironmentOfGroup(`my${BATCH_GROUP_NAME_MARKER}ce${BATCH_GROUP_NAME_MARKER}0a1b2c3d-0000-4000-8000-000000000000`)).toBe(`my${BATCH_GROUP_NAME_MARKER}ce`);
  });

  it('is none for a group not named like Batch’s, such as the documented sample’s', () => {
    expect(computeEnvironmentOfGroup(documentedSuccessful.detail.AutoScalingGroupName)).toBeUndefined();
    expect(computeEnvironmentOfGroup(`${BATCH_GROUP_NAME_MARKER}0a1b`)).toBeUndefined();
  });

  it('is the built events’ compute environment', () => {
    expect(computeEnvironmentOfGroup(buildInstanceActivity().detail.AutoScalingGroupName)).toBe('batchmon-ce');
  });
});

describe('the pattern of Batch groups’ launches', () => {
  it('takes launches, successful or not, and no termination', () => {
    expect(batchInstanceLaunchPattern['detail-type']).toEqual(['EC2 Instance Launch Successful', 'EC2 Instance Launch Unsuccessful']);
  });

  it('takes groups named like Batch’s by a wildcard', () => {
    expect(batchInstanceLaunchPattern.detail.AutoScalingGroupName).toEqual([{ wildcard: `*${BATCH_GROUP_NAME_MARKER}*` }]);
  });
});
