import type { ComputeEnvironmentState, Attempt, AttemptOutcome, QueueState, SimJob } from './simulation-state';
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
