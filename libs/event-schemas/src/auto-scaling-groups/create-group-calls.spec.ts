import { batchLaunchTemplateName, buildCreateAutoScalingGroupCall, createAutoScalingGroupCallSchema } from './create-group-calls';

describe('CreateAutoScalingGroup calls', () => {
  it('are built valid with the launch template named directly', () => {
    const event = buildCreateAutoScalingGroupCall();
    expect(createAutoScalingGroupCallSchema.safeParse(event).success).toBe(true);
    expect(event.detail.requestParameters.launchTemplate?.launchTemplateName).toMatch(/^Batch-lt-/);
  });

  it('are built valid with the launch template inside a mixed instances policy', () => {
    const event = buildCreateAutoScalingGroupCall({ launchTemplateIn: 'mixedInstancesPolicy' });
    expect(createAutoScalingGroupCallSchema.safeParse(event).success).toBe(true);
    expect(event.detail.requestParameters.launchTemplate).toBeUndefined();
  });

  it('carry the group name Batch chose', () => {
    expect(buildCreateAutoScalingGroupCall().detail.requestParameters.autoScalingGroupName).toMatch(/^batchmon-ce-asg-/);
  });

  it('require the group name', () => {
    const event = buildCreateAutoScalingGroupCall();
    const requestParameters = { ...event.detail.requestParameters, autoScalingGroupName: undefined };
    const parsed = createAutoScalingGroupCallSchema.safeParse({ ...event, detail: { ...event.detail, requestParameters } });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual([
      'detail.requestParameters.autoScalingGroupName',
    ]);
  });
});

describe('batchLaunchTemplateName', () => {
  it('finds the Batch launch template wherever the request names it', () => {
    expect(batchLaunchTemplateName(buildCreateAutoScalingGroupCall())).toMatch(/^Batch-lt-/);
    expect(batchLaunchTemplateName(buildCreateAutoScalingGroupCall({ launchTemplateIn: 'mixedInstancesPolicy' }))).toMatch(
      /^Batch-lt-/,
    );
  });

  it('returns undefined for a group of another launch template', () => {
    expect(batchLaunchTemplateName(buildCreateAutoScalingGroupCall({ launchTemplateName: 'web-lt' }))).toBeUndefined();
  });
});
