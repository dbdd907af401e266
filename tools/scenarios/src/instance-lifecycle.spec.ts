import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { buildContainerInstanceRegistrationCall } from '@batchmon/event-schemas';
import { DEFAULT_INSTANCE_RETENTION } from '@batchmon/correlation';
import { startScenario, type Scenario } from './scenario-kit';

// Story: an instance registers (the event is delivered twice, as EventBridge may), later
// deregisters. It is counted once each way; its item keeps what the registration said and expires
// some days after the deregistration.

const arn = 'arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-spot-ce-6f0b2c1e-8d3a-4e5f-9a7b-1c2d3e4f5a6b/1111';
const cluster = 'AWSBatch-spot-ce-6f0b2c1e-8d3a-4e5f-9a7b-1c2d3e4f5a6b';
const registration = buildContainerInstanceRegistrationCall({
  cluster,
  containerInstanceArn: arn,
  ec2InstanceId: 'i-0aaa',
  availabilityZone: 'eu-west-1c',
  instanceType: 'c5.2xlarge',
  cpuArchitecture: 'x86_64',
  registeredCpu: 8192,
  registeredMemory: 15000,
  time: '2024-05-01T12:00:00Z',
});
const deregistration = buildContainerInstanceRegistrationCall({
  eventName: 'DeregisterContainerInstance',
  cluster,
  containerInstanceArn: arn,
  ec2InstanceId: 'i-0aaa',
  time: '2024-05-01T13:00:00Z',
});

describe('an instance that registers twice and then deregisters', () => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.run(registration, registration, deregistration);
  });
  afterAll(() => scenario.close());

  const item = async (): Promise<Record<string, unknown> | undefined> => {
    const { Item } = await scenario.batchmon.pipeline.dynamo.send(
      new GetItemCommand({ TableName: scenario.batchmon.pipeline.template.table('InstancesTable').tableName, Key: { containerInstanceArn: { S: arn } } }),
    );
    return Item;
  };

  it('counts the registration once', () => {
    expect(scenario.recordsOf('InstanceRegistrations')).toHaveLength(1);
  });

  it('counts the repeated delivery as a skipped duplicate', () => {
    expect(scenario.batchmon.summary().skipped).toEqual({ 'duplicate-registration': 1 });
  });

  it('counts the deregistration with the placement the instance registered with', () => {
    const [record] = scenario.recordsOf('InstanceDeregistrations');
    expect(record?.dimensions).toMatchObject({
      ComputeEnvironment: 'spot-ce',
      AvailabilityZone: 'eu-west-1c',
      InstanceType: 'c5.2xlarge',
    });
  });

  it('keeps the instance item with its compute environment, type, AZ and registered resources', async () => {
    expect(await item()).toMatchObject({
      ec2InstanceId: { S: 'i-0aaa' },
      cluster: { S: cluster },
      computeEnvironment: { S: 'spot-ce' },
      availabilityZone: { S: 'eu-west-1c' },
      instanceType: { S: 'c5.2xlarge' },
      cpuArchitecture: { S: 'x86_64' },
      registeredCpu: { N: '8192' },
      registeredMemory: { N: '15000' },
      registeredAt: { S: '2024-05-01T12:00:00Z' },
      deregisteredAt: { S: '2024-05-01T13:00:00Z' },
    });
  });

  it('expires the item some days after the deregistration', async () => {
    const expected = Date.parse('2024-05-01T13:00:00Z') / 1000 + DEFAULT_INSTANCE_RETENTION.afterDeregistrationDays * 86400;
    expect((await item())?.['expiresAt']).toEqual({ N: String(expected) });
  });
});
