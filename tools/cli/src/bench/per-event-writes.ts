import { parseArgs } from 'node:util';
import type { JsonObject, JsonValue } from '@batchmon/emulator';
import { startLocalBatchmon } from '@batchmon/local';
import { SeededRandom, simulateWorkload } from '@batchmon/simulator';

// `npx tsx tools/cli/src/bench/per-event-writes.ts [--jobs 300] [--seed 1] [--duplicates 0.05] [--reorder 0.05]`:
// replays a simulated workload through batchmon on the local emulators and prints, per workflow,
// what drives its per-event bill besides the Express request: DynamoDB write units, the size of the
// items written, executions per event and the ERROR-level records its executions would log.
// Figures, not assertions: a measurement, not a test (the cost model proper is `npm run cost`).
//
// Write units follow "Capacity unit consumption for write operations" (DynamoDB developer guide):
// one WRU per KB (rounded up) of the larger of the item before and after a write, also when its
// condition fails; a transaction costs two per item. Item sizes follow "Item sizes and formats":
// attribute name lengths plus value sizes (numbers: about one byte per two digits plus one).
// ERROR-level log records follow "Log levels" (Step Functions developer guide): at level ERROR,
// Step Functions logs every TaskFailed (also when a Retry or Catch handles it) and ExecutionFailed.

const USAGE =
  'usage: npx tsx tools/cli/src/bench/per-event-writes.ts [--jobs <n>] [--seed <n>] [--duplicates <rate>] [--reorder <rate>] [--committed-faults <rate>]';

/** DynamoDB's size of one attribute value (wire JSON). */
function valueSize(value: JsonValue): number {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 0;
  const [type, inner] = Object.entries(value)[0] ?? ['', null];
  switch (type) {
    case 'S':
      return Buffer.byteLength(String(inner));
    case 'N': {
      const digits = String(inner).replace(/^-/, '').replace('.', '').replace(/^0+/, '').replace(/0+$/, '');
      return Math.ceil(digits.length / 2) + 1;
    }
    case 'B':
      return Buffer.from(String(inner), 'base64').length;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
    case 'NS':
      return Array.isArray(inner) ? inner.reduce<number>((sum, item) => sum + (type === 'SS' ? Buffer.byteLength(String(item)) : valueSize({ N: String(item) })), 0) : 0;
    case 'M':
      return 3 + (inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? Object.entries(inner).reduce((sum, [name, v]) => sum + Buffer.byteLength(name) + valueSize(v) + 1, 0) : 0);
    case 'L':
      return 3 + (Array.isArray(inner) ? inner.reduce<number>((sum, v) => sum + valueSize(v) + 1, 0) : 0);
    default:
      return 0;
  }
}

/** DynamoDB's size of an item (wire JSON): attribute names plus values. */
export function itemSize(item: JsonObject | undefined): number {
  if (item === undefined) return 0;
  return Object.entries(item).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueSize(value), 0);
}

