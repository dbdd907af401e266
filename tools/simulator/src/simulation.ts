import { familyOf } from '@batchmon/event-schemas';
import { STALL_AFTER } from './constants';
import { ComputeEnvironmentState } from './compute/compute-environment-state';
import { BatchConfigurationCalls } from './configuration/batch-configuration';
import { renderJobQueueBlocked } from './events/job-state-changes';
import { TruthRecorder } from './ground-truth/truth-recorder';
import { IdFactory } from './ids';
import type { QueueState, SimJob } from './jobs/job-state';
import { Submissions } from './jobs/submissions';
import { NonBatchActivity } from './non-batch/non-batch-activity';
import type { ResolvedWorkloadOptions } from './options/workload-options';
import { SeededRandom } from './randomness/seeded-random';
import { BatchScheduler } from './scheduler/batch-scheduler';
import { Situations } from './situations/situations';
import { StuckJobWatch } from './situations/stuck-job-watch';
import type { SimulatedEvent } from './simulated-event';
import { Timeline } from './timeline/timeline';

/** EKS worker nodes per EKS compute environment (pods land on one of them). */
const EKS_NODES = 6;

/**
 * The discrete-event simulation of one account: a clock, the pending actions, the Batch resources
 * and their state, and the events emitted so far. Actions only ever emit events at the current
 * simulated time and schedule what happens later, so events come out in time order.
 */
export class Simulation {
  readonly random: SeededRandom;
  readonly ids: IdFactory;
  readonly truth: TruthRecorder;
  readonly environments: readonly ComputeEnvironmentState[];
  /** Queues in scheduling order: higher priority first, then as configured. */
  readonly queues: readonly QueueState[];
  readonly scheduler: BatchScheduler;
  /** The users' Batch API calls: configuration at the start and during the run, a SubmitJob per submission. */
  readonly batchApiCalls: BatchConfigurationCalls;
  /** The stuck-job situations asked for, and every group's instance activity. */
  readonly situations: Situations;
  /** Records the jobs that stay in RUNNABLE or STARTING past their threshold, with their reason. */
  readonly stuckJobs: StuckJobWatch;
  /** Job ids created and not yet terminal. */
  activeJobs = 0;
  private readonly submissions: Submissions;
  private readonly timeline = new Timeline<() => void>();
  private readonly emitted: SimulatedEvent[] = [];
  private readonly eksNodes = new Map<ComputeEnvironmentState, string[]>();
  private clock: number;
  private lastEmittedAt: number;

  constructor(readonly options: ResolvedWorkloadOptions) {
    this.random = new SeededRandom(options.seed).fork('workload');
    this.ids = new IdFactory(this.random);
    this.truth = new TruthRecorder(options.seed, options.keepFinishedJobs, options.stuckThresholds);
    this.clock = options.startMillis;
    this.lastEmittedAt = options.startMillis;
    const environments = new Map(
      options.resources.computeEnvironments.map((spec) => [spec.name, new ComputeEnvironmentState(spec, this.ids.uuid())] as const),
    );
    this.environments = [...environments.values()];
    this.queues = options.resources.jobQueues
      .map((spec, order) => ({ spec, order }))
      .sort((a, b) => b.spec.priority - a.spec.priority || a.order - b.order)
      .map(({ spec }) => ({
        spec,
        environments: spec.computeEnvironments.flatMap((name) => {
          const ce = environments.get(name);
          return ce === undefined ? [] : [ce];
        }),
        runnable: new Set<SimJob>(),
      }));
    this.scheduler = new BatchScheduler(this);
    this.situations = new Situations(this);
    this.stuckJobs = new StuckJobWatch(this);
    // Before the submissions: the compute environments and queues exist before the first job.
    this.batchApiCalls = new BatchConfigurationCalls(this);
    this.batchApiCalls.start();
    this.submissions = new Submissions(this);
    this.submissions.start();
    this.situations.start();
    new NonBatchActivity(this).start();
  }

  /** The simulated time, epoch milliseconds. */
  get now(): number {
    return this.clock;
  }

  /** Whether the workload still has work: submissions to make, jobs to finish, instances to scale in. */
  get busy(): boolean {
    return this.submissions.remaining > 0 || this.situations.pending || this.activeJobs > 0 || this.environments.some((ce) => ce.instances.size > 0);
  }

  /** Schedules `action` at simulated time `time` (never in the past). */
  at(time: number, action: () => void): void {
    this.timeline.schedule(Math.max(this.clock, Math.round(time)), action);
  }

  /** Schedules `action` `delay` milliseconds from now. */
  after(delay: number, action: () => void): void {
    this.at(this.clock + delay, action);
  }

  /**
   * Emits an event happening now. `nonBatch` marks events of non-Batch clusters, which the truth
   * counts apart.
   * @throws when the event belongs to no family batchmon knows (a bug in a renderer).
   */
  emit(event: SimulatedEvent, nonBatch = false): void {
    const family = familyOf(event);
    if (family === undefined) throw new Error(`simulator: emitted an event of no known family (${event.source} / ${event['detail-type']})`);
    this.truth.event(family, this.clock, nonBatch);
    this.emitted.push(event);
    this.lastEmittedAt = this.clock;
  }

  /** Emits a Job Queue Blocked event about a RUNNABLE job and counts it. */
  emitQueueBlocked(job: SimJob, statusReason: string): void {
    this.emit(
      renderJobQueueBlocked({
        eventId: this.ids.uuid(),
        at: this.clock,
        jobQueue: job.queue.spec.name,
        statusReason,
        jobId: job.id,
        jobName: job.name,
        jobDefinition: `${job.definition.name}:${job.revision}`,
        createdAt: job.createdAt,
        vcpus: job.vcpus,
        memory: job.memory,
        image: job.definition.image,
      }),
    );
    this.truth.queueBlocked({ jobQueue: job.queue.spec.name, reason: statusReason.split(' - ')[0] ?? statusReason });
    this.stuckJobs.queueBlocked(job, statusReason);
  }

  /** A node of the EKS cluster behind a compute environment, for a pod. */
  eksNodeName(ce: ComputeEnvironmentState): string {
    let nodes = this.eksNodes.get(ce);
    if (nodes === undefined) {
      nodes = Array.from({ length: EKS_NODES }, () => `ip-${this.ids.privateIp().replaceAll('.', '-')}.ec2.internal`);
      this.eksNodes.set(ce, nodes);
    }
    return this.random.pick(nodes);
  }

  /**
   * Runs the next pending action, moving the clock to its time; false when nothing is pending
   * (the workload is over).
   */
  step(): boolean {
    const next = this.timeline.pop();
    if (next === undefined) return false;
    if (next.at - this.lastEmittedAt > STALL_AFTER) {
      // Only a bug can keep the clock running without anything happening: fail loudly, never loop forever.
      const waiting = this.queues.flatMap((queue) => [...queue.runnable].map((job) => `${job.id} (${queue.spec.name})`)).slice(0, 5);
      throw new Error(
        `simulator: no event for ${STALL_AFTER / 3_600_000} simulated hours; ${this.activeJobs} jobs unfinished, ` +
          `RUNNABLE: ${waiting.join(', ') || 'none'}`,
      );
    }
    this.clock = next.at;
    next.item();
    return true;
  }

  /** Moves the events emitted since the last call into `sink`, in emission order. */
  drain(sink: (event: SimulatedEvent) => void): void {
    if (this.emitted.length === 0) return;
    for (const event of this.emitted) sink(event);
    this.emitted.length = 0;
  }
}
