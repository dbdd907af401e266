import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { replay } from '@batchmon/local';
import { writeWorkload } from '@batchmon/simulator';

// `npm run bench:replay` (56,000 jobs: 1,007,402 events with seed 1): simulates a workload to a JSON
// Lines file, replays it through batchmon on the local emulators, and prints throughput and memory.
// Figures, not assertions: this is a benchmark, not a test.

/**
 * The figures issue 15 started from, on an idle 2-core machine: a two-event replay took 8.9 s (the
 * stack synthesized on every run), and the simulated workload replayed at 116 events per CPU-second
 * and 355 events per second of wall-clock time (a 2,000-job capture, README of that commit).
 */
const BASELINE = { startupSeconds: 8.9, eventsPerCpuSecond: 116, eventsPerSecond: 355 } as const;

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
  const cpuBefore = process.cpuUsage();
  let firstEventSeconds: number | undefined;
  let lastLine = replayStarted;
  const { summary } = await replay({
    input: capture,
    outDir: join(dir, 'out'),
    onProgress: (done, read) => {
      firstEventSeconds ??= (Date.now() - replayStarted) / 1000;
      if (Date.now() - lastLine < 30_000) return;
      lastLine = Date.now();
      const { rss, heapUsed, heapTotal, arrayBuffers } = process.memoryUsage();
      const rate = Math.round(done / ((Date.now() - replayStarted) / 1000));
      console.log(`replay: ${done} events, ${Math.round((100 * read) / bytes)}%, ${rate} events/s, RSS ${mib(rss)}, heap ${mib(heapUsed)} of ${mib(heapTotal)}, ArrayBuffers ${mib(arrayBuffers)}`);
    },
  });
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpuBefore);
  // User and system time of every thread of the process (the GC's helper threads included).
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const perCpuSecond = Math.round(summary.events / cpuSeconds);
  const times = (value: number, baseline: number): string => `${(value / baseline).toFixed(1)}×`;
  console.log(
    [
      `jobs simulated            ${jobs} (seed ${seed}), ${summary.events} events, ${mib(bytes)} of JSON Lines, in ${simulateSeconds.toFixed(1)} s`,
      `replay wall time          ${summary.wallSeconds.toFixed(1)} s (start-up to the first event replayed ${(firstEventSeconds ?? 0).toFixed(1)} s)`,
      `events per second         ${summary.eventsPerSecond}`,
      `events per CPU-second     ${perCpuSecond} (${cpuSeconds.toFixed(1)} s of CPU: user ${(cpu.user / 1e6).toFixed(1)} s, system ${(cpu.system / 1e6).toFixed(1)} s)`,
      `executions per second     ${Math.round(summary.executions / summary.wallSeconds)}`,
      `EMF lines               ${summary.emfLines}`,
      `failed executions         ${summary.failedExecutions}`,
      `peak RSS during replay    ${mib(peakRss)} (sampled every 250 ms; process maxRSS ${mib(process.resourceUsage().maxRSS * 1024)})`,
      `peak JS heap              ${mib(peakHeap)}`,
      `against issue 15's start  ${perCpuSecond} events per CPU-second (${times(perCpuSecond, BASELINE.eventsPerCpuSecond)} of ${BASELINE.eventsPerCpuSecond}), ` +
        `${summary.eventsPerSecond} events per second (${times(summary.eventsPerSecond, BASELINE.eventsPerSecond)} of ${BASELINE.eventsPerSecond}), ` +
        `start-up ${(firstEventSeconds ?? 0).toFixed(1)} s (was ${BASELINE.startupSeconds} s for a two-event replay)`,
    ].join('\n'),
  );
  if (values.keep === true) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

main().catch((error: unknown) => {
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
