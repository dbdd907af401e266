import type { JobStatus } from '@batchmon/event-schemas';
import type { ComputeEnvironmentState, Attempt, AttemptOutcome, QueueState, SimInstance, SimJob } from './simulation-state';
import type { TruthRecorder } from './ground-truth/truth-recorder';
import type { IdFactory } from './ids';
import type { ResolvedWorkloadOptions } from './options/workload-options';
import type { SeededRandom } from './randomness/seeded-random';
import type { SimulatedEvent } from './simulated-event';

// What the behaviour modules (scheduler, submissions, attempts, job lifecycle, capacity, Batch API
// calls, non-Batch activity) see of the simulation. They depend on this interface and on the state
// model below it, never on the `Simulation` class, which wires them together: no module imports one
// that imports it back. Where two behaviours call each other (an attempt tells the job lifecycle it
// started; the lifecycle starts the next attempt), one of the two calls goes through a port here.

/** Asks the Batch scheduler for a pass: the scheduler runs once, `delay` milliseconds from now at the latest. */
export interface SchedulerRequests {
  request(delay: number): void;
}

/** The users' Batch API calls a job's submission makes (its SubmitJob call). */
export interface SubmissionCalls {
  submission(job: SimJob, arraySize: number | undefined): void;
}

/**
 * What happens to a job when its attempt moves on: the job lifecycle's answers to the attempts
 * module (starting, running, ended), and the attempts module's answer to capacity (an instance went
 * away under an attempt).
 */
export interface AttemptEvents {
  /** The attempt's container is starting: the job becomes STARTING. */
  starting(attempt: Attempt): void;
  /** The attempt's container runs: the job becomes RUNNING. */
  running(attempt: Attempt): void;
  /** The attempt is over: the job retries, succeeds or fails. */
  ended(attempt: Attempt, outcome: AttemptOutcome): void;
  /** The attempt's host is gone (Spot reclaim, scale-in): the task stops with `reason`. */
  abort(attempt: Attempt, reason: string): void;
}

/** When an attempt's task events would have gone out had its image pulled. */
export interface PullTimings {
  readonly pendingAt: number;
  readonly startingAt: number;
  readonly pullStartedAt: number;
}

/**
 * The stuck-job situations' hooks in the behaviours (`situations/`): each answers "as usual" for
 * a queue, instance or attempt no situation was asked for.
 */
export interface SituationHooks {
  /** Whether the queue belongs to a situation (random submissions never go there). */
  owns(queue: QueueState): boolean;
  /** The queue's job state time limit, `fallback` unless a situation sets it. */
  timeLimit(queue: QueueState, fallback: number): number;
  /** Launches the instance: `register` runs once it has booted, unless a situation keeps it from registering or launching. */
  launch(instance: SimInstance, boot: number, register: () => void): void;
  registered(instance: SimInstance): void;
  terminated(instance: SimInstance): void;
  /** Whether a situation keeps the instance's agent disconnected. */
  holdsAgent(instance: SimInstance): boolean;
  /** When the attempt's image pull starts, `normally` unless a situation delays it. */
  pullStartsAt(attempt: Attempt, normally: number): number;
  /** Whether the attempt's image cannot be pulled. */
  pullFails(attempt: Attempt): boolean;
  placementFailed(jobQueue: string, computeEnvironment: string, reason: string): void;
  /** The attempt's image cannot be pulled: its task hangs in PENDING, then stops (see `situations/failed-pulls.ts`). */
  hangPull(attempt: Attempt, timings: PullTimings): void;
}

/** The ground truth's watch on jobs that stay in RUNNABLE or STARTING past their threshold. */
export interface StuckJobHooks {
  entered(job: SimJob, status: JobStatus, at: number): void;
}

/**
 * The simulation as a behaviour module sees it: a clock and pending actions, the Batch resources and
 * their state, randomness and ids, the ground truth, and the ports to the other behaviours.
 *
 * @example
 * function soon(sim: SimulationContext, action: () => void): void {
 *   sim.after(sim.random.between(1000, 3000), action);
 * }
 */
export interface SimulationContext {
  readonly options: ResolvedWorkloadOptions;
  readonly random: SeededRandom;
  readonly ids: IdFactory;
  readonly truth: TruthRecorder;
  readonly environments: readonly ComputeEnvironmentState[];
  /** Queues in scheduling order: higher priority first, then as configured. */
  readonly queues: readonly QueueState[];
  readonly scheduler: SchedulerRequests;
  readonly batchApiCalls: SubmissionCalls;
  readonly attempts: AttemptEvents;
  readonly situations: SituationHooks;
  readonly stuckJobs: StuckJobHooks;
  /** Job ids created and not yet terminal. */
  activeJobs: number;
  /** The simulated time, epoch milliseconds. */
  readonly now: number;
  /** Whether the workload still has work: submissions to make, jobs to finish, instances to scale in. */
  readonly busy: boolean;
  /** Schedules `action` at simulated time `time` (never in the past). */
  at(time: number, action: () => void): void;
  /** Schedules `action` `delay` milliseconds from now. */
  after(delay: number, action: () => void): void;
  /** Emits an event happening now; `nonBatch` marks events of clusters Batch did not create. */
  emit(event: SimulatedEvent, nonBatch?: boolean): void;
  /** Emits a Job Queue Blocked event about a RUNNABLE job and counts it. */
  emitQueueBlocked(job: SimJob, statusReason: string): void;
  /** A node of the EKS cluster behind a compute environment, for a pod. */
  eksNodeName(ce: ComputeEnvironmentState): string;
}
