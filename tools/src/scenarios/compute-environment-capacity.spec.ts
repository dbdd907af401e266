import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { buildContainerInstanceStateChange } from '@batchmon/event-schemas';
import { startScenario, type Scenario } from './scenario-kit';

// Story: two c5.xlarge instances (4 vCPUs, 7,680 MiB each) join compute environment "spot-ce" in
// us-east-1a — one of them started before batchmon was deployed, so only its container instance
// events are ever seen. A job reserves 2 vCPUs and 4,000 MiB on the first; an old event arrives
// late; then the second instance is terminated. The capacity levels follow, without any polling.

const arn = (id: string): string =>
  `arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-spot-ce-6f0b2c1e-8d3a-4e5f-9a7b-1c2d3e4f5a6b/${id}`;
const change = (id: string, version: number, second: number, extra: { status?: string; remainingCpu?: number; remainingMemory?: number } = {}) =>
  buildContainerInstanceStateChange({
    computeEnvironment: 'spot-ce',
    containerInstanceArn: arn(id),
    ec2InstanceId: `i-${id}`,
    availabilityZone: 'us-east-1a',
    instanceType: 'c5.xlarge',
    registeredCpu: 4096,
    registeredMemory: 7680,
    remainingCpu: extra.remainingCpu ?? 4096,
    remainingMemory: extra.remainingMemory ?? 7680,
    status: extra.status ?? 'ACTIVE',
    time: new Date(Date.UTC(2024, 4, 1, 12, 0, second)).toISOString(),
    detail: { version },
  });

const levels = (scenario: Scenario, metric: string, dimensionCount: number): number[] =>
  scenario
    .recordsOf(metric)
    .filter((r) => Object.keys(r.dimensions).length === dimensionCount)
    // The four levels of one change share a line: read this metric's value.
    .map((r) => Number(r.metrics.find((one) => one.name === metric)?.value));

describe('the capacity of a compute environment', () => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.run(
      change('a', 1, 0),
      change('b', 1, 1),
      change('a', 2, 2, { remainingCpu: 2048, remainingMemory: 3680 }),
      change('a', 1, 3), // an old event, delivered late
      change('b', 2, 4, { status: 'INACTIVE' }),
    );
  });
  afterAll(() => scenario.close());

  it('gives the registered vCPUs of the compute environment after each change', () => {
    expect(levels(scenario, 'RegisteredVcpus', 1)).toEqual([4, 8, 8, 4]);
  });

  it('gives the reserved vCPUs and memory after each change', () => {
    expect(levels(scenario, 'ReservedVcpus', 1)).toEqual([0, 0, 2, 2]);
    expect(levels(scenario, 'ReservedMemory', 1)).toEqual([0, 0, 4000, 4000]);
  });

  it('gives the same levels by instance type and AZ', () => {
    expect(levels(scenario, 'RegisteredMemory', 3)).toEqual([7680, 15360, 15360, 7680]);
    const [first] = scenario.recordsOf('RegisteredMemory').filter((r) => Object.keys(r.dimensions).length === 3);
    expect(first?.dimensions).toEqual({ ComputeEnvironment: 'spot-ce', InstanceType: 'c5.xlarge', AvailabilityZone: 'us-east-1a' });
  });

  it('ignores an older change of an instance, counting it as skipped', () => {
    expect(scenario.batchmon.summary().skipped).toEqual({ 'stale-or-duplicate-version': 1 });
  });

  it('makes an instance it never saw register known, with its AZ, type and compute environment', async () => {
    const { Item } = await scenario.batchmon.pipeline.dynamo.send(
      new GetItemCommand({
        TableName: scenario.batchmon.pipeline.template.table('InstancesTable').tableName,
        Key: { containerInstanceArn: { S: arn('a') } },
      }),
    );
    expect(Item).toMatchObject({
      ec2InstanceId: { S: 'i-a' },
      computeEnvironment: { S: 'spot-ce' },
      availabilityZone: { S: 'us-east-1a' },
      instanceType: { S: 'c5.xlarge' },
      // In the counting index, with type, AZ, registered and remaining CPU and MiB in one attribute.
      countingIn: { S: 'spot-ce' },
      cap: { S: 'c5.xlarge|us-east-1a|4096|7680|2048|3680' },
    });
  });

  it('takes an instance that stops counting out of the counting index', async () => {
    const { Item } = await scenario.batchmon.pipeline.dynamo.send(
      new GetItemCommand({
        TableName: scenario.batchmon.pipeline.template.table('InstancesTable').tableName,
        Key: { containerInstanceArn: { S: arn('b') } },
      }),
    );
    expect(Item?.['status']).toEqual({ S: 'INACTIVE' });
    expect(Item?.['countingIn']).toBeUndefined();
    expect(Item?.['cap']).toBeUndefined();
  });
});

describe('the capacity of a compute environment whose last instance leaves', () => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.run(change('a', 1, 0), change('a', 2, 1, { status: 'INACTIVE' }));
  });
  afterAll(() => scenario.close());

  it('falls to zero, by compute environment and by instance type and AZ', () => {
    expect(levels(scenario, 'RegisteredVcpus', 1)).toEqual([4, 0]);
    expect(levels(scenario, 'RegisteredVcpus', 3)).toEqual([4, 0]);
    expect(scenario.batchmon.summary().deadLetters).toBe(0);
  });
});
