import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { isRecord, type JsonObject } from '../json';

// dynalite keeps its in-memory tables in memory-level, whose default store encoding turns every
// key and value into a Buffer. Node slices small Buffers out of a shared 8 KB pool, so with the
// HTTP traffic allocated in between, each stored item kept a whole slab alive: measured 16 KB of
// ArrayBuffer memory per item, which made a long replay's RSS grow by 3 MB per 1,000 events.
// Stored as strings, an item costs its JSON text and key in the JS heap (about 1.4 KB measured
// for batchmon's items, tree nodes included).

/** The options of dynalite this emulator uses (dynalite ships no type declarations). */
export interface DynaliteOptions {
  /** How long tables stay CREATING. @default 500 */
  readonly createTableMs?: number;
  /** How long tables stay DELETING. @default 500 */
  readonly deleteTableMs?: number;
  /** How long tables stay UPDATING. @default 500 */
  readonly updateTableMs?: number;
}

/** DynamoDB operations of the JSON protocol (`X-Amz-Target: DynamoDB_20120810.<operation>`). */
export type DynamoDbOperation = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query' | 'Scan';

/** A DynamoDB error response: its code (e.g. `ConditionalCheckFailedException`), message and HTTP status. */
export class DynamoDbServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly statusCode: number,
    readonly requestId: string,
  ) {
    super(message);
    this.name = code;
  }
}

/** dynalite's HTTP server, and the same store answering in process. */
export interface Dynalite {
  /** Not listening yet. */
  readonly server: Server;
  /**
   * Sends one request of DynamoDB's JSON protocol to dynalite's request handler in process: the
   * same validation and the same store as over HTTP, without a socket, HTTP parsing, request
   * signing or the SDK's (de)serialization (measured 11 times faster per call). Input and output
   * are the wire JSON, the shape Step Functions passes to and gets from its DynamoDB integrations.
   * @throws DynamoDbServiceError for an error response.
   */
  call(operation: DynamoDbOperation, input: JsonObject): Promise<JsonObject>;
}

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;

const DYNALITE = require.resolve('dynalite');
// Resolved from dynalite's own folder: the copy of memory-level that dynalite itself loads.
const fromDynalite = createRequire(DYNALITE);

interface MemoryLevelModule {
  MemoryLevel: new (options?: Record<string, unknown>) => { readonly supports: { readonly encodings: Record<string, boolean> } };
}

const PATCHED = Symbol.for('batchmon.memory-level.utf8');

/** The memory-level module dynalite loads, with its store set to keep keys and values as strings. */
export function dynaliteMemoryLevel(): MemoryLevelModule {
  const memoryLevel = fromDynalite('memory-level') as MemoryLevelModule & { [PATCHED]?: true };
  if (memoryLevel[PATCHED]) return memoryLevel;
  const Store = memoryLevel.MemoryLevel;
  memoryLevel.MemoryLevel = class StringStore extends Store {
    constructor(options?: Record<string, unknown>) {
      super({ ...options, storeEncoding: 'utf8' });
    }
  };
  memoryLevel[PATCHED] = true;
  return memoryLevel;
}

// dynalite checks that a request is signed, not the signature.
const SIGNED_REQUEST_HEADERS = {
  'content-type': 'application/x-amz-json-1.0',
  'authorization': 'AWS4-HMAC-SHA256 Credential=local/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=local',
  'x-amz-date': '20240101T000000Z',
};

/**
 * dynalite, its tables held as strings. dynalite reads `MemoryLevel` when its database module
 * loads, so the store is set before dynalite is first loaded (Node's own require: once a process).
 */
export function createDynalite(options: DynaliteOptions): Dynalite {
  dynaliteMemoryLevel();
  const dynalite = fromDynalite(DYNALITE) as (options: DynaliteOptions) => Server;
  const server = dynalite(options);
  const [handle] = server.listeners('request') as RequestListener[];
  if (!handle) throw new Error('Local DynamoDB: expected dynalite to create its server with a request handler, found none');
  return { server, call: (operation, input) => callInProcess(handle, operation, input) };
}

function callInProcess(handle: RequestListener, operation: DynamoDbOperation, input: JsonObject): Promise<JsonObject> {
  return new Promise((resolve, reject) => {
    const request = Object.assign(new EventEmitter(), {
      method: 'POST',
      url: '/',
      headers: { ...SIGNED_REQUEST_HEADERS, 'x-amz-target': `DynamoDB_20120810.${operation}` },
    });
    const headers: Record<string, unknown> = {};
    const response = {
      statusCode: 200,
      setHeader(name: string, value: unknown) {
        headers[name.toLowerCase()] = value;
      },
      end(body?: string) {
        try {
          resolve(answer(operation, response.statusCode, String(headers['x-amzn-requestid'] ?? ''), body ?? ''));
        } catch (error) {
          reject(error as Error);
        }
      },
    };
    try {
      handle(request as unknown as IncomingMessage, response as unknown as ServerResponse);
      request.emit('data', Buffer.from(JSON.stringify(input)));
      request.emit('end');
    } catch (error) {
      reject(error as Error);
    }
  });
}

function answer(operation: DynamoDbOperation, statusCode: number, requestId: string, body: string): JsonObject {
  const parsed: unknown = body === '' ? {} : JSON.parse(body);
  if (!isRecord(parsed)) throw new Error(`Local DynamoDB: expected a JSON object answering ${operation}, found ${body.slice(0, 100)}`);
  if (statusCode === 200) return parsed as JsonObject;
  const type = typeof parsed['__type'] === 'string' ? parsed['__type'] : `HTTP ${statusCode}`;
  const message = parsed['message'] ?? parsed['Message'];
  throw new DynamoDbServiceError(type.slice(type.lastIndexOf('#') + 1), typeof message === 'string' ? message : '', statusCode, requestId);
}
