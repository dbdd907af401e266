import { BatchWriteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { CAPACITY_LEVELS_BOUNDS, WORKFLOW_NAMES } from '@batchmon/correlation';
import { buildContainerInstanceStateChange } from '@batchmon/event-schemas';
import { parseEmfLine } from '@batchmon/metrics';
import { startScenario, type Scenario } from './scenario-kit';

// Story: two c5.xlarge instances (4 vCPUs, 7,680 MiB each) join compute environment "spot-ce" in
// us-east-1a — one of them started before batchmon was deployed, so only its container instance
// events are ever seen. A job reserves 2 vCPUs and 4,000 MiB on the first; an old event arrives
// late; then the second instance is terminated — one change a minute. Every minute, the
// MinuteLevels workflow publishes the levels the instance items hold, stamped with the minute,
// without any Describe call; the changes themselves send no metric.

const arn = (id: string): string =>
  `arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-spot-ce-6f0b2c1e-8d3a-4e5f-9a7b-1c2d3e4f5a6b/${id}`;
const change = (id: string, version: number, minute: number, extra: { status?: string; remainingCpu?: number; remainingMemory?: number } = {}) =>
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
    time: new Date(Date.UTC(2024, 4, 1, 12, minute, 10)).toISOString(),
    detail: { version },
  });

/** The minute after the last change: the schedule fires there once the run is advanced to it. */
const after = (minute: number): string => new Date(Date.UTC(2024, 4, 1, 12, minute + 1, 0)).toISOString();

/** The published levels of `metric` at a dimension set, by the minute they are stamped with. */
const levels = (scenario: Scenario, metric: string, dimensionCount: number): Record<string, number> =>
  Object.fromEntries(
    scenario
      .recordsOf(metric)
      .filter((r) => Object.keys(r.dimensions).length === dimensionCount)
      // The four levels of a minute share a line: read this metric's value.
      .map((r) => [new Date(r.timestamp).toISOString().slice(11, 16), Number(r.metrics.find((one) => one.name === metric)?.value)]),
  );

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
    await scenario.batchmon.advanceTo(after(4));
    await scenario.batchmon.flush();
  });
  afterAll(() => scenario.close());

  it('publishes every minute the registered vCPUs of the compute environment, as the changes before the minute left them', () => {
    expect(levels(scenario, 'RegisteredVcpus', 1)).toEqual({ '12:01': 4, '12:02': 8, '12:03': 8, '12:04': 8, '12:05': 4 });
  });

  it('publishes every minute the reserved vCPUs and memory', () => {
    expect(levels(scenario, 'ReservedVcpus', 1)).toEqual({ '12:01': 0, '12:02': 0, '12:03': 2, '12:04': 2, '12:05': 2 });
    expect(levels(scenario, 'ReservedMemory', 1)).toEqual({ '12:01': 0, '12:02': 0, '12:03': 4000, '12:04': 4000, '12:05': 4000 });
  });

  it('publishes the same levels by instance type and AZ', () => {
    expect(levels(scenario, 'RegisteredMemory', 3)).toEqual({ '12:01': 7680, '12:02': 15360, '12:03': 15360, '12:04': 15360, '12:05': 7680 });
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
      // Counting: type, AZ, registered and remaining CPU and MiB in one attribute, which the minute levels sum.
      cap: { S: 'c5.xlarge|us-east-1a|4096|7680|2048|3680' },
    });
  });

  it('publishes the levels from the minute workflow alone: a change sends no metric of its own, the late one only its skip', () => {
    expect(scenario.batchmon.summary().scheduledExecutions).toBe(5);
    const published = scenario.batchmon.emfLines.map((line) => parseEmfLine(line));
    const levelsOnTheMinute = published.filter((line) => line.metrics.some((metric) => metric.name === 'RegisteredVcpus') && line.timestamp % 60_000 === 0);
    const others = published.filter((line) => !levelsOnTheMinute.includes(line));
    expect(levelsOnTheMinute.length).toBeGreaterThan(0);
    expect(others.map((line) => [line.metrics.map((metric) => metric.name), line.dimensions['Workflow']])).toEqual([[['SkippedEvents'], WORKFLOW_NAMES.containerInstanceState]]);
  });

  it('stops counting an instance that leaves ACTIVE and DRAINING', async () => {
    const { Item } = await scenario.batchmon.pipeline.dynamo.send(
      new GetItemCommand({
        TableName: scenario.batchmon.pipeline.template.table('InstancesTable').tableName,
        Key: { containerInstanceArn: { S: arn('b') } },
      }),
    );
    expect(Item?.['status']).toEqual({ S: 'INACTIVE' });
    expect(Item?.['cap']).toBeUndefined();
  });
});

describe('the capacity of a compute environment whose last instance leaves', () => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.run(change('a', 1, 0), change('a', 2, 1, { status: 'INACTIVE' }));
    await scenario.batchmon.advanceTo(after(1));
    await scenario.batchmon.flush();
  });
  afterAll(() => scenario.close());

  it('falls to zero, by compute environment and by instance type and AZ', () => {
    expect(levels(scenario, 'RegisteredVcpus', 1)).toEqual({ '12:01': 4, '12:02': 0 });
    expect(levels(scenario, 'RegisteredVcpus', 3)).toEqual({ '12:01': 4, '12:02': 0 });
    expect(scenario.batchmon.summary().deadLetters).toBe(0);
  });
});

// Story: a compute environment has grown to more instances than one Scan page holds. Its levels
// are summed over every page, never from the first page alone.
describe('the capacity of a compute environment larger than a page of the instances table', () => {
  let scenario: Scenario & { close(): Promise<void> };
  const instances = 2 * CAPACITY_LEVELS_BOUNDS.itemsPerPage + 200;

  beforeAll(async () => {
    scenario = await startScenario();
    const table = scenario.batchmon.pipeline.template.table('InstancesTable').tableName;
    const items = Array.from({ length: instances }, (_, index) => ({
      containerInstanceArn: { S: arn(`big-${index}`) },
      computeEnvironment: { S: 'big-ce' },
      instanceType: { S: 'c5.xlarge' },
      availabilityZone: { S: 'us-east-1a' },
      cap: { S: 'c5.xlarge|us-east-1a|4096|7680|3072|7680' },
    }));
    for (let start = 0; start < items.length; start += 25) {
      const batch = items.slice(start, start + 25).map((Item) => ({ PutRequest: { Item } }));
      await scenario.batchmon.pipeline.dynamo.send(new BatchWriteItemCommand({ RequestItems: { [table]: batch } }));
    }
    await scenario.run(change('a', 1, 0, { status: 'INACTIVE' }));
    await scenario.batchmon.advanceTo(after(0));
    await scenario.batchmon.flush();
  }, 120_000);
  afterAll(() => scenario.close());

  it('sums the instances of every page', () => {
    const big = scenario
      .recordsOf('RegisteredVcpus')
      .filter((r) => r.dimensions['ComputeEnvironment'] === 'big-ce' && Object.keys(r.dimensions).length === 1)
      .map((r) => [r.metrics.find((one) => one.name === 'RegisteredVcpus')?.value, r.metrics.find((one) => one.name === 'ReservedVcpus')?.value]);
    expect(big).toEqual([[4 * instances, 1 * instances]]);
  });
});
