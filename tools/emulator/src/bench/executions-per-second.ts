/**
 * Prints how many executions per second the emulator runs for the fixture's 3-state workflow
 * (putItem with a condition → Pass → sendMessage), sequentially and with executions in flight
 * together, and how fast the SQS hand-off drains. A figure to read, not a test.
 * Run: `npx tsx tools/emulator/src/bench/executions-per-second.ts [executions]`.
 */
import { join } from 'node:path';
import { createLocalPipeline } from '../pipeline/local-pipeline';

const EXECUTIONS = Number(process.argv[2] ?? 2000);
const TEMPLATE = join(__dirname, '..', '__fixtures__', 'emulator-fixture.template.json');

async function measure(label: string, concurrency: number, recordHistory: boolean): Promise<void> {
  const pipeline = await createLocalPipeline({ template: TEMPLATE, recordHistory, handler: async () => undefined });
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < EXECUTIONS) {
        const id = next++;
        const result = await pipeline.startExecution('JobStatesWorkflow', { detail: { jobId: `${label}-${id}`, status: 'RUNNING' } });
        if (result.status !== 'SUCCEEDED') throw new Error(`execution ${id} ended ${result.status}: ${result.error} ${result.cause}`);
      }
    };
    const started = performance.now();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = (performance.now() - started) / 1000;
    const drainStarted = performance.now();
    const summary = await pipeline.drain();
    const drainSeconds = (performance.now() - drainStarted) / 1000;
    console.log(
      `${label.padEnd(34)} ${(EXECUTIONS / seconds).toFixed(0).padStart(6)} executions/s  ` +
        `(${((seconds * 1000) / EXECUTIONS).toFixed(2)} ms each; drain ${(summary.recordsDelivered / drainSeconds).toFixed(0)} messages/s in ${summary.batches} batches)`,
    );
  } finally {
    await pipeline.close();
  }
}

async function main(): Promise<void> {
  console.log(`${EXECUTIONS} executions of JobStatesWorkflow (putItem → Pass → sendMessage), node ${process.version}`);
  await measure('sequential, history on', 1, true);
  await measure('sequential, history off', 1, false);
  await measure('10 in flight, history off', 10, false);
  await measure('50 in flight, history off', 50, false);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
