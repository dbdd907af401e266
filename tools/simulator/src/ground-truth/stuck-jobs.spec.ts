import { JOB_STATUSES, jobQueueName, type JobStatus } from '@batchmon/event-schemas';
import type { WorkloadOptions } from '../options/workload-options';
import { WORKLOAD_PRESETS } from '../options/workload-presets';
import { simulateWorkload } from '../simulate-workload';
import type { SimulatedEvent } from '../simulated-event';
import { ofFamily, timeOf } from '../__fixtures__/workload-views';
import { RUNNABLE_STUCK_REASONS, STARTING_STUCK_REASONS, type StuckThresholds } from './stuck-jobs';

/** A stay in RUNNABLE or STARTING as the events show it: from its state change to the job's next one. */
interface Stay {
  readonly jobId: string;
  readonly jobQueue: string;
  readonly state: 'RUNNABLE' | 'STARTING';
  readonly since: number;
  readonly until: number;
}

/** Every stay, re-derived from the distinct job state change events (as a deduplicating consumer would). */
function staysOf(events: readonly SimulatedEvent[]): Stay[] {
  const distinct = [...new Map(events.map((event) => [event.id, event])).values()];
  const byJob = new Map<string, { time: number; status: JobStatus; queue: string }[]>();
  for (const event of ofFamily(distinct, 'BatchJobStateChange')) {
    const history = byJob.get(event.detail.jobId) ?? [];
    history.push({ time: timeOf(event), status: event.detail.status, queue: jobQueueName(event.detail.jobQueue) });
    byJob.set(event.detail.jobId, history);
  }
  const stays: Stay[] = [];
  for (const [jobId, history] of byJob) {
    // Within one second, the lifecycle order (a retry's RUNNABLE never shares a second with its STARTING here).
    history.sort((a, b) => a.time - b.time || JOB_STATUSES.indexOf(a.status) - JOB_STATUSES.indexOf(b.status));
    history.forEach((change, index) => {
      if (change.status !== 'RUNNABLE' && change.status !== 'STARTING') return;
      const next = history[index + 1];
      if (next === undefined) throw new Error(`job ${jobId} ends in ${change.status}`);
      stays.push({ jobId, jobQueue: change.queue, state: change.status, since: change.time, until: next.time });
    });
  }
  return stays;
}

function thresholdOf(stay: Stay, thresholds: StuckThresholds): number {
  if (stay.state === 'STARTING') return thresholds.startingSeconds * 1000;
  return (thresholds.runnableSecondsByQueue[stay.jobQueue] ?? thresholds.runnableSeconds) * 1000;
}

const key = (jobId: string, state: string, since: number) => `${jobId} ${state} ${new Date(since).toISOString()}`;

describe.each<[string, WorkloadOptions]>([
  ['the stuck situations', { ...WORKLOAD_PRESETS['stuck-situations'], seed: 6, duplicateRate: 0.05, reorderRate: 0.05 }],
  ['the stuck situations with other thresholds', { ...WORKLOAD_PRESETS['stuck-situations'], seed: 7, stuckThresholds: { runnableSeconds: 900, runnableSecondsByQueue: { 'stuck-busy-queue': 1200 }, startingSeconds: 420 } }],
  ['a regular workload with blocked queues', { jobs: 300, seed: 4, blockingJobRate: 0.03 }],
])('the stuck jobs of %s', (_name, options) => {
  const { events, truth } = simulateWorkload(options);
  const stays = staysOf(events);

  it('are exactly the stays the events show still going at the first whole minute after their threshold, each once', () => {
    const firstMinuteAfter = (at: number) => Math.floor(at / 60_000) * 60_000 + 60_000;
    const expected = stays
      .filter((stay) => stay.until >= firstMinuteAfter(stay.since + thresholdOf(stay, truth.stuckThresholds)))
      .map((stay) => key(stay.jobId, stay.state, stay.since));
    const recorded = truth.stuckJobs.map((job) => key(job.jobId, job.state, Date.parse(job.since)));
    expect([...recorded].sort()).toEqual([...expected].sort());
  });

  it('become stuck their threshold after they entered the state, on the queue the events name', () => {
    const queueOf = new Map(stays.map((stay) => [key(stay.jobId, stay.state, stay.since), stay.jobQueue]));
    for (const job of truth.stuckJobs) {
      const stay: Stay = { jobId: job.jobId, jobQueue: job.jobQueue, state: job.state, since: Date.parse(job.since), until: 0 };
      expect(Date.parse(job.stuckAt) - Date.parse(job.since)).toBe(thresholdOf(stay, truth.stuckThresholds));
      expect(queueOf.get(key(job.jobId, job.state, Date.parse(job.since)))).toBe(job.jobQueue);
    }
  });

  it('carry a reason of their state, and lower-precedence reasons after it', () => {
    for (const job of truth.stuckJobs) {
      const order: readonly string[] = job.state === 'RUNNABLE' ? RUNNABLE_STUCK_REASONS : STARTING_STUCK_REASONS;
      const ranks = [job.reason, ...job.alsoHeld].map((reason) => order.indexOf(reason));
      expect(ranks.every((rank) => rank >= 0)).toBe(true);
      expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    }
  });
});

describe('stuck thresholds', () => {
  it('apply the defaults: ten minutes in RUNNABLE or STARTING, five for an instance to register, five of recent failures', () => {
    expect(simulateWorkload({ jobs: 5, seed: 1 }).truth.stuckThresholds).toEqual({
      runnableSeconds: 600,
      runnableSecondsByQueue: {},
      startingSeconds: 600,
      registrationSeconds: 300,
      failureWindowSeconds: 300,
    });
  });

  it('reject a threshold that is not a positive number of seconds, naming it', () => {
    expect(() => simulateWorkload({ jobs: 5, stuckThresholds: { runnableSecondsByQueue: { critical: 0 } } })).toThrow(
      'stuckThresholds.runnableSecondsByQueue.critical: expected a positive number of seconds, found 0',
    );
  });
});