interface WorkflowFigures {
  executions: number;
  writeUnits: number;
  writes: number;
  readUnits: number;
  itemBytes: number;
  itemsMeasured: number;
  errorRecords: number;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      jobs: { type: 'string' },
      seed: { type: 'string' },
      duplicates: { type: 'string' },
      reorder: { type: 'string' },
      'committed-faults': { type: 'string' },
    },
  });
  const jobs = Number(values.jobs ?? 300);
  const seed = Number(values.seed ?? 1);
  const duplicateRate = Number(values.duplicates ?? 0.05);
  const reorderRate = Number(values.reorder ?? 0.05);
  // The share of events whose first DynamoDB update commits and then answers an internal server
  // error (retried by the workflow): metric totals should not change with it.
  const committedFaultRate = Number(values['committed-faults'] ?? 0);
  if (!Number.isInteger(jobs) || jobs <= 0 || !Number.isInteger(seed)) throw new Error(`bad options\n${USAGE}`);

  const { events } = simulateWorkload({ jobs, seed, duplicateRate, reorderRate });
  const faultDraws = new SeededRandom(seed).fork('committed-faults');
  const batchmon = await startLocalBatchmon({ recordHistory: true });
  const dynamodb = batchmon.pipeline.dynamodb;
  const call = dynamodb.call.bind(dynamodb);
  const tableKeys = new Map<string, string[]>();
  // Each global secondary index: the attributes its items hold (its key, the table's key, the projected ones).
  const indexes = new Map<string, { keys: string[]; attributes: string[] }[]>();
  for (const table of batchmon.pipeline.template.tables) {
    const keys = table.keySchema.map((key) => key.AttributeName);
    tableKeys.set(table.tableName, keys);
    indexes.set(
      table.tableName,
      table.globalSecondaryIndexes.map((index) => {
        const indexKeys = index.KeySchema.map((key) => key.AttributeName);
        return { keys: indexKeys, attributes: [...new Set([...indexKeys, ...keys, ...(index.Projection.NonKeyAttributes ?? [])])] };
      }),
    );
  }
  /** An item as a global secondary index holds it, or undefined when the item is not in the index. */
  const indexItem = (item: JsonObject | undefined, index: { keys: string[]; attributes: string[] }): JsonObject | undefined =>
    item === undefined || index.keys.some((key) => item[key] === undefined) ? undefined : Object.fromEntries(index.attributes.filter((a) => item[a] !== undefined).map((a) => [a, item[a] ?? null]));
  // "Global secondary indexes > Provisioned throughput considerations": a write that puts an item in
  // an index, changes its projection or removes it costs one index write; one that changes its index
  // key, two (a delete and a put).
  const indexWriteUnits = (table: string, before: JsonObject | undefined, after: JsonObject | undefined): number =>
    (indexes.get(table) ?? []).reduce((sum, index) => {
      const old = indexItem(before, index);
      const now = indexItem(after, index);
      if (old === undefined && now === undefined) return sum;
      if (JSON.stringify(old) === JSON.stringify(now)) return sum;
      const units = Math.max(1, Math.ceil(Math.max(itemSize(old), itemSize(now)) / 1024));
      const keyChanged = old !== undefined && now !== undefined && index.keys.some((key) => JSON.stringify(old[key]) !== JSON.stringify(now[key]));
      return sum + units * (keyChanged ? 2 : 1);
    }, 0);
  let current: WorkflowFigures | undefined;
  const getOld = async (table: string, key: JsonValue): Promise<JsonObject | undefined> => {
    const found = await call('GetItem', { TableName: table, Key: key, ConsistentRead: true });
    const item = found['Item'];
    return item !== null && typeof item === 'object' && !Array.isArray(item) ? item : undefined;
  };
  const measured = async (table: string, key: JsonValue, units: number, write: () => Promise<JsonObject>): Promise<JsonObject> => {
    const before = await getOld(table, key);
    let after: JsonObject | undefined;
    let written = false;
    try {
      const output = await write();
      written = true;
      after = await getOld(table, key);
      return output;
    } finally {
      const size = Math.max(itemSize(before), itemSize(after));
      if (current) {
        current.writes += 1;
        current.writeUnits += units * Math.max(1, Math.ceil(size / 1024)) + (written ? indexWriteUnits(table, before, after) : 0);
        if (after) {
          current.itemBytes += itemSize(after);
          current.itemsMeasured += 1;
        }
      }
    }
  };
  const keyOf = (table: string, item: JsonValue): JsonObject => {
    const names = tableKeys.get(table) ?? [];
    const record = item !== null && typeof item === 'object' && !Array.isArray(item) ? item : {};
    return Object.fromEntries(names.map((name) => [name, record[name] ?? null]));
  };
  Object.assign(dynamodb, {
    async call(operation: Parameters<typeof call>[0], input: JsonObject): Promise<JsonObject> {
      const table = String(input['TableName']);
      if (operation === 'PutItem') return measured(table, keyOf(table, input['Item'] ?? null), 1, () => call(operation, input));
      if (operation === 'UpdateItem' || operation === 'DeleteItem') return measured(table, input['Key'] ?? null, 1, () => call(operation, input));
      if (operation === 'GetItem' && current) current.readUnits += input['ConsistentRead'] === true ? 1 : 0.5;
      if (operation === 'Query' && current) {
        // Read units count the index items read (0.5 per 4 KB, eventually consistent), whatever
        // the projection and filter return: the same query without them reads the same items.
        const { ProjectionExpression: _projection, FilterExpression: _filter, ...plain } = input;
        const values = { ...(plain['ExpressionAttributeValues'] as JsonObject) };
        delete values[':self'];
        const read = await call('Query', { ...plain, ExpressionAttributeValues: values });
        const items = Array.isArray(read['Items']) ? read['Items'] : [];
        const bytes = items.reduce<number>((sum, item) => sum + (item !== null && typeof item === 'object' && !Array.isArray(item) ? itemSize(item) : 0), 0);
        current.readUnits += 0.5 * Math.max(1, Math.ceil(bytes / 4096));
      }
      return call(operation, input);
    },
  });

  const figures = new Map<string, WorkflowFigures>();
  const figuresOf = (workflow: string): WorkflowFigures => {
    let found = figures.get(workflow);
    if (!found) {
      found = { executions: 0, writeUnits: 0, writes: 0, readUnits: 0, itemBytes: 0, itemsMeasured: 0, errorRecords: 0 };
      figures.set(workflow, found);
    }
    return found;
  };
  let routedEvents = 0;
  const blank = (): WorkflowFigures => ({ executions: 0, writeUnits: 0, writes: 0, readUnits: 0, itemBytes: 0, itemsMeasured: 0, errorRecords: 0 });
  for (const event of events) {
    // Every rule of batchmon starts one workflow, so the writes made while an event is ingested
    // belong to the workflow of its one execution.
    current = blank();
    if (faultDraws.chance(committedFaultRate)) {
      batchmon.pipeline.faults.inject({ resource: 'arn:aws:states:::dynamodb:updateItem', error: 'DynamoDB.InternalServerErrorException', timing: 'after-call' });
    }
    const ingested = await batchmon.ingest(event);
    batchmon.pipeline.faults.clear();
    if (ingested.kind !== 'published') continue;
    if (ingested.result.executions.length > 0) routedEvents += 1;
    for (const execution of ingested.result.executions) {
      const own = figuresOf(execution.stateMachine);
      for (const key of ['writeUnits', 'writes', 'readUnits', 'itemBytes', 'itemsMeasured'] as const) own[key] += current[key];
      current = blank();
      own.executions += 1;
      own.errorRecords += execution.history.filter((entry) => (entry.type === 'StateFailed' && entry.stateType === 'Task') || entry.type === 'ExecutionFailed').length;
    }
  }
  await batchmon.flush();
  const summary = batchmon.summary();
  await batchmon.close();

  const rows = [...figures.entries()].sort(([a], [b]) => a.localeCompare(b));
  const total = rows.reduce(
    (sum, [, f]) => ({ executions: sum.executions + f.executions, writeUnits: sum.writeUnits + f.writeUnits, readUnits: sum.readUnits + f.readUnits, errorRecords: sum.errorRecords + f.errorRecords, itemBytes: sum.itemBytes + f.itemBytes, itemsMeasured: sum.itemsMeasured + f.itemsMeasured }),
    { executions: 0, writeUnits: 0, readUnits: 0, errorRecords: 0, itemBytes: 0, itemsMeasured: 0 },
  );
  const fixed = (n: number, digits = 2): string => n.toFixed(digits);
  console.log(
    `events ${summary.events} (routed ${routedEvents}, unrouted ${summary.unrouted}), executions ${summary.executions}, failed ${summary.failedExecutions}, jobs ${jobs}, seed ${seed}, duplicates ${duplicateRate}, reorder ${reorderRate}, committed faults ${committedFaultRate}`,
  );
  console.log('workflow                        executions  WRU/exec  RRU/exec  avg item B  ERROR rec/exec');
  for (const [name, f] of rows) {
    console.log(
      `${name.padEnd(32)}${String(f.executions).padStart(10)}${fixed(f.writeUnits / Math.max(1, f.executions)).padStart(10)}${fixed(f.readUnits / Math.max(1, f.executions)).padStart(10)}${fixed(f.itemBytes / Math.max(1, f.itemsMeasured), 0).padStart(12)}${fixed(f.errorRecords / Math.max(1, f.executions), 3).padStart(16)}`,
    );
  }
  console.log(`metric totals ${JSON.stringify(summary.metricTotals)}`);
  console.log(
    `per event (of ${summary.events}): executions ${fixed(total.executions / summary.events, 3)}, WRU ${fixed(total.writeUnits / summary.events, 3)}, RRU ${fixed(total.readUnits / summary.events, 3)}, ERROR records ${fixed(total.errorRecords / summary.events, 3)}; average item written ${fixed(total.itemBytes / Math.max(1, total.itemsMeasured), 0)} B`,
  );
}

main().catch((error: unknown) => {
  console.error(`per-event-writes: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exit(1);
});
