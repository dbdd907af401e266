/** batchmon tools: local emulation of the pipeline (see ./emulator). */
export * from './emulator';
