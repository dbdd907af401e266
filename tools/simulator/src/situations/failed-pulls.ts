import { TASKS } from '../constants';
import { emitTask, freeCapacity, isLive } from '../jobs/attempts';
import type { Attempt } from '../simulation-state';
import type { PullTimings, SimulationContext } from '../simulation-context';

/** The agent's answer when the registry cannot be reached (an ECR endpoint behind a security group that drops 443). */
export function cannotPullMessage(image: string): string {
  const slash = image.indexOf('/');
  const registry = image.slice(0, slash);
  const [repository = '', tag = 'latest'] = image.slice(slash + 1).split(':');
  return (
    `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: ` +
    `failed to do request: Head "https://${registry}/v2/${repository}/manifests/${tag}": dial tcp 10.0.40.17:443: i/o timeout`
  );
}

/** What the situations keep of a hanging pull (for the truth). */
export interface HangingPulls {
  /** Marks the attempt's pull as hanging and returns when the agent gives up. */
  startHang(attempt: Attempt): number;
  /** The pull ended (the task stopped). */
  pullEnded(attempt: Attempt): void;
}

/**
 * An attempt whose image cannot be pulled: ECS reports the task PENDING, Batch the job STARTING;
 * the agent starts the pull (a PENDING update with `pullStartedAt`, no `pullStoppedAt`), retries it
 * past the STARTING threshold, then gives up: the task STOPPED with stop code `TaskFailedToStart`
 * and a `CannotPullContainerError` reason ("Amazon ECS task state change events", "CannotPullContainer
 * task errors in Amazon ECS"), and the job ends FAILED (its last attempt).
 */
export function hangPull(sim: SimulationContext, situations: HangingPulls, attempt: Attempt, timings: PullTimings): void {
  const message = cannotPullMessage(attempt.job.definition.image);
  sim.at(timings.pendingAt, () => {
    if (attempt.ended) return;
    attempt.taskPendingSent = true;
    emitTask(sim, attempt, 'PENDING');
  });
  sim.at(timings.startingAt, () => {
    if (!isLive(attempt)) return;
    attempt.jobStartingSent = true;
    sim.attempts.starting(attempt);
  });
  const pullStartedAt = Math.max(timings.pullStartedAt, timings.pendingAt + 1);
  sim.at(pullStartedAt, () => {
    if (attempt.ended) return;
    attempt.pullStartedAt = sim.now;
    const givesUpAfter = situations.startHang(attempt);
    emitTask(sim, attempt, 'PENDING');
    sim.after(givesUpAfter, () => {
      situations.pullEnded(attempt);
      // Its host may have gone meanwhile (a Spot reclaim ends the attempt): nothing left to stop.
      if (attempt.ended) return;
      attempt.ended = true;
      freeCapacity(sim, attempt, true);
      emitTask(sim, attempt, 'STOPPED', { stoppingAt: sim.now, stoppedAt: sim.now, stopCode: 'TaskFailedToStart', stoppedReason: message });
      sim.after(sim.random.between(TASKS.jobEndAfterStopMin, TASKS.jobEndAfterStopMax), () =>
        sim.attempts.ended(attempt, { statusReason: 'Task failed to start', containerReason: message }),
      );
    });
  });
}
