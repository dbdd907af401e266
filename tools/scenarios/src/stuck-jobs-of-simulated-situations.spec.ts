import { STUCK_REASONS } from '@batchmon/correlation';
import { parseEmfLine } from '@batchmon/metrics';
import { startLocalBatchmon, type LocalBatchmon } from '@batchmon/local';
import { STUCK_SITUATIONS, WORKLOAD_PRESETS, simulateWorkload, type GroundTruth, type SimulatedEvent } from '@batchmon/simulator';

// Story: beside a small regular workload, every stuck-job situation the simulator knows happens in
// the account — a job too big for its queue, a blocked queue, a compute environment at its maximum
// vCPUs, launches failing for want of capacity and for the vCPU quota, instances that never
// register, RunTask refused for memory, a queue busy with long jobs, an image that cannot be pulled —
// and the events reach batchmon with 30 % duplicates and 30 % reordering. Every minute MinuteLevels
// diagnoses the jobs past their threshold from batchmon's own tables: each stuck job of the truth is
// diagnosed once, with the reason the simulation put there, and none of them is `unknown`.

const FLUSH_EVERY = 250;

/** Each `StuckJobs` record's job, reason and record, by job. */
function diagnosed(batchmon: LocalBatchmon): Map<string, { reason: string; count: number; properties: Record<string, unknown> }> {
  const byJob = new Map<string, { reason: string; count: number; properties: Record<string, unknown> }>();
  for (const line of batchmon.emfLines.map((text) => parseEmfLine(text))) {
    if (!line.metrics.some((metric) => metric.name === 'StuckJobs')) continue;
    const jobId = String(line.properties['jobId']);
    const seen = byJob.get(jobId);
    byJob.set(jobId, { reason: String(line.dimensions['Reason'] ?? line.properties['Reason']), count: (seen?.count ?? 0) + 1, properties: line.properties });
  }
  return byJob;
}

describe.each([2, 5])('every stuck situation, seed %i, with 30 % duplicates and 30 % reordering', (seed) => {
  let batchmon: LocalBatchmon;
  let truth: GroundTruth;
  let events: readonly SimulatedEvent[];

  beforeAll(async () => {
    ({ events, truth } = simulateWorkload({ ...WORKLOAD_PRESETS['stuck-situations'], seed, duplicateRate: 0.3, reorderRate: 0.3 }));
    // `detailed`: StuckJobs carries its Reason dimension (in `essential` the reason is a field).
    batchmon = await startLocalBatchmon({ stack: { metricsProfile: 'detailed' } });
    for (const [index, event] of events.entries()) {
      await batchmon.ingest(event);
      if ((index + 1) % FLUSH_EVERY === 0) await batchmon.flush();
    }
    await batchmon.flush();
  }, 600_000);
  afterAll(() => batchmon?.close());

  it('has a stuck job of every situation to diagnose', () => {
    const situations = new Set(truth.stuckJobs.map((job) => job.situation));
    for (const situation of STUCK_SITUATIONS) expect(situations).toContain(situation);
  });

  it('gives every stuck job of the truth its true reason, none unknown', () => {
    const found = diagnosed(batchmon);
    const mismatches = truth.stuckJobs
      .filter((job) => found.get(job.jobId)?.reason !== job.reason)
      .map((job) => ({ jobId: job.jobId, situation: job.situation, truth: job.reason, diagnosed: found.get(job.jobId)?.reason ?? 'none', evidence: found.get(job.jobId)?.properties['evidence'] }));
    expect(mismatches).toEqual([]);
    expect(truth.stuckJobs.filter((job) => job.reason === 'unknown')).toEqual([]);
  });

  it('diagnoses each stuck job once, whatever the duplicates', () => {
    const found = diagnosed(batchmon);
    for (const job of truth.stuckJobs) expect(found.get(job.jobId)?.count).toBe(1);
  });

  it('names only reasons of the shared vocabulary', () => {
    for (const { reason } of diagnosed(batchmon).values()) expect(STUCK_REASONS).toContain(reason);
  });

  it('runs every execution to success', () => {
    expect(batchmon.summary()).toMatchObject({ invalid: 0, failedExecutions: 0, failedEvents: 0, deadLetters: 0 });
  });
});
