export * from './stack/batchmon-stack';
export * from './stack/synthesize';
