import { TASKS } from '../constants';
import { attemptEnded, jobStarting } from '../jobs/job-lifecycle';
import { emitTask, freeCapacity, isLive } from '../jobs/attempts';
import type { Attempt } from '../jobs/job-state';
import type { Simulation } from '../simulation';
import { cannotPullMessage } from './situations';

/** When the attempt's task events would have gone out had its image pulled. */
export interface PullTimings {
  readonly pendingAt: number;
  readonly startingAt: number;
  readonly pullStartedAt: number;
}

/**
 * An attempt whose image cannot be pulled: ECS reports the task PENDING, Batch the job STARTING;
 * the agent starts the pull (a PENDING update with `pullStartedAt`, no `pullStoppedAt`), retries it
 * past the STARTING threshold, then gives up: the task STOPPED with stop code `TaskFailedToStart`
 * and a `CannotPullContainerError` reason ("Amazon ECS task state change events", "CannotPullContainer
 * task errors in Amazon ECS"), and the job ends FAILED (its last attempt).
 */
export function hangPull(sim: Simulation, attempt: Attempt, timings: PullTimings): void {
  const message = cannotPullMessage(attempt.job.definition.image);
  sim.at(timings.pendingAt, () => {
    if (attempt.ended) return;
    attempt.taskPendingSent = true;
    emitTask(sim, attempt, 'PENDING');
  });
  sim.at(timings.startingAt, () => {
    if (!isLive(attempt)) return;
    attempt.jobStartingSent = true;
    jobStarting(sim, attempt);
  });
  const pullStartedAt = Math.max(timings.pullStartedAt, timings.pendingAt + 1);
  sim.at(pullStartedAt, () => {
    if (attempt.ended) return;
    attempt.pullStartedAt = sim.now;
    const givesUpAfter = sim.situations.hangPull(attempt);
    emitTask(sim, attempt, 'PENDING');
    sim.after(givesUpAfter, () => {
      if (attempt.ended) return;
      attempt.ended = true;
      sim.situations.pullEnded(attempt);
      freeCapacity(sim, attempt, true);
      emitTask(sim, attempt, 'STOPPED', { stoppingAt: sim.now, stoppedAt: sim.now, stopCode: 'TaskFailedToStart', stoppedReason: message });
      sim.after(sim.random.between(TASKS.jobEndAfterStopMin, TASKS.jobEndAfterStopMax), () =>
        attemptEnded(sim, attempt, { statusReason: 'Task failed to start', containerReason: message }),
      );
    });
  });
}
