import { EVENT_FAMILIES, type EventFamily, type JobStatus } from '@batchmon/event-schemas';
import type {
  BlockedQueueCount,
  ConfiguredResource,
  SubmissionCount,
  FinishedJob,
  GroundTruth,
  InstanceCount,
  JobStateCount,
  LiveJobCount,
  LiveJobsMinute,
  PlacedJobCount,
  PlacementFailureCount,
  RunTaskCallCount,
} from './ground-truth';
import type { StuckJob, StuckThresholds } from './stuck-jobs';

type Dimensions<R> = Omit<R, 'count'>;

/** Counts rows by their dimension values; rows come out in a stable order (sorted by values). */
class CountTable<R extends { readonly count: number }> {
  private readonly rows = new Map<string, { dimensions: Dimensions<R>; count: number }>();

  /** Counts one fact with these dimension values. */
  add(dimensions: Dimensions<R>): void {
    let key = '';
    for (const [name, value] of Object.entries(dimensions)) if (value !== undefined) key += `${name}=${String(value)}\u0001`;
    const row = this.rows.get(key);
    if (row === undefined) this.rows.set(key, { dimensions, count: 1 });
    else row.count += 1;
  }

  /** The counts as rows, sorted by dimension values. */
  toRows(): R[] {
    return [...this.rows.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, { dimensions, count }]) => ({ ...dimensions, count }) as unknown as R);
  }
}

/** What the delivery stage did, added to the truth when the stream ends. */
export interface DeliveryTally {
  readonly delivered: number;
  readonly duplicates: number;
  readonly reorderedPairs: number;
}

/**
 * Accumulates the ground truth while the simulation runs. The simulation tells it facts as it
 * makes them happen (never by re-reading events), so the truth cannot share a bug with the
 * event rendering. Memory is bounded by the number of distinct dimension combinations, plus the
 * finished-job records when kept.
 */
export class TruthRecorder {
  private readonly registrations = new CountTable<InstanceCount>();
  private readonly deregistrations = new CountTable<InstanceCount>();
  private readonly transitions = new CountTable<JobStateCount>();
  private readonly placed = new CountTable<PlacedJobCount>();
  private readonly runTasks = new CountTable<RunTaskCallCount>();
  private readonly failedRunTasks = new CountTable<RunTaskCallCount>();
  private readonly failures = new CountTable<PlacementFailureCount>();
  private readonly blocked = new CountTable<BlockedQueueCount>();
  private readonly submitted = new CountTable<SubmissionCount>();
  private readonly configuration = new Map<string, ConfiguredResource>();
  private readonly groups: string[] = [];
  private readonly finished: FinishedJob[] = [];
  private readonly stuck: StuckJob[] = [];
  private readonly byFamily = Object.fromEntries(EVENT_FAMILIES.map((family) => [family, 0])) as Record<EventFamily, number>;
  private readonly terminal = { SUCCEEDED: 0, FAILED: 0 };
  private events = 0;
  private nonBatch = 0;
  private submissions = 0;
  private jobs = 0;
  private first: number | undefined;
  private last: number | undefined;
  /** The jobs that have not ended, by job id: their current state and since when. */
  private readonly liveJobs = new Map<string, { state: JobStatus; jobQueue: string; computeEnvironment?: string; enteredAt: number }>();
  private readonly liveMinutes: LiveJobsMinute[] = [];
  /** The next minute boundary to take the live jobs at. */
  private nextMinute: number | undefined;

  constructor(
    private readonly seed: number,
    private readonly keepFinishedJobs: boolean,
    private readonly stuckThresholds: StuckThresholds,
  ) {}

  /** An event was generated at simulated time `at`. */
  event(family: EventFamily, at: number, nonBatch: boolean): void {
    this.events += 1;
    this.byFamily[family] += 1;
    if (nonBatch) this.nonBatch += 1;
    this.first ??= at;
    this.last = at;
  }

  /** A SubmitJob call was made to a queue (its name). */
  submission(jobQueue: string): void {
    this.submissions += 1;
    this.submitted.add({ jobQueue });
  }

  /** A compute environment or job queue was created or changed: what it is configured as now. */
  configured(resource: ConfiguredResource): void {
    this.configuration.set(`${resource.kind}#${resource.name}`, resource);
  }

  /**
   * A job entered a state at `at` (epoch milliseconds, whole seconds as its event's time shows),
   * first time or not, on a container instance of `computeEnvironment` when placed there.
   */
  jobEntered(jobId: string, at: number, state: JobStatus, jobQueue: string, computeEnvironment?: string): void {
    this.takeMinutesBefore(at);
    if (state === 'SUCCEEDED' || state === 'FAILED') this.liveJobs.delete(jobId);
    else this.liveJobs.set(jobId, { state, jobQueue, ...(computeEnvironment === undefined ? {} : { computeEnvironment }), enteredAt: at });
  }

