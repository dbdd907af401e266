import { isRecord, itemSize, readUnits, writeUnits, type DynamoDbCallWrapper, type DynamoDbOperation, type DynamoDbSend, type JsonObject, type LocalTableSpec } from '@batchmon/emulator';

/** What the requests to one table consumed. */
export interface TableCapacity {
  /** PutItem, UpdateItem and DeleteItem requests, failed conditions included. */
  writes: number;
  /** Write request units: per write, the larger of the item before and after, per started KB (at least 1). */
  writeUnits: number;
  /** Writes whose condition failed (they consume write units all the same). */
  conditionalCheckFailures: number;
  /** GetItem, Query and Scan requests (a Scan page each). */
  reads: number;
  /** Read request units: per read, the bytes of the items read per started 4 KB, halved for eventually consistent reads. */
  readUnits: number;
  /** Reads made with `ConsistentRead: true`. */
  consistentReads: number;
}

/** An item the run left in a table, for storage. */
interface StoredItem {
  bytes: number;
  /** Epoch seconds of the event that first wrote it. */
  writtenAt: number;
  /** Epoch seconds at which TTL deletes it, when the table has TTL and the item the attribute. */
  expiresAt?: number;
}

/** What a table holds, for the storage bill (DynamoDB adds 100 bytes of overhead per item). */
export interface TableStorage {
  /** Items the run left in the table. */
  items: number;
  /** Σ (item bytes + 100) × days until its TTL expires, over the items that have a TTL. */
  expiringByteDays: number;
  /** Σ (item bytes + 100) over the items without a TTL: they stay. */
  lastingBytes: number;
}

/** Per-item storage overhead DynamoDB bills (the "DynamoDB item sizes and formats" page). */
export const ITEM_STORAGE_OVERHEAD_BYTES = 100;

const WRITES: ReadonlySet<DynamoDbOperation> = new Set(['PutItem', 'UpdateItem', 'DeleteItem']);

/**
 * Meters the capacity units DynamoDB would charge for the requests the workflows make, from the
 * items actually read and written: wrap the local DynamoDB's calls with {@link CapacityMeter.wrapper}.
 * For a write it reads the item before and after (strongly consistent, through the emulator, not
 * metered): DynamoDB charges the larger of the two, and a failed conditional write still consumes
 * write units (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html).
 * `ReturnValues` adds nothing. Requests answer exactly what the emulator answered.
 */
export class CapacityMeter {
  private readonly tables = new Map<string, LocalTableSpec>();
  private readonly capacity = new Map<string, TableCapacity>();
  private readonly stored = new Map<string, Map<string, StoredItem>>();
  /** Epoch seconds of the event being processed; stamps the items it writes. */
  eventTime = 0;

  constructor(tables: readonly LocalTableSpec[]) {
    for (const table of tables) {
      this.tables.set(table.tableName, table);
      this.capacity.set(table.tableName, { writes: 0, writeUnits: 0, conditionalCheckFailures: 0, reads: 0, readUnits: 0, consistentReads: 0 });
      this.stored.set(table.tableName, new Map());
    }
  }

  /** Capacity consumed so far, by table name. */
  byTable(): Readonly<Record<string, TableCapacity>> {
    return Object.fromEntries([...this.capacity].map(([name, usage]) => [name, { ...usage }]));
  }

  /** What the tables hold now, by table name. */
  storage(): Readonly<Record<string, TableStorage>> {
    const result: Record<string, TableStorage> = {};
    for (const [name, items] of this.stored) {
      const storage: TableStorage = { items: 0, expiringByteDays: 0, lastingBytes: 0 };
      for (const item of items.values()) {
        storage.items += 1;
        const bytes = item.bytes + ITEM_STORAGE_OVERHEAD_BYTES;
        if (item.expiresAt === undefined) storage.lastingBytes += bytes;
        else storage.expiringByteDays += (bytes * Math.max(0, item.expiresAt - item.writtenAt)) / 86_400;
      }
      result[name] = storage;
    }
    return result;
  }

  /** The call wrapper to give `LocalDynamoDb.wrapCalls`. */
  readonly wrapper: DynamoDbCallWrapper = async (operation, input, send) => {
    const tableName = typeof input['TableName'] === 'string' ? input['TableName'] : '';
    const table = this.tables.get(tableName);
    const usage = this.capacity.get(tableName);
    if (table === undefined || usage === undefined) return send(operation, input);
    if (WRITES.has(operation)) return this.write(table, usage, operation, input, send);
    const output = await send(operation, input);
    const consistent = input['ConsistentRead'] === true;
    usage.reads += 1;
    if (consistent) usage.consistentReads += 1;
    if (operation === 'GetItem') {
      // The whole item is read (and charged) whatever the projection: re-read it in full.
      const key = isRecord(input['Key']) ? (input['Key'] as JsonObject) : undefined;
      const item = key === undefined ? undefined : await current(send, tableName, key);
      usage.readUnits += readUnits(item === undefined ? 0 : itemSize(item), consistent);
    } else if (operation === 'Scan') {
      // A Scan is charged for the whole items it reads, whatever its projection, per page ("Read
      // consumption for Scan": the sum of the item sizes, rounded up to 4 KB): the same page is
      // read again without the projection (not metered) and its items sized.
      const { ProjectionExpression: _projection, ExpressionAttributeNames: names, ...rest } = input;
      const unprojected = rest['FilterExpression'] === undefined || names === undefined ? rest : { ...rest, ExpressionAttributeNames: names };
      const page = await send('Scan', unprojected);
      const items = Array.isArray(page['Items']) ? page['Items'] : [];
      const bytes = items.reduce<number>((sum, item) => sum + (isRecord(item) ? itemSize(item as JsonObject) : 0), 0);
      usage.readUnits += readUnits(bytes, consistent);
    } else {
      // Query: the items it returned (batchmon's workflows do not query; the projection is ignored here).
      const items = Array.isArray(output['Items']) ? output['Items'] : [];
      const bytes = items.reduce<number>((sum, item) => sum + (isRecord(item) ? itemSize(item as JsonObject) : 0), 0);
      usage.readUnits += readUnits(bytes, consistent);
    }
    return output;
  };

