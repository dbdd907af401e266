import { parseArgs } from 'node:util';
import type { FailedEventMessage } from '@batchmon/correlation';
import { startLocalBatchmon } from '@batchmon/local';
import { expectedMetricTotals } from '@batchmon/scenarios';
import { SeededRandom, simulateWorkload } from '@batchmon/simulator';
import { FAULT_TYPES, compareTotals, injectFault, type FaultOutcome, type FaultType } from './fault-types';

// `npm run bench:faults [-- --jobs N --seed S --rate p --type T --json]`: for each AWS fault type,
// replays a simulated workload through the local pipeline with that fault injected at the given
// rate, sends back what the workflows handed to the failed-events queue (as `infra:redrive` does),
// and compares every metric total with the simulator's ground truth. Figures, not assertions.

const USAGE = `usage: npm run bench:faults -- [--jobs <n> (default 60)] [--seed <n> (default 1)] [--rate <0..1> (default 0.1)] [--type <${FAULT_TYPES.join('|')}>] [--json]`;

/** Options of the benchmark. */
export interface FaultBenchmarkOptions {
  readonly jobs: number;
  readonly seed: number;
  readonly rate: number;
  readonly types: readonly FaultType[];
}

/**
 * Reads the command line.
 * @throws naming the option and what was expected
 */
export function parseFaultBenchmarkArguments(args: readonly string[]): FaultBenchmarkOptions & { readonly json: boolean } {
  const { values } = parseArgs({
    args: [...args],
    options: { jobs: { type: 'string' }, seed: { type: 'string' }, rate: { type: 'string' }, type: { type: 'string', multiple: true }, json: { type: 'boolean' } },
    strict: true,
  });
  const jobs = Number(values.jobs ?? 60);
  const seed = Number(values.seed ?? 1);
  const rate = Number(values.rate ?? 0.1);
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs: expected a whole number of at least 1, found ${JSON.stringify(values.jobs)}`);
  if (!Number.isInteger(seed)) throw new Error(`--seed: expected a whole number, found ${JSON.stringify(values.seed)}`);
  if (!(rate >= 0 && rate <= 1)) throw new Error(`--rate: expected a probability from 0 to 1, found ${JSON.stringify(values.rate)}`);
  const types = (values.type ?? [...FAULT_TYPES]).map((type) => {
    if (!(FAULT_TYPES as readonly string[]).includes(type)) throw new Error(`--type: expected one of ${FAULT_TYPES.join(', ')}, found ${JSON.stringify(type)}`);
    return type as FaultType;
  });
  return { jobs, seed, rate, types, json: values.json === true };
}

/** Runs one fault type: the workload with the fault, then the failed events sent back without it. */
export async function runFaultType(type: FaultType, options: FaultBenchmarkOptions): Promise<FaultOutcome> {
  const { events, truth } = simulateWorkload({ jobs: options.jobs, seed: options.seed });
  const random = new SeededRandom(options.seed);
  const batchmon = await startLocalBatchmon({ faultRandom: () => random.next() });
  try {
    const injection = injectFault(type, batchmon.pipeline.faults, options.rate);
    for (const event of events) await batchmon.ingest(event);
    await batchmon.flush();
    batchmon.pipeline.faults.clear();
    // Redrive until the failed-events queue stays empty, as an operator would once the cause is fixed.
    let redriven = 0;
    for (let round = 0; round < 5 && batchmon.failedEvents.length > redriven; round++) {
      const pending = batchmon.failedEvents.slice(redriven);
      redriven += pending.length;
      for (const message of pending) await batchmon.redrive(message as FailedEventMessage);
      await batchmon.flush();
    }
    const summary = batchmon.summary();
    const { lost, duplicated, differences } = compareTotals(expectedMetricTotals(truth), summary.metricTotals);
    return {
      type,
      rate: options.rate,
      events: events.length,
      injected: batchmon.pipeline.faults.injected,
      lost,
      duplicated,
      redriven,
      differences,
      ...(injection.applicable ? {} : { notApplicable: injection.why }),
    };
  } finally {
    await batchmon.close();
  }
}

function table(outcomes: readonly FaultOutcome[]): string {
  const header = ['fault', 'rate', 'events', 'injected', 'lost', 'duplicated', 'redriven'];
  const rows = outcomes.map((o) => [o.type, String(o.rate), String(o.events), o.notApplicable ? 'n/a' : String(o.injected), String(o.lost), String(o.duplicated), String(o.redriven)]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const notes = outcomes.flatMap((o) => [
    ...(o.notApplicable ? [`${o.type}: ${o.notApplicable}`] : []),
    ...(Object.keys(o.differences).length > 0 ? [`${o.type}: emitted − truth by metric ${JSON.stringify(o.differences)}`] : []),
  ]);
  return [line(header), ...rows.map(line), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n');
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parseFaultBenchmarkArguments>;
  try {
    options = parseFaultBenchmarkArguments(process.argv.slice(2));
  } catch (error) {
    console.error(`bench:faults: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  const outcomes: FaultOutcome[] = [];
  for (const type of options.types) {
    if (!options.json) process.stderr.write(`bench:faults: ${type} at rate ${options.rate}…\n`);
    outcomes.push(await runFaultType(type, options));
  }
  if (options.json) {
    console.log(JSON.stringify({ faults: outcomes.map(({ type, rate, events, lost, duplicated, redriven, injected, notApplicable }) => ({ type, rate, events, lost, duplicated, redriven, injected, ...(notApplicable ? { notApplicable } : {}) })) }, null, 2));
  } else console.log(table(outcomes));
  return 0;
}

if (require.main === module) {
  main().then((code) => process.exit(code));
}
