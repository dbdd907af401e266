import { BatchClient, DescribeComputeEnvironmentsCommand, DescribeJobQueuesCommand, type ComputeEnvironmentDetail, type JobQueueDetail } from '@aws-sdk/client-batch';
import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { CONFIGURATION_TABLE, configurationWrite, type ConfigurationItem } from '@batchmon/correlation';
import {
  BACKFILL_EVENT_ID,
  MAX_BACKFILL_ATTEMPTS,
  backfillConfig,
  describeBackfill,
  describedAsCall,
  parseArguments,
  type BatchDescribeApi,
  type ConfigurationTableApi,
  sdkBatchApi,
  sdkConfigurationTableApi,
} from './backfill-config';

const NOW = new Date('2026-11-29T18:00:00.250Z');
const spot: ComputeEnvironmentDetail = {
  computeEnvironmentName: 'spot',
  computeEnvironmentArn: 'arn:aws:batch:us-east-1:123456789012:compute-environment/spot',
  type: 'MANAGED',
  state: 'ENABLED',
  computeResources: { type: 'SPOT', minvCpus: 0, maxvCpus: 256, instanceTypes: ['c5', 'm5'], subnets: ['subnet-1'] },
};
const fargate: ComputeEnvironmentDetail = {
  computeEnvironmentName: 'fargate',
  computeEnvironmentArn: 'arn:aws:batch:us-east-1:123456789012:compute-environment/fargate',
  type: 'MANAGED',
  state: 'DISABLED',
  computeResources: { type: 'FARGATE', maxvCpus: 64, subnets: ['subnet-1'] },
};
const gpu: ComputeEnvironmentDetail = { ...spot, computeEnvironmentName: 'gpu', computeEnvironmentArn: spot.computeEnvironmentArn?.replace('spot', 'gpu') };
const queue: JobQueueDetail = {
  jobQueueName: 'high',
  jobQueueArn: 'arn:aws:batch:us-east-1:123456789012:job-queue/high',
  state: 'ENABLED',
  priority: 10,
  computeEnvironmentOrder: [
    { order: 2, computeEnvironment: fargate.computeEnvironmentArn },
    { order: 1, computeEnvironment: spot.computeEnvironmentArn },
  ],
};

/** Pages of two, as DescribeComputeEnvironments and DescribeJobQueues page, recording the tokens asked. */
function fakeBatch(computeEnvironments: readonly ComputeEnvironmentDetail[], jobQueues: readonly JobQueueDetail[]) {
  const tokens: (string | undefined)[] = [];
  const page = <T>(items: readonly T[], nextToken: string | undefined) => {
    tokens.push(nextToken);
    const start = nextToken === undefined ? 0 : Number(nextToken);
    const next = start + 2 < items.length ? String(start + 2) : undefined;
    return Promise.resolve({ items: items.slice(start, start + 2), ...(next === undefined ? {} : { nextToken: next }) });
  };
  const api: BatchDescribeApi = {
    describeComputeEnvironments: (nextToken) => page(computeEnvironments, nextToken),
    describeJobQueues: (nextToken) => page(jobQueues, nextToken),
  };
  return { api, tokens };
}

/** A table in memory with the workflow's conditions; `racing` writes lose that many times first. */
function fakeTable(initial: Record<string, ConfigurationItem> = {}, racing = 0) {
  const items = new Map(Object.entries(initial));
  let lost = 0;
  const api: ConfigurationTableApi = {
    getItem: (key) => Promise.resolve(items.get(key)),
    putItem(item, revision) {
      const key = String(item[CONFIGURATION_TABLE.partitionKey]?.['S']);
      const stored = items.get(key)?.[CONFIGURATION_TABLE.revisionAttribute]?.['N'];
      if (lost < racing || stored !== revision) {
        lost += 1;
        return Promise.resolve(false);
      }
      items.set(key, item);
      return Promise.resolve(true);
    },
  };
  return { api, items };
}

