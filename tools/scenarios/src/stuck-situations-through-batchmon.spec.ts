import { familyOf, type EventFamily } from '@batchmon/event-schemas';
import { startLocalBatchmon, type LocalBatchmon } from '@batchmon/local';
import { STUCK_SITUATIONS, WORKLOAD_PRESETS, simulateWorkload, situationJobQueue, type GroundTruth, type SimulatedEvent } from '@batchmon/simulator';
import { liveJobCountsAt, publishedLiveJobCounts, publishedMinutes, type LiveJobCounts } from './workload-truth';

// Story: beside a small regular workload, every stuck-job situation happens in the account — a
// job too big for its queue blocking it and another one behind it, a compute environment at its
// maximum vCPUs, launches failing for want of capacity and for the vCPU quota, instances that
// never register, RunTask refused for memory a daemon holds, a queue busy with long jobs, an image
// that cannot be pulled — delivered with 3 % duplicates and 3 % reordering. Today's batchmon has
// no rule for the Auto Scaling instance activities these situations add: each of those events is
// counted unrouted, none lost silently, and nothing else changes — every execution succeeds and
// the live job counts equal the truth at every minute, stuck jobs included.

const WORKLOAD = { ...WORKLOAD_PRESETS['stuck-situations'], jobs: 20, seed: 2, duplicateRate: 0.03, reorderRate: 0.03 } as const;
/** Metric messages are handed to the Lambda every this many events, as the replay command does. */
const FLUSH_EVERY = 250;

/** What happened to one delivered event. */
interface Delivery {
  readonly family: EventFamily | undefined;
  readonly unrouted: boolean;
  readonly executions: number;
}

const jobsOf = (counts: LiveJobCounts | undefined): [string, number][] => Object.entries(counts?.jobs ?? {}).sort(([a], [b]) => a.localeCompare(b));

let batchmon: LocalBatchmon;
let events: readonly SimulatedEvent[];
let truth: GroundTruth;
let published: Record<string, LiveJobCounts>;
let minutes: string[];
const deliveries: Delivery[] = [];

beforeAll(async () => {
  ({ events, truth } = simulateWorkload(WORKLOAD));
  batchmon = await startLocalBatchmon({ stack: { metricsProfile: 'essential' } });
  for (const [index, event] of events.entries()) {
    const result = await batchmon.ingest(event);
    if (result.kind === 'invalid') throw new Error(`event ${index} is invalid: ${JSON.stringify(result.invalid)}`);
    deliveries.push({ family: familyOf(event), unrouted: result.result.unrouted, executions: result.result.executions.length });
    if ((index + 1) % FLUSH_EVERY === 0) await batchmon.flush();
  }
  await batchmon.flush();
  published = publishedLiveJobCounts(batchmon.emfLines);
  minutes = publishedMinutes(batchmon.emfLines);
  // Hours of simulated time (the situations' long jobs): MinuteLevels runs a hundred times and more.
}, 420_000);

afterAll(() => batchmon?.close());

describe('every stuck situation at once, through today’s batchmon', () => {
  it('validates every event and runs every execution to success', () => {
    expect(batchmon.summary()).toMatchObject({ events: truth.eventsDelivered, invalid: 0, failedExecutions: 0, failedEvents: 0, deadLetters: 0 });
  });

  it('accounts for every delivery: executions for a routed event, the unrouted count for the others', () => {
    const summary = batchmon.summary();
    expect(deliveries.every((delivery) => (delivery.unrouted ? delivery.executions === 0 : delivery.executions >= 1))).toBe(true);
    expect(summary.unrouted).toBe(deliveries.filter((delivery) => delivery.unrouted).length);
    expect(summary.routed + summary.unrouted).toBe(summary.events);
  });

  it('counts the Auto Scaling instance activities among the events it read, routed or counted unrouted', () => {
    const activities = deliveries.filter((delivery) => delivery.family === 'AutoScalingInstanceActivity');
    expect(activities.length).toBeGreaterThanOrEqual(truth.eventsByFamily.AutoScalingInstanceActivity);
    expect(batchmon.summary().eventsByFamily.AutoScalingInstanceActivity).toBe(activities.length);
  });

  it('publishes, at every minute, the live job counts the delivered events tell, the situations’ queues among them', () => {
    expect(minutes.length).toBeGreaterThan(60);
    const mismatches = minutes.filter((minute) => JSON.stringify(jobsOf(published[minute])) !== JSON.stringify(jobsOf(liveJobCountsAt(events, Date.parse(minute)))));
    expect(mismatches.slice(0, 2).map((minute) => [minute, jobsOf(published[minute]), jobsOf(liveJobCountsAt(events, Date.parse(minute)))])).toEqual([]);
    const queues = new Set(Object.values(published).flatMap((counts) => Object.keys(counts.jobs)));
    for (const situation of STUCK_SITUATIONS) expect([...queues].some((key) => key.endsWith(` queue ${situationJobQueue(situation)}`))).toBe(true);
  });

  it('counts each stuck job in its state at the first minute after it was stuck', () => {
    expect(truth.stuckJobs.length).toBeGreaterThanOrEqual(STUCK_SITUATIONS.length);
    for (const job of truth.stuckJobs) {
      const minute = minutes.find((candidate) => Date.parse(candidate) > Date.parse(job.stuckAt));
      expect(published[minute ?? '']?.jobs[`${job.state} queue ${job.jobQueue}`]).toBeGreaterThanOrEqual(1);
    }
  });
});
