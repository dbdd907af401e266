import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { isRecord, type JsonObject } from '../json';
import { DynamoDbServiceError } from '../errors';

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

/** dynalite's HTTP server, and the same store answering in process. */
export interface Dynalite {
  /** Not listening yet. */
  readonly server: Server;
  /**
   * Answers one request of DynamoDB's JSON protocol in process, with dynalite's own validations
   * and actions on the store its HTTP server serves: the same checks and the same answers as over
   * HTTP, without a socket, HTTP parsing, request signing, the SDK's (de)serialization, or the
   * HTTP layer dynalite wraps around its actions (request ids, CRC32 of the body, header and URL
   * parsing). Input and output are the wire JSON, the shape Step Functions passes to and gets
   * from its DynamoDB integrations.
   * @throws DynamoDbServiceError for an error response.
   */
  call(operation: DynamoDbOperation, input: JsonObject): Promise<JsonObject>;
}

const DYNALITE = require.resolve('dynalite');
// Resolved from dynalite's own folder: the copies of its modules (and of memory-level) that dynalite itself loads.
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

/** dynalite's store (its `db` module's `create`), opaque here: only its actions and validations use it. */
type DynaliteStore = object;

/** An error dynalite answers with: `body` is the JSON it sends (`__type`, `message`), `statusCode` the HTTP status. */
interface DynaliteErrorAnswer {
  readonly statusCode: number;
  readonly body: unknown;
}

interface DynaliteOperation {
  readonly validation: { readonly types: unknown; readonly custom?: unknown };
  readonly action: (store: DynaliteStore, data: unknown, callback: (error: unknown, data?: unknown) => void) => void;
}

interface DynaliteValidations {
  checkTypes(data: unknown, types: unknown): unknown;
  checkValidations(data: unknown, types: unknown, custom: unknown, store: DynaliteStore): void;
}

const OPERATIONS: readonly DynamoDbOperation[] = ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query', 'Scan'];

/**
 * dynalite's validations and actions for the operations the workflows call, as its HTTP handler
 * dispatches them (`index.js`: `actions[action]`, `actionValidations[action]` by the lower-camel
 * operation name).
 */
function dynaliteOperations(): { readonly validations: DynaliteValidations; readonly operations: Readonly<Record<DynamoDbOperation, DynaliteOperation>> } {
  const operations = {} as Record<DynamoDbOperation, DynaliteOperation>;
  for (const operation of OPERATIONS) {
    const name = `${operation.charAt(0).toLowerCase()}${operation.slice(1)}`;
    operations[operation] = {
      validation: fromDynalite(`./validations/${name}`) as DynaliteOperation['validation'],
      action: fromDynalite(`./actions/${name}`) as DynaliteOperation['action'],
    };
  }
  return { validations: fromDynalite('./validations') as DynaliteValidations, operations };
}

/**
 * dynalite, its tables held as strings. dynalite reads `MemoryLevel` when its database module
 * loads, so the store is set before dynalite is first loaded (Node's own require: once a process).
 * The store dynalite creates for its server is kept (its `db.create` is watched while the server
 * is made), so that in-process calls and HTTP clients read and write the same tables.
 */
export function createDynalite(options: DynaliteOptions): Dynalite {
  dynaliteMemoryLevel();
  const db = fromDynalite('./db') as { create: (options: DynaliteOptions) => DynaliteStore };
  const dynalite = fromDynalite(DYNALITE) as (options: DynaliteOptions) => Server;
  const create = db.create;
  let store: DynaliteStore | undefined;
  let server: Server;
  db.create = (storeOptions) => {
    store = create(storeOptions);
    return store;
  };
  try {
    server = dynalite(options);
  } finally {
    db.create = create;
  }
  if (store === undefined) throw new Error('Local DynamoDB: expected dynalite to create its store through db.create, found no store created');
  const served = store;
  const { validations, operations } = dynaliteOperations();
  return { server, call: (operation, input) => callInProcess(served, validations, operations[operation], operation, input) };
}

/**
 * What dynalite's HTTP handler does with a request once it has checked the HTTP layer (method,
 * content type, target, signature headers): check the types and the validations of the
 * operation, then run its action; an error with a status code is the answer, any other is a bug.
 * The input and the answer go through JSON text, as they do over HTTP: dynalite gets its own
 * copy of the request (it adds parsed expressions to it) and the caller a plain JSON answer.
 */
function callInProcess(store: DynaliteStore, validations: DynaliteValidations, dynaliteOperation: DynaliteOperation, operation: DynamoDbOperation, input: JsonObject): Promise<JsonObject> {
  return new Promise((resolve, reject) => {
    const { validation, action } = dynaliteOperation;
    try {
      let data: unknown = JSON.parse(JSON.stringify(input));
      try {
        data = validations.checkTypes(data, validation.types);
        validations.checkValidations(data, validation.types, validation.custom, store);
      } catch (error) {
        if (isErrorAnswer(error)) {
          reject(errorOf(operation, error));
          return;
        }
        throw error;
      }
      action(store, data, (error, output) => {
        try {
          if (isErrorAnswer(error)) reject(errorOf(operation, error));
          else if (error) reject(error instanceof Error ? error : new Error(`Local DynamoDB: ${operation} failed: ${String(error)}`));
          else resolve(answer(operation, output));
        } catch (failure) {
          reject(failure as Error);
        }
      });
    } catch (error) {
      reject(error as Error);
    }
  });
}

function isErrorAnswer(error: unknown): error is DynaliteErrorAnswer {
  return isRecord(error) && typeof error['statusCode'] === 'number';
}

/** The answer as the caller would parse it from dynalite's HTTP response (JSON text, no undefined members). */
function answer(operation: DynamoDbOperation, output: unknown): JsonObject {
  const parsed: unknown = output === undefined ? {} : JSON.parse(JSON.stringify(output));
  if (!isRecord(parsed)) throw new Error(`Local DynamoDB: expected a JSON object answering ${operation}, found ${JSON.stringify(output)?.slice(0, 100)}`);
  return parsed as JsonObject;
}

function errorOf(operation: DynamoDbOperation, error: DynaliteErrorAnswer): DynamoDbServiceError {
  const body = isRecord(error.body) ? error.body : {};
  const type = typeof body['__type'] === 'string' ? body['__type'] : `HTTP ${error.statusCode}`;
  const message = body['message'] ?? body['Message'];
  return new DynamoDbServiceError(type.slice(type.lastIndexOf('#') + 1), typeof message === 'string' ? message : `${operation} failed`, error.statusCode, requestId());
}

/** A request id in dynalite's form: 52 characters of base64 letters and digits, upper case (`index.js`, `rand52CharId`). */
function requestId(): string {
  return randomBytes(39).toString('base64').toUpperCase().replace(/[+/]/g, '0');
}
