import type { Server } from 'node:http';
import { createRequire } from 'node:module';

// dynalite keeps its in-memory tables in memory-level, whose default store encoding turns every
// key and value into a Buffer. Node slices small Buffers out of a shared 8 KB pool, so with the
// HTTP traffic allocated in between, each stored item kept a whole slab alive: measured 16 KB of
// ArrayBuffer memory per item, which made a long replay's RSS grow by 3 MB per 1,000 events.
// Stored as strings, an item costs its JSON text in the JS heap (under 1 KB for batchmon's items).

/** The options of dynalite this emulator uses (dynalite ships no type declarations). */
export interface DynaliteOptions {
  /** How long tables stay CREATING. @default 500 */
  readonly createTableMs?: number;
  /** How long tables stay DELETING. @default 500 */
  readonly deleteTableMs?: number;
  /** How long tables stay UPDATING. @default 500 */
  readonly updateTableMs?: number;
}

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

/**
 * A dynalite HTTP server (not listening yet) whose in-memory tables hold strings.
 * dynalite reads `MemoryLevel` when its database module loads, so the store is set before the
 * first `require('dynalite')` of this module registry.
 */
export function createDynaliteServer(options: DynaliteOptions): Server {
  dynaliteMemoryLevel();
  const dynalite = fromDynalite(DYNALITE) as (options: DynaliteOptions) => Server;
  return dynalite(options);
}
