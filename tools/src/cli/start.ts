import { startLocalBatchmon } from '../local-batchmon';
import { demoEvents } from '../demo/demo-scenario';
import { formatSummary } from './format-summary';
import { metricsTable } from './metrics-table';

// `npm start`: the built-in scenario through the emulated pipeline (the synthesized stack on
// dynalite and aws-local-stepfunctions, the real metrics Lambda handler), then what it emitted.
async function main(): Promise<number> {
  const batchmon = await startLocalBatchmon();
  try {
    for (const event of demoEvents()) await batchmon.ingest(event);
    await batchmon.flush();
    console.log(metricsTable(batchmon.emfLines));
    console.log();
    console.log(formatSummary(batchmon.summary()));
    return batchmon.summary().failedExecutions > 0 ? 1 : 0;
  } finally {
    await batchmon.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
