// dynalite ships no type declarations; this describes the part of its API the emulator uses.
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** How long tables stay CREATING. @default 500 */
    createTableMs?: number;
    /** How long tables stay DELETING. @default 500 */
    deleteTableMs?: number;
    /** How long tables stay UPDATING. @default 500 */
    updateTableMs?: number;
    /** Maximum item size in KB. @default 400 */
    maxItemSizeKb?: number;
    /** LevelDB directory; in memory when absent. */
    path?: string;
  }

  function dynalite(options?: DynaliteOptions): Server;
  export = dynalite;
}
