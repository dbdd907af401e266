import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_METRICS_PROFILE, isMetricsProfile, METRICS_PROFILES, type MetricsProfile } from '@batchmon/metrics';
import { join } from 'node:path';
import { writeDashboardPreviews } from '@batchmon/previews';
import { replayEvents } from '@batchmon/local';
import { simulateWorkloadStream, WorkloadOptionsError, type WorkloadOptions } from '@batchmon/simulator';
import { formatSummary } from './format-summary';
import { createProgress } from './progress';

const USAGE = `usage: npm start [-- --jobs <n>] [--seed <n>] [--out <dir>] [--profile essential|detailed]
  Simulates a seeded AWS Batch workload and runs it through batchmon on local emulators.
  --jobs <n>   jobs submitted (default 300)
  --seed <n>   random seed (default 1); the same seed gives the same run
  --out <dir>  where emf.jsonl, summary.json and dashboards/ are written (default out)
  --profile    metrics profile the Lambda publishes and the dashboards are built for (default essential)`;

const integer = (name: string, text: string | undefined, fallback: number): number => {
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text)) throw new WorkloadOptionsError(`--${name}: expected a whole number, found "${text}"`);
  return Number(text);
};

/** Exit codes: 0 done, 1 a workflow execution failed, 2 bad options, 130 interrupted. */
async function main(argv: readonly string[]): Promise<number> {
  let options: WorkloadOptions;
  let outDir: string;
  let profile: MetricsProfile;
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { jobs: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, profile: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
    if (values.help === true) {
      console.log(USAGE);
      return 0;
    }
    if (positionals.length > 0) throw new WorkloadOptionsError(`unexpected argument "${positionals[0] ?? ''}"`);
    options = { jobs: integer('jobs', values.jobs, 300), seed: integer('seed', values.seed, 1) };
    outDir = values.out ?? 'out';
    const requested = values.profile ?? DEFAULT_METRICS_PROFILE;
    if (!isMetricsProfile(requested)) throw new WorkloadOptionsError(`--profile: expected ${METRICS_PROFILES.join(' or ')}, found "${requested}"`);
    profile = requested;
    // Counting the events first (the simulation is cheap and seeded) gives the progress bar its total.
    let total = 0;
    for (const _event of simulateWorkloadStream(options)) total += 1;
    let stopRequested = false;
    process.once('SIGINT', () => {
      stopRequested = true;
      console.error('start: interrupted, writing what was run so far');
    });
    const progress = createProgress('batchmon', { unit: 'events' });
    const events = (function* () {
      let index = 0;
      for (const event of simulateWorkloadStream(options)) {
        index += 1;
        yield { index, event, offset: index };
      }
    })();
    const { summary, failures, interrupted } = await replayEvents(events, {
      outDir,
      metricsProfile: profile,
      onProgress: (done) => progress.update(done, done / total),
      shouldStop: () => stopRequested,
    });
    progress.stop();
    console.log(`\n${formatSummary(summary)}\n`);
    const emfLines = readFileSync(join(outDir, 'emf.jsonl'), 'utf8').split('\n').filter((line) => line.length > 0);
    const previews = await writeDashboardPreviews({ emfLines, outDir: join(outDir, 'dashboards'), profile });
    console.log(`wrote ${join(outDir, 'emf.jsonl')} and ${join(outDir, 'summary.json')}${interrupted ? ' (interrupted: partial)' : ''}`);
    console.log(`dashboard previews: ${previews.index} (${previews.pages.length} dashboards, open it in a browser)`);
    if (summary.failedExecutions > 0) {
      console.error(`start: ${summary.failedExecutions} workflow execution(s) failed:\n  ${failures.join('\n  ')}`);
      return 1;
    }
    return interrupted ? 130 : 0;
  } catch (error) {
    if (error instanceof WorkloadOptionsError || (error instanceof Error && error.name === 'TypeError' && 'code' in error)) {
      console.error(`start: ${error.message}\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
