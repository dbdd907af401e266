export * from './local-batchmon';
export * from './run-summary';