describe('backfillConfig', () => {
  it('reads every page of compute environments and job queues', async () => {
    const batch = fakeBatch([spot, fargate, gpu], [queue]);
    const report = await backfillConfig(batch.api, fakeTable().api, { now: NOW });
    expect(batch.tokens).toEqual([undefined, '2', undefined]);
    expect([report.computeEnvironments, report.jobQueues]).toEqual([3, 1]);
  });

  it('writes nothing in a dry run, and says what it would write', async () => {
    const table = fakeTable();
    const report = await backfillConfig(fakeBatch([spot], [queue]).api, table.api, { now: NOW });
    expect(table.items.size).toBe(0);
    expect(report.changes.map((change) => change.key)).toEqual(['compute-environment#spot', 'job-queue#high']);
    expect(describeBackfill(report, false)).toContain('Dry run: nothing was written. To write them: npx nx run infra:backfill-config -- --apply');
  });

  it('writes the item the workflow writes for a create call made now', async () => {
    const table = fakeTable();
    await backfillConfig(fakeBatch([spot], [queue]).api, table.api, { apply: true, now: NOW });
    const version = `2026-11-29T18:00:00Z#${BACKFILL_EVENT_ID}`;
    for (const [key, resource] of [['compute-environment#spot', spot], ['job-queue#high', queue]] as const) {
      expect(table.items.get(key)).toEqual((await configurationWrite(describedAsCall(resource, version), undefined)).item);
    }
    expect(table.items.get('job-queue#high')).toMatchObject({ computeEnvironments: { L: [{ S: 'spot' }, { S: 'fargate' }] }, priority: { N: '10' } });
    expect(table.items.get('compute-environment#spot')).toMatchObject({ maxvCpus: { N: '256' }, provisioningModel: { S: 'SPOT' }, instanceTypes: { L: [{ S: 'c5' }, { S: 'm5' }] } });
  });

  it('keeps what a CloudTrail call newer than the backfill set', async () => {
    const later = await configurationWrite(
      { eventName: 'UpdateComputeEnvironment', requestParameters: { computeEnvironment: 'spot', computeResources: { maxvCpus: 512 } }, version: '2026-11-29T18:05:00Z#later' },
      undefined,
    );
    const table = fakeTable({ 'compute-environment#spot': later.item });
    await backfillConfig(fakeBatch([spot], []).api, table.api, { apply: true, now: NOW });
    expect(table.items.get('compute-environment#spot')).toMatchObject({ maxvCpus: { N: '512' }, provisioningModel: { S: 'SPOT' } });
  });

  it('reports a resource already up to date, and changes nothing when run again', async () => {
    const table = fakeTable();
    await backfillConfig(fakeBatch([spot], []).api, table.api, { apply: true, now: NOW });
    const again = await backfillConfig(fakeBatch([spot], []).api, table.api, { apply: true, now: NOW });
    expect([again.changes, again.upToDate]).toEqual([[], ['compute-environment#spot']]);
    expect(describeBackfill(again, true)).toContain('Nothing to change.');
  });

  it('merges again when the workflow wrote in between, and gives up on the resource after a few tries', async () => {
    const once = fakeTable({}, 1);
    expect((await backfillConfig(fakeBatch([spot], []).api, once.api, { apply: true, now: NOW })).changes).toHaveLength(1);
    const always = fakeTable({}, MAX_BACKFILL_ATTEMPTS);
    const report = await backfillConfig(fakeBatch([spot], []).api, always.api, { apply: true, now: NOW });
    expect(report.contended).toEqual(['compute-environment#spot']);
    expect(describeBackfill(report, true)).toContain('run the command again');
  });
});

describe('parseArguments', () => {
  it('is a dry run on the Batchmon stack by default', () => {
    expect(parseArguments([])).toEqual({ apply: false, help: false, stackName: 'Batchmon' });
  });

  it('takes --apply, a stack, a table and a region', () => {
    expect(parseArguments(['--apply', '--stack-name', 'Ops', '--table-name=cfg', '--region', 'eu-west-1'])).toEqual({
      apply: true,
      help: false,
      stackName: 'Ops',
      tableName: 'cfg',
      region: 'eu-west-1',
    });
  });

  it('names an unknown argument or a missing value', () => {
    expect(() => parseArguments(['--force'])).toThrow(/--force: expected --apply/);
    expect(() => parseArguments(['--region'])).toThrow(/--region: expected a value, found none/);
  });
});

describe('the SDK adapters', () => {
  it('ask Batch for pages of 100 and pass the token on', async () => {
    const client = new BatchClient({ region: 'us-east-1' });
    const send = jest
      .spyOn(client, 'send')
      .mockImplementation(async (command: unknown) =>
        command instanceof DescribeComputeEnvironmentsCommand ? { computeEnvironments: [spot], nextToken: 'next' } : { jobQueues: [queue] },
      );
    const api = sdkBatchApi(client);
    expect(await api.describeComputeEnvironments('token')).toEqual({ items: [spot], nextToken: 'next' });
    expect(await api.describeJobQueues(undefined)).toEqual({ items: [queue] });
    const [[environments], [queues]] = send.mock.calls as unknown as [[DescribeComputeEnvironmentsCommand], [DescribeJobQueuesCommand]];
    expect(environments.input).toEqual({ nextToken: 'token', maxResults: 100 });
    expect(queues).toBeInstanceOf(DescribeJobQueuesCommand);
  });

  it('write on the workflow’s conditions, and report a lost race as false', async () => {
    const client = new DynamoDBClient({ region: 'us-east-1' });
    const send = jest
      .spyOn(client, 'send')
      .mockImplementationOnce(async () => ({}))
      .mockImplementationOnce(async () => {
        throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
      });
    const api = sdkConfigurationTableApi(client, 'Configuration');
    const item = { [CONFIGURATION_TABLE.partitionKey]: { S: 'job-queue#high' } };
    expect(await api.putItem(item, undefined)).toBe(true);
    expect(await api.putItem(item, '3')).toBe(false);
    const [[create], [replace]] = send.mock.calls as unknown as [[PutItemCommand], [PutItemCommand]];
    expect(create.input).toMatchObject({ TableName: 'Configuration', ConditionExpression: 'attribute_not_exists(#key)' });
    expect(replace.input).toMatchObject({ ConditionExpression: '#revision = :revision', ExpressionAttributeValues: { ':revision': { N: '3' } } });
  });
});