  private async write(table: LocalTableSpec, usage: TableCapacity, operation: DynamoDbOperation, input: JsonObject, send: DynamoDbSend): Promise<JsonObject> {
    const key = keyOf(table, operation, input);
    // A request without an item or key object fails in the emulator as in DynamoDB: nothing to meter.
    if (key === undefined) return send(operation, input);
    const before = await current(send, table.tableName, key);
    usage.writes += 1;
    try {
      return await send(operation, input);
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') usage.conditionalCheckFailures += 1;
      throw error;
    } finally {
      const after = await current(send, table.tableName, key);
      const sizeBefore = before === undefined ? 0 : itemSize(before);
      const sizeAfter = after === undefined ? 0 : itemSize(after);
      usage.writeUnits += writeUnits(Math.max(sizeBefore, sizeAfter)) + indexWriteUnits(table, before, after);
      this.remember(table, key, after, sizeAfter);
    }
  }

  private remember(table: LocalTableSpec, key: JsonObject, item: JsonObject | undefined, bytes: number): void {
    const items = this.stored.get(table.tableName);
    if (items === undefined) return;
    const id = JSON.stringify(key);
    if (item === undefined) {
      items.delete(id);
      return;
    }
    const ttl = table.timeToLiveAttribute === undefined ? undefined : item[table.timeToLiveAttribute];
    const expiresAt = isRecord(ttl) && typeof ttl['N'] === 'string' ? Number(ttl['N']) : undefined;
    const writtenAt = items.get(id)?.writtenAt ?? this.eventTime;
    items.set(id, { bytes, writtenAt, ...(expiresAt !== undefined && Number.isFinite(expiresAt) ? { expiresAt } : {}) });
  }
}

/**
 * Write units a table write costs in the table's global secondary indexes: an index entry is
 * written when an item enters or leaves the index or its projected attributes change, twice when
 * its index key changes (the old entry is deleted, the new one put), each per started KB of the
 * projected entry; a write that leaves the entry as it was costs nothing there.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.html#GSI.ThroughputConsiderations.Writes
 */
export function indexWriteUnits(table: LocalTableSpec, before: JsonObject | undefined, after: JsonObject | undefined): number {
  let units = 0;
  for (const index of table.globalSecondaryIndexes) {
    const entryBefore = before === undefined ? undefined : indexEntry(table, index, before);
    const entryAfter = after === undefined ? undefined : indexEntry(table, index, after);
    if (entryBefore === undefined && entryAfter === undefined) continue;
    if (entryBefore !== undefined && entryAfter !== undefined) {
      if (JSON.stringify(entryBefore) === JSON.stringify(entryAfter)) continue;
      const keyOf = (entry: JsonObject) => JSON.stringify(index.KeySchema.map((k) => entry[k.AttributeName]));
      units += keyOf(entryBefore) === keyOf(entryAfter) ? writeUnits(itemSize(entryAfter)) : writeUnits(itemSize(entryBefore)) + writeUnits(itemSize(entryAfter));
    } else {
      const entry = entryAfter ?? entryBefore;
      units += entry === undefined ? 0 : writeUnits(itemSize(entry));
    }
  }
  return units;
}

/** The entry an item has in an index (the table and index keys and the projected attributes), or none when it lacks an index key. */
function indexEntry(table: LocalTableSpec, index: LocalTableSpec['globalSecondaryIndexes'][number], item: JsonObject): JsonObject | undefined {
  if (!index.KeySchema.every((k) => item[k.AttributeName] !== undefined)) return undefined;
  if (index.Projection.ProjectionType === 'ALL') return item;
  const names = new Set([...table.keySchema, ...index.KeySchema].map((k) => k.AttributeName));
  for (const name of index.Projection.NonKeyAttributes ?? []) names.add(name);
  return Object.fromEntries(Object.entries(item).filter(([name]) => names.has(name))) as JsonObject;
}

/** The key of the item a write request addresses, when the request names one. */
function keyOf(table: LocalTableSpec, operation: DynamoDbOperation, input: JsonObject): JsonObject | undefined {
  const source = operation === 'PutItem' ? input['Item'] : input['Key'];
  if (!isRecord(source)) return undefined;
  const key: JsonObject = {};
  for (const { AttributeName } of table.keySchema) {
    const value = source[AttributeName];
    if (value !== undefined) key[AttributeName] = value;
  }
  return key;
}

/** The item as stored now (a strongly consistent GetItem through the emulator), if any. */
async function current(send: DynamoDbSend, tableName: string, key: JsonObject): Promise<JsonObject | undefined> {
  try {
    const { Item: item } = await send('GetItem', { TableName: tableName, Key: key, ConsistentRead: true });
    return isRecord(item) ? (item as JsonObject) : undefined;
  } catch {
    // A key the emulator refuses (the request itself will fail the same way): nothing stored.
    return undefined;
  }
}
