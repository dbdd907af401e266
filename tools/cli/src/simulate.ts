// npm run simulate -- --jobs N --seed S --out <file.jsonl> [--start ISO] [--duplicates R] [--reorder R] [--truth <file.json>]
//
// Writes a simulated AWS Batch workload as JSON Lines (one EventBridge event per line, the format
// the replay tool reads) and optionally its ground truth. Exit codes: 0 done, 1 failed, 2 bad usage.
import { parseSimulateArguments, SIMULATE_USAGE, UsageError, writeWorkload, total, WorkloadOptionsError } from '@batchmon/simulator';

async function main(): Promise<number> {
  let command;
  try {
    command = parseSimulateArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`simulate: ${error.message}\n\n${SIMULATE_USAGE}\n`);
    return 2;
  }
  if (command === undefined) {
    process.stdout.write(`${SIMULATE_USAGE}\n`);
    return 0;
  }
  try {
    const { truth, seconds } = await writeWorkload(command);
    const instances = total(truth.instances.registrations);
    process.stdout.write(
      `simulate: ${truth.eventsDelivered} events (${truth.duplicatesDelivered} duplicates, ${truth.reorderedPairs} swapped pairs) ` +
        `for ${truth.submissions} jobs submitted (${truth.batchJobs} job ids), ${instances} instances, ` +
        `${truth.simulatedSeconds} s simulated, written to ${command.out}` +
        `${command.truth === undefined ? '' : ` and ${command.truth}`} in ${seconds.toFixed(1)} s\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof WorkloadOptionsError) {
      process.stderr.write(`simulate: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`simulate: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`simulate: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
