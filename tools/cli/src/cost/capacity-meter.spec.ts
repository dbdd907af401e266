import { startLocalDynamoDb, type LocalDynamoDb, type LocalTableSpec, itemSize, WRITE_UNIT_BYTES } from '@batchmon/emulator';
import { CapacityMeter, ITEM_STORAGE_OVERHEAD_BYTES, indexWriteUnits } from './capacity-meter';

const table: LocalTableSpec = {
  logicalId: 'Jobs',
  tableName: 'Jobs',
  arn: 'arn:aws:dynamodb:us-east-1:000000000000:table/Jobs',
  keySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }],
  attributeDefinitions: [{ AttributeName: 'jobId', AttributeType: 'S' }],
  globalSecondaryIndexes: [],
  localSecondaryIndexes: [],
  timeToLiveAttribute: 'expiresAt',
};

describe('CapacityMeter', () => {
  let dynamo: LocalDynamoDb;
  let meter: CapacityMeter;
  beforeEach(async () => {
    dynamo = await startLocalDynamoDb({ tables: [table] });
    meter = new CapacityMeter([table]);
    dynamo.wrapCalls(meter.wrapper);
  });
  afterEach(() => dynamo.close());

  const item = (bytes: number) => {
    const base = { jobId: { S: 'j-1' }, filler: { S: '' } };
    return { ...base, filler: { S: 'x'.repeat(bytes - itemSize(base)) } };
  };

  it('charges a write by the item it wrote, per started KB', async () => {
    await dynamo.call('PutItem', { TableName: 'Jobs', Item: item(2 * WRITE_UNIT_BYTES + 10) });
    expect(meter.byTable()['Jobs']).toMatchObject({ writes: 1, writeUnits: 3 });
  });

  it('charges an update by the larger of the item before and after, whatever ReturnValues asks', async () => {
    await dynamo.call('PutItem', { TableName: 'Jobs', Item: item(3000) });
    await dynamo.call('UpdateItem', { TableName: 'Jobs', Key: { jobId: { S: 'j-1' } }, UpdateExpression: 'REMOVE filler', ReturnValues: 'ALL_NEW' });
    expect(meter.byTable()['Jobs']).toMatchObject({ writes: 2, writeUnits: 3 + 3 });
  });

  it('charges a write whose condition failed, and passes the failure on unchanged', async () => {
    await dynamo.call('PutItem', { TableName: 'Jobs', Item: item(1500) });
    await expect(dynamo.call('PutItem', { TableName: 'Jobs', Item: item(20), ConditionExpression: 'attribute_not_exists(jobId)' })).rejects.toThrow(
      expect.objectContaining({ name: 'ConditionalCheckFailedException' }),
    );
    expect(meter.byTable()['Jobs']).toMatchObject({ writes: 2, writeUnits: 2 + 2, conditionalCheckFailures: 1 });
  });

  it('charges a read by the whole item, halved when eventually consistent, also when it projects one attribute', async () => {
    await dynamo.call('PutItem', { TableName: 'Jobs', Item: item(5000) });
    await dynamo.call('GetItem', { TableName: 'Jobs', Key: { jobId: { S: 'j-1' } }, ProjectionExpression: 'jobId' });
    await dynamo.call('GetItem', { TableName: 'Jobs', Key: { jobId: { S: 'j-1' } }, ConsistentRead: true });
    await dynamo.call('GetItem', { TableName: 'Jobs', Key: { jobId: { S: 'none' } } });
    expect(meter.byTable()['Jobs']).toMatchObject({ reads: 3, readUnits: 1 + 2 + 0.5, consistentReads: 1 });
  });

  it('keeps an item until its TTL: byte-days from the event that wrote it', async () => {
    meter.eventTime = 1_000_000;
    const written = { ...item(500), expiresAt: { N: String(1_000_000 + 2 * 86_400) } };
    await dynamo.call('PutItem', { TableName: 'Jobs', Item: written });
    expect(meter.storage()['Jobs']).toEqual({ items: 1, expiringByteDays: (itemSize(written) + ITEM_STORAGE_OVERHEAD_BYTES) * 2, lastingBytes: 0 });
  });
});

describe('indexWriteUnits', () => {
  const indexed: LocalTableSpec = {
    ...table,
    attributeDefinitions: [...table.attributeDefinitions, { AttributeName: 'ce', AttributeType: 'S' }],
    globalSecondaryIndexes: [{ IndexName: 'counting', KeySchema: [{ AttributeName: 'ce', KeyType: 'HASH' }], Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['cap'] } }],
  };
  const at = (ce: string | undefined, cap: string, other = 'x') => ({ jobId: { S: 'j-1' }, other: { S: other }, cap: { S: cap }, ...(ce === undefined ? {} : { ce: { S: ce } }) });

  it('charges one write when an item enters or leaves the index', () => {
    expect(indexWriteUnits(indexed, undefined, at('ce-1', 'a'))).toBe(1);
    expect(indexWriteUnits(indexed, at('ce-1', 'a'), at(undefined, 'a'))).toBe(1);
  });

  it('charges one write when a projected attribute changes, two when the index key changes', () => {
    expect(indexWriteUnits(indexed, at('ce-1', 'a'), at('ce-1', 'b'))).toBe(1);
    expect(indexWriteUnits(indexed, at('ce-1', 'a'), at('ce-2', 'a'))).toBe(2);
  });

  it('charges nothing when the entry stays as it was, or the item is in no index', () => {
    expect(indexWriteUnits(indexed, at('ce-1', 'a', 'x'), at('ce-1', 'a', 'y'))).toBe(0);
    expect(indexWriteUnits(indexed, at(undefined, 'a'), at(undefined, 'b'))).toBe(0);
    expect(indexWriteUnits(table, at('ce-1', 'a'), at('ce-2', 'b'))).toBe(0);
  });
});

