import type { MetricsProfile } from '@batchmon/metrics';
import { startLocalBatchmon } from '@batchmon/local';
import { simulateWorkloadStream, type WorkloadOptions } from '@batchmon/simulator';

/**
 * Runs a seeded simulated workload through batchmon locally (the synthesized stack on the
 * embedded emulators, the real metrics Lambda) and returns the EMF lines the Lambda printed: what
 * the previews of a demo, a test or the README screenshot are drawn from. `metricsProfile` is the
 * stack's option (default `essential`).
 *
 * @example
 * const lines = await simulatedEmfLines({ jobs: 150, seed: 1 });
 * await writeDashboardPreviews({ emfLines: lines, outDir: 'out/previews' });
 */
export async function simulatedEmfLines(options: WorkloadOptions, metricsProfile?: MetricsProfile): Promise<string[]> {
  const lines: string[] = [];
  const batchmon = await startLocalBatchmon({ onEmf: (line) => lines.push(line), stack: { metricsProfile } });
  try {
    for (const event of simulateWorkloadStream(options)) await batchmon.ingest(event);
    await batchmon.flush();
  } finally {
    await batchmon.close();
  }
  return lines;
}
