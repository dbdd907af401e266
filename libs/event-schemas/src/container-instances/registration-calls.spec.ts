import { sampleBatchClusterArn } from '../sample-resources/sample-resources';
import { containerInstanceFacts } from './container-instance';
import { buildContainerInstanceRegistrationCall, containerInstanceRegistrationCallSchema } from './registration-calls';

describe('RegisterContainerInstance calls', () => {
  it('are built valid with the cluster as a bare name', () => {
    const event = buildContainerInstanceRegistrationCall();
    expect(containerInstanceRegistrationCallSchema.safeParse(event).success).toBe(true);
    expect(event.detail.requestParameters.cluster).toMatch(/^AWSBatch-/);
  });

  it('are built valid with the cluster as an ARN', () => {
    const event = buildContainerInstanceRegistrationCall({ cluster: sampleBatchClusterArn() });
    expect(containerInstanceRegistrationCallSchema.safeParse(event).success).toBe(true);
  });

  it('return the instance with its EC2 id, attributes and registered resources', () => {
    const event = buildContainerInstanceRegistrationCall({ instanceType: 'r6i.large', registeredMemory: 15000 });
    const instance = event.detail.responseElements?.containerInstance;
    expect(instance?.containerInstanceArn).toMatch(/:container-instance\/AWSBatch-/);
    expect(instance === undefined ? undefined : containerInstanceFacts(instance)).toMatchObject({
      ec2InstanceId: 'i-0123456789abcdef0',
      instanceType: 'r6i.large',
      availabilityZone: 'us-east-1a',
      cpuArchitecture: 'x86_64',
      amiId: 'ami-0abcdef1234567890',
      registeredCpu: 4096,
      registeredMemory: 15000,
    });
  });

  it('are built valid when the call failed, with null responseElements', () => {
    const event = buildContainerInstanceRegistrationCall({ errorCode: 'AccessDeniedException' });
    expect(containerInstanceRegistrationCallSchema.safeParse(event).success).toBe(true);
    expect(event.detail.responseElements).toBeNull();
  });
});

describe('DeregisterContainerInstance calls', () => {
  it('are built valid and name the instance that leaves', () => {
    const event = buildContainerInstanceRegistrationCall({ eventName: 'DeregisterContainerInstance' });
    const parsed = containerInstanceRegistrationCallSchema.parse(event);
    expect(parsed.detail.eventName).toBe('DeregisterContainerInstance');
    if (parsed.detail.eventName === 'DeregisterContainerInstance') {
      expect(parsed.detail.requestParameters.containerInstance).toMatch(/:container-instance\//);
    }
  });

  it('do not need the request to name the container instance: the response does', () => {
    const event = buildContainerInstanceRegistrationCall({ eventName: 'DeregisterContainerInstance' });
    const detail = { ...event.detail, requestParameters: { cluster: 'AWSBatch-x' } };
    expect(containerInstanceRegistrationCallSchema.safeParse({ ...event, detail }).error).toBeUndefined();
  });

  it('require the cluster', () => {
    const event = buildContainerInstanceRegistrationCall({ eventName: 'DeregisterContainerInstance' });
    const detail = { ...event.detail, requestParameters: { containerInstance: 'i-1' } };
    const parsed = containerInstanceRegistrationCallSchema.safeParse({ ...event, detail });
    expect(parsed.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['detail.requestParameters.cluster']);
  });
});

describe('containerInstanceRegistrationCallSchema', () => {
  it('rejects another ECS call', () => {
    const event = buildContainerInstanceRegistrationCall();
    const parsed = containerInstanceRegistrationCallSchema.safeParse({ ...event, detail: { ...event.detail, eventName: 'RunTask' } });
    expect(parsed.error?.issues[0]?.path).toEqual(['detail', 'eventName']);
  });
});
