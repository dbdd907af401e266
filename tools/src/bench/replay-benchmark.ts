import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { replay } from '../replay/replay';
import { writeWorkload } from '../simulator';

// `npm run bench:replay` (56,000 jobs: 1,007,402 events with seed 1): simulates a workload to a JSON
// Lines file, replays it through batchmon on the local emulators, and prints throughput and memory.
// Figures, not assertions: this is a benchmark, not a test.

const USAGE = 'usage: npm run bench:replay -- [--jobs <n> (default 56000: just over 1,000,000 events)] [--seed <n>] [--keep]';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { jobs: { type: 'string' }, seed: { type: 'string' }, keep: { type: 'boolean' } },
  });
  const jobs = Number(values.jobs ?? 56_000);
  const seed = Number(values.seed ?? 1);
  if (!Number.isInteger(jobs) || jobs <= 0 || !Number.isInteger(seed)) throw new Error(`bad options\n${USAGE}`);
  const dir = mkdtempSync(join(tmpdir(), 'batchmon-bench-'));
  const capture = join(dir, 'capture.jsonl');

  const simulated = Date.now();
  await writeWorkload({ out: capture, options: { jobs, seed } });
  const simulateSeconds = (Date.now() - simulated) / 1000;
  const bytes = statSync(capture).size;

  const mib = (n: number): string => `${Math.round(n / 1024 / 1024)} MiB`;
  let peakRss = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    const { rss, heapUsed } = process.memoryUsage();
    peakRss = Math.max(peakRss, rss);
    peakHeap = Math.max(peakHeap, heapUsed);
  }, 250);
  // Memory on every progress line, so a long run shows whether it grows with the events replayed.
  const replayStarted = Date.now();
  let lastLine = replayStarted;
  const { summary } = await replay({
    input: capture,
    outDir: join(dir, 'out'),
    onProgress: (done, read) => {
      if (Date.now() - lastLine < 30_000) return;
      lastLine = Date.now();
      const { rss, heapUsed, heapTotal, arrayBuffers } = process.memoryUsage();
      const rate = Math.round(done / ((Date.now() - replayStarted) / 1000));
      console.log(`replay: ${done} events, ${Math.round((100 * read) / bytes)}%, ${rate} events/s, RSS ${mib(rss)}, heap ${mib(heapUsed)} of ${mib(heapTotal)}, ArrayBuffers ${mib(arrayBuffers)}`);
    },
  });
  clearInterval(sampler);
  console.log(
    [
      `jobs simulated            ${jobs} (seed ${seed}), ${summary.events} events, ${mib(bytes)} of JSON Lines, in ${simulateSeconds.toFixed(1)} s`,
      `replay wall time          ${summary.wallSeconds.toFixed(1)} s`,
      `events per second         ${summary.eventsPerSecond}`,
      `executions per second     ${Math.round(summary.executions / summary.wallSeconds)}`,
      `EMF records               ${summary.emfRecords}`,
      `failed executions         ${summary.failedExecutions}`,
      `peak RSS during replay    ${mib(peakRss)} (sampled every 250 ms; process maxRSS ${mib(process.resourceUsage().maxRSS * 1024)})`,
      `peak JS heap              ${mib(peakHeap)}`,
    ].join('\n'),
  );
  if (values.keep === true) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
