import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../constants';
import type { JsonObject } from '../json';
import type { LocalTableSpec } from '../template/model';
import { createDynalite, type DynamoDbOperation } from './dynalite-server';

/** Sends one request of DynamoDB's JSON protocol to the emulator (the wire JSON in and out). */
export type DynamoDbSend = (operation: DynamoDbOperation, input: JsonObject) => Promise<JsonObject>;

/**
 * Sits around every {@link LocalDynamoDb.call}: gets the request and `send`, which passes a
 * request on inward (to the next wrapper, in the end to the emulator), and answers in its place —
 * usually what `send` answered, observed on the way (counting requests, metering capacity).
 */
export type DynamoDbCallWrapper = (operation: DynamoDbOperation, input: JsonObject, send: DynamoDbSend) => Promise<JsonObject>;

/** A DynamoDB emulator (dynalite, in memory) listening on the loopback interface. */
export interface LocalDynamoDb {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** A client pointed at the emulator; closed with the emulator. */
  readonly client: DynamoDBClient;
  /**
   * One request of DynamoDB's JSON protocol, answered in process (no HTTP, no SDK): how the
   * workflows' integrations call it. Input and output are the wire JSON.
   * @throws DynamoDbServiceError for an error response.
   */
  call(operation: DynamoDbOperation, input: JsonObject): Promise<JsonObject>;
  /**
   * Puts `wrapper` around every later `call` (the workflows' requests; clients over HTTP are not
   * wrapped), outermost last. Instrumentation only: a wrapper that answers what `send` answered
   * changes nothing the workflows see.
   * @returns a function that removes the wrapper.
   */
  wrapCalls(wrapper: DynamoDbCallWrapper): () => void;
  /** A new client pointed at the emulator (dummy credentials, local region); closed with the emulator. */
  createClient(): DynamoDBClient;
  /** Creates tables (key schema, attribute definitions, indexes) and waits until they are ACTIVE. */
  createTables(tables: readonly LocalTableSpec[]): Promise<void>;
  /** Every item of a table, as plain JavaScript values (a test helper; scans the whole table). */
  items(tableName: string): Promise<Record<string, unknown>[]>;
  /** Closes every client created here and stops the server. */
  close(): Promise<void>;
}

/** Options of {@link startLocalDynamoDb}. */
export interface StartLocalDynamoDbOptions {
  /** Tables to create once the server listens. */
  readonly tables?: readonly LocalTableSpec[];
}

/**
 * Starts dynalite in memory on 127.0.0.1 with an ephemeral port.
 * TTL is not enforced (dynalite does not expire items). Items are held as strings, about 1.4 KB
 * each for batchmon's tables (see `dynalite-server.ts`).
 * @example
 * ```ts
 * const dynamo = await startLocalDynamoDb({ tables: template.tables });
 * await dynamo.client.send(new GetItemCommand({ TableName: 'JobsTable1970BC16', Key: { jobId: { S: 'j-1' } } }));
 * await dynamo.close();
 * ```
 */
export async function startLocalDynamoDb(options: StartLocalDynamoDbOptions = {}): Promise<LocalDynamoDb> {
  // Tables become ACTIVE at once: the 500 ms default of dynalite would only slow tests down.
  const { server, call } = createDynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) {
    server.close();
    throw new Error(`Local DynamoDB: expected dynalite to listen on a TCP port, found address ${String(address)}`);
  }
  const endpoint = `http://127.0.0.1:${address.port}`;
  const clients: DynamoDBClient[] = [];
  const createClient = (): DynamoDBClient => {
    // One attempt: a local server does not throttle, and Step Functions surfaces service errors
    // to the state's Retry fields rather than retrying inside the integration.
    const client = new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
    clients.push(client);
    return client;
  };
  const client = createClient();
  const documents = DynamoDBDocumentClient.from(client);
  let closed = false;
  const wrappers: DynamoDbCallWrapper[] = [];
  const send: DynamoDbSend = (operation, input) => {
    if (closed) return Promise.reject(new Error(`Local DynamoDB: expected an open emulator for ${operation}, found it closed`));
    return call(operation, input);
  };

  const local: LocalDynamoDb = {
    endpoint,
    client,
    call(operation, input) {
      // Each wrapper sees the next one inward as its way to the emulator, the innermost the emulator itself.
      const through = wrappers.reduce<DynamoDbSend>((next, wrapper) => (op, request) => wrapper(op, request, next), send);
      return through(operation, input);
    },
    wrapCalls(wrapper) {
      wrappers.push(wrapper);
      return () => {
        const index = wrappers.indexOf(wrapper);
        if (index >= 0) wrappers.splice(index, 1);
      };
    },
    createClient,
    async createTables(tables) {
      for (const table of tables) await client.send(new CreateTableCommand(createTableInput(table)));
      for (const table of tables) await waitUntilActive(client, table.tableName);
    },
    async items(tableName) {
      const items: Record<string, unknown>[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: startKey }));
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return items;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const created of clients) created.destroy();
      // Keep-alive sockets would hold server.close() open until they time out.
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
  try {
    if (options.tables) await local.createTables(options.tables);
  } catch (error) {
    await local.close();
    throw error;
  }
  return local;
}

function createTableInput(table: LocalTableSpec): CreateTableCommandInput {
  const projection = (index: LocalTableSpec['globalSecondaryIndexes'][number]) => ({
    ProjectionType: index.Projection.ProjectionType ?? 'ALL',
    ...(index.Projection.NonKeyAttributes ? { NonKeyAttributes: [...index.Projection.NonKeyAttributes] } : {}),
  });
  return {
    TableName: table.tableName,
    KeySchema: table.keySchema.map((key) => ({ ...key })),
    AttributeDefinitions: table.attributeDefinitions.map((definition) => ({ ...definition })),
    BillingMode: 'PAY_PER_REQUEST',
    ...(table.globalSecondaryIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: table.globalSecondaryIndexes.map((index) => ({
            IndexName: index.IndexName,
            KeySchema: index.KeySchema.map((key) => ({ ...key })),
            Projection: projection(index),
          })),
        }
      : {}),
    ...(table.localSecondaryIndexes.length > 0
      ? {
          LocalSecondaryIndexes: table.localSecondaryIndexes.map((index) => ({
            IndexName: index.IndexName,
            KeySchema: index.KeySchema.map((key) => ({ ...key })),
            Projection: projection(index),
          })),
        }
      : {}),
  };
}

async function waitUntilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexesActive = (Table?.GlobalSecondaryIndexes ?? []).every((index) => index.IndexStatus === 'ACTIVE');
    if (Table?.TableStatus === 'ACTIVE' && indexesActive) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`Local DynamoDB: expected table "${tableName}" to become ACTIVE within 1 s, found it still creating`);
}
