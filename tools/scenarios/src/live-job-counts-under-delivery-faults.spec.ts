import { startLocalBatchmon, type LocalBatchmon } from '@batchmon/local';
import { simulateWorkload, type GroundTruth, type SimulatedEvent } from '@batchmon/simulator';
import { liveJobCountsAt, publishedLiveJobCounts, publishedMinutes, type LiveJobCounts } from './workload-truth';

// Story: a simulated workload — EC2, Spot and Fargate jobs in several queues, array and multi-node
// jobs, retries — reaches batchmon as badly as EventBridge may deliver it: 30 % of the events
// twice, 30 % swapped with their neighbour. Every minute MinuteLevels publishes the jobs in each
// live state by queue and by compute environment, and each queue's oldest RUNNABLE wait, from the
// job items alone. At every minute it published, the counts equal the truth — what the events
// delivered before that minute tell (a late event counts at the next minute, as on AWS) — and the
// oldest wait is within a minute of it. Two seeds.

const FAULTS = { duplicateRate: 0.3, reorderRate: 0.3 } as const;
/** Metric messages are handed to the Lambda every this many events, as the replay command does. */
const FLUSH_EVERY = 250;

/** `counts` with the jobs keys sorted, to compare as JSON. */
const jobsOf = (counts: LiveJobCounts | undefined): [string, number][] => Object.entries(counts?.jobs ?? {}).sort(([a], [b]) => a.localeCompare(b));

describe.each([{ seed: 3 }, { seed: 21 }])('live job counts of a workload delivered with 30 % duplicates and 30 % reordering (seed $seed)', ({ seed }) => {
  let batchmon: LocalBatchmon;
  let events: readonly SimulatedEvent[];
  let truth: GroundTruth;
  let published: ReturnType<typeof publishedLiveJobCounts>;
  let minutes: string[];

  beforeAll(async () => {
    const workload = simulateWorkload({ jobs: 120, seed, ...FAULTS });
    events = workload.events;
    truth = workload.truth;
    batchmon = await startLocalBatchmon({ stack: { metricsProfile: 'essential' } });
    for (const [index, event] of events.entries()) {
      await batchmon.ingest(event);
      if ((index + 1) % FLUSH_EVERY === 0) await batchmon.flush();
    }
    await batchmon.flush();
    published = publishedLiveJobCounts(batchmon.emfLines);
    minutes = publishedMinutes(batchmon.emfLines);
  }, 300_000);

  afterAll(() => batchmon?.close());

  it('is delivered with the faults it is meant to have, and runs every execution to success', () => {
    expect(truth.duplicatesDelivered).toBeGreaterThan(events.length / 5);
    expect(truth.reorderedPairs).toBeGreaterThan(events.length / 10);
    expect(batchmon.summary()).toMatchObject({ failedExecutions: 0, failedEvents: 0, deadLetters: 0 });
  });

  it('publishes, at every minute it published, exactly the jobs in each live state by queue and by compute environment', () => {
    expect(minutes.length).toBeGreaterThan(30);
    expect(Object.keys(published).length).toBeGreaterThan(30);
    const mismatches = minutes.filter((minute) => JSON.stringify(jobsOf(published[minute])) !== JSON.stringify(jobsOf(liveJobCountsAt(events, Date.parse(minute)))));
    expect(mismatches.slice(0, 2).map((minute) => [minute, jobsOf(published[minute]), jobsOf(liveJobCountsAt(events, Date.parse(minute)))])).toEqual([]);
  });

  it('counts jobs by compute environment too, and in every live state the workload reaches', () => {
    const keys = new Set(Object.values(published).flatMap((counts) => Object.keys(counts.jobs)));
    expect([...keys].some((key) => key.startsWith('RUNNING ce '))).toBe(true);
    for (const state of ['RUNNABLE', 'STARTING', 'RUNNING']) expect([...keys].some((key) => key.startsWith(`${state} queue `))).toBe(true);
  });

  it('publishes each queue’s oldest RUNNABLE wait within a minute of the truth', () => {
    const far = minutes.flatMap((minute) => {
      const expected = liveJobCountsAt(events, Date.parse(minute)).oldestRunnable;
      const actual = published[minute]?.oldestRunnable ?? {};
      const queues = new Set([...Object.keys(expected), ...Object.keys(actual)]);
      return [...queues].filter((queue) => Math.abs((actual[queue] ?? 0) - (expected[queue] ?? 0)) > 60).map((queue) => [minute, queue, actual[queue], expected[queue]]);
    });
    expect(far).toEqual([]);
    expect(Object.values(published).some((counts) => Object.values(counts.oldestRunnable).some((seconds) => seconds > 0))).toBe(true);
  });

  it('agrees with the simulator’s own truth at every minute no late event straddles', () => {
    // A minute whose counts differ between the events in simulated order and those delivered
    // before it is one a reordered pair straddles: there the delivered events are the truth.
    const bySimulation = new Map(truth.liveJobs.map((taken) => [taken.minute.replace('Z', '.000Z'), taken]));
    let compared = 0;
    for (const minute of minutes) {
      const taken = bySimulation.get(minute);
      if (taken === undefined) continue;
      const expected = Object.fromEntries(taken.jobs.map((row) => [row.jobQueue === undefined ? `${row.state} ce ${row.computeEnvironment}` : `${row.state} queue ${row.jobQueue}`, row.count]));
      const delivered = liveJobCountsAt(events, Date.parse(minute));
      if (JSON.stringify(jobsOf(delivered)) !== JSON.stringify(jobsOf({ jobs: expected, oldestRunnable: {} }))) continue;
      compared += 1;
      expect(jobsOf(published[minute])).toEqual(jobsOf({ jobs: expected, oldestRunnable: {} }));
    }
    expect(compared).toBeGreaterThan(minutes.length / 3);
  });
});
