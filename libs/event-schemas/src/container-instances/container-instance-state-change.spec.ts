// Fixture reproduced from the Amazon ECS Developer Guide, "Amazon ECS events" → "Container instance
// state change events" (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_container_instance_events.html).
import documentedInstance from './__fixtures__/container-instance-state-change.aws-docs.json';
import { containerInstanceFacts } from './container-instance';
import { containerInstanceStateChangeSchema } from './container-instance-state-change';
import { buildContainerInstanceStateChange } from './container-instance-state-change.builder';

describe('the documented container instance state change sample', () => {
  it('validates', () => {
    expect(containerInstanceStateChangeSchema.safeParse(documentedInstance).success).toBe(true);
  });

  it('yields registered and remaining CPU and memory, and no location attributes', () => {
    const event = containerInstanceStateChangeSchema.parse(documentedInstance);
    expect(containerInstanceFacts(event.detail)).toEqual({
      ec2InstanceId: 'i-f3a8506b',
      availabilityZone: undefined,
      instanceType: undefined,
      cpuArchitecture: undefined,
      amiId: undefined,
      registeredCpu: 2048,
      registeredMemory: 3767,
      remainingCpu: 1988,
      remainingMemory: 767,
    });
  });
});

describe('buildContainerInstanceStateChange', () => {
  it('builds a valid event', () => {
    expect(containerInstanceStateChangeSchema.safeParse(buildContainerInstanceStateChange()).success).toBe(true);
  });

  it('reports the attributes and resources it was given', () => {
    const event = buildContainerInstanceStateChange({
      instanceType: 'c6g.2xlarge',
      cpuArchitecture: 'arm64',
      availabilityZone: 'us-east-1c',
      amiId: 'ami-0123',
      remainingCpu: 1024,
      remainingMemory: 512,
    });
    expect(containerInstanceFacts(event.detail)).toMatchObject({
      instanceType: 'c6g.2xlarge',
      cpuArchitecture: 'arm64',
      availabilityZone: 'us-east-1c',
      amiId: 'ami-0123',
      remainingCpu: 1024,
      remainingMemory: 512,
    });
  });

  it('puts the instance in the Batch cluster of its compute environment', () => {
    expect(buildContainerInstanceStateChange({ computeEnvironment: 'ce-9' }).detail.clusterArn).toMatch(
      /:cluster\/AWSBatch-ce-9-/,
    );
  });
});

describe('containerInstanceStateChangeSchema', () => {
  it('requires the container instance ARN', () => {
    const detail = { ...buildContainerInstanceStateChange().detail, containerInstanceArn: undefined };
    const parsed = containerInstanceStateChangeSchema.safeParse({ ...buildContainerInstanceStateChange(), detail });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['detail.containerInstanceArn']);
  });

  it('accepts an instance without EC2 id', () => {
    const detail = { ...buildContainerInstanceStateChange().detail, ec2InstanceId: undefined };
    expect(containerInstanceStateChangeSchema.safeParse({ ...buildContainerInstanceStateChange(), detail }).success).toBe(true);
  });
});