  /** Records the live jobs at every minute boundary up to `at` (a change at the boundary itself counts after it). */
  private takeMinutesBefore(at: number): void {
    this.nextMinute ??= Math.floor(at / 60_000) * 60_000 + 60_000;
    while (this.nextMinute <= at) {
      this.liveMinutes.push(this.liveJobsAt(this.nextMinute));
      this.nextMinute += 60_000;
    }
  }

  private liveJobsAt(minute: number): LiveJobsMinute {
    const counts = new Map<string, LiveJobCount>();
    const add = (row: Omit<LiveJobCount, 'count'>): void => {
      const key = JSON.stringify(row);
      counts.set(key, { ...row, count: (counts.get(key)?.count ?? 0) + 1 });
    };
    const oldest: Record<string, number> = {};
    for (const job of this.liveJobs.values()) {
      add({ state: job.state, jobQueue: job.jobQueue });
      if (job.computeEnvironment !== undefined && (job.state === 'STARTING' || job.state === 'RUNNING')) add({ state: job.state, computeEnvironment: job.computeEnvironment });
      const waited = job.state === 'RUNNABLE' ? (minute - job.enteredAt) / 1000 : 0;
      oldest[job.jobQueue] = Math.max(oldest[job.jobQueue] ?? 0, waited);
    }
    const jobs = [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
    return { minute: new Date(minute).toISOString().replace('.000Z', 'Z'), jobs, oldestRunnableSeconds: oldest };
  }

  /** A job id emitted its first state change event. */
  jobSeen(): void {
    this.jobs += 1;
  }

  /** A job id entered a state for the first time. */
  jobState(dimensions: Dimensions<JobStateCount>): void {
    this.transitions.add(dimensions);
  }

  /** A job id reached its terminal state. */
  jobFinished(record: FinishedJob): void {
    this.terminal[record.state] += 1;
    if (this.keepFinishedJobs) this.finished.push(record);
  }

  /** A job stayed in RUNNABLE or STARTING past its threshold (one record per stay; few, so always kept). */
  jobStuck(record: StuckJob): void {
    this.stuck.push(record);
  }

  /** A container instance registered (RegisterContainerInstance). */
  instanceRegistered(dimensions: Dimensions<InstanceCount>): void {
    this.registrations.add(dimensions);
  }

  /** A container instance left its cluster (DeregisterContainerInstance). */
  instanceDeregistered(dimensions: Dimensions<InstanceCount>): void {
    this.deregistrations.add(dimensions);
  }

  /** Batch called RunTask for a job, whatever the outcome. */
  runTaskCall(dimensions: Dimensions<RunTaskCallCount>): void {
    this.runTasks.add(dimensions);
  }

  /** Batch called RunTask for a job and ECS returned placement failures: no task was placed. */
  failedRunTaskCall(dimensions: Dimensions<RunTaskCallCount>): void {
    this.failedRunTasks.add(dimensions);
  }

  /** RunTask placed a Batch job's task. */
  taskPlaced(dimensions: Dimensions<PlacedJobCount>): void {
    this.placed.add(dimensions);
  }

  /** RunTask returned a placement failure. */
  placementFailure(dimensions: Dimensions<PlacementFailureCount>): void {
    this.failures.add(dimensions);
  }

  /** A Job Queue Blocked event was sent. */
  queueBlocked(dimensions: Dimensions<BlockedQueueCount>): void {
    this.blocked.add(dimensions);
  }

  /** Batch created a compute environment's Auto Scaling group. */
  autoScalingGroupCreated(name: string): void {
    this.groups.push(name);
  }

  /** The ground truth, once the simulation and delivery are over. */
  toGroundTruth(delivery: DeliveryTally): GroundTruth {
    const start = this.first ?? 0;
    const end = this.last ?? start;
    return {
      seed: this.seed,
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
      simulatedSeconds: Math.round((end - start) / 1000),
      submissions: this.submissions,
      jobsSubmitted: this.submitted.toRows(),
      configuration: [...this.configuration.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, resource]) => resource),
      batchJobs: this.jobs,
      terminalJobs: { ...this.terminal },
      events: this.events,
      eventsDelivered: delivery.delivered,
      eventsByFamily: { ...this.byFamily },
      instances: { registrations: this.registrations.toRows(), deregistrations: this.deregistrations.toRows() },
      jobStateTransitions: this.transitions.toRows(),
      jobsPlaced: this.placed.toRows(),
      runTaskCalls: this.runTasks.toRows(),
      failedRunTaskCalls: this.failedRunTasks.toRows(),
      placementFailures: this.failures.toRows(),
      blockedQueues: this.blocked.toRows(),
      autoScalingGroupsCreated: [...this.groups],
      liveJobs: [...this.liveMinutes],
      finishedJobs: [...this.finished],
      stuckJobs: [...this.stuck],
      stuckThresholds: { ...this.stuckThresholds, runnableSecondsByQueue: { ...this.stuckThresholds.runnableSecondsByQueue } },
      nonBatchEvents: this.nonBatch,
      duplicatesDelivered: delivery.duplicates,
      reorderedPairs: delivery.reorderedPairs,
    };
  }
}
