import { BLOCKING, REASONS, SCHEDULER, TASKS } from '../constants';
import type { ComputeEnvironmentState, SimInstance } from '../compute/compute-environment-state';
import type { FinishedAttempt } from '../events/job-state-changes';
import type { Simulation } from '../simulation';
import { exitContainer, isLive, startEcsAttempt } from './attempts';
import { emitJobState, type JobStateDetails } from './job-events';
import type { Attempt, SimJob } from './job-state';
import { newJob } from './new-job';

/** How an attempt ended, as Batch reports it. */
export interface AttemptOutcome {
  readonly exitCode?: number;
  readonly containerReason?: string;
  readonly statusReason: string;
}

function soon(sim: Simulation, min: number, max: number, action: () => void): void {
  sim.after(sim.random.between(min, max), action);
}

/** SUBMITTED → PENDING (waiting for a dependency), RUNNABLE, or FAILED (its dependency failed). */
export function evaluateSubmission(sim: Simulation, job: SimJob, dependency: SimJob | undefined): void {
  if (dependency !== undefined && !dependency.terminal) {
    emitJobState(sim, job, 'PENDING');
    dependency.dependents.push(job);
    return;
  }
  if (dependency?.status === 'FAILED') {
    finishJob(sim, job, 'FAILED', { statusReason: REASONS.dependencyFailed });
    return;
  }
  becomeRunnable(sim, job);
}

/**
 * The children of an array job become RUNNABLE (they are scheduled like any job) and the parent,
 * which is never placed itself, moves to PENDING once the first child is RUNNABLE.
 */
export function evaluateArraySubmission(sim: Simulation, parent: SimJob): void {
  const group = parent.array;
  if (group === undefined) return;
  let offset = 0;
  for (const child of group.children) {
    offset += sim.random.between(5, 40);
    sim.after(offset, () => becomeRunnable(sim, child));
    if (child === group.children[0]) {
      sim.after(offset + sim.random.between(200, 800), () => {
        if (!parent.terminal) emitJobState(sim, parent, 'PENDING');
      });
    }
  }
}

/**
 * The job enters RUNNABLE and waits in its queue. `previous` is the attempt that just failed when
 * the job is retried: its detail still shows that attempt's placement.
 */
export function becomeRunnable(sim: Simulation, job: SimJob, previous?: Attempt): void {
  if (job.terminal) return;
  emitJobState(sim, job, 'RUNNABLE', previous === undefined ? {} : { attempt: previous });
  job.queue.runnable.add(job);
  if (previous === undefined) {
    job.blockedReason = whyItCannotRun(job);
    if (job.blockedReason !== undefined) watchBlockingJob(sim, job, job.blockedReason);
  }
  sim.scheduler.request(sim.random.between(SCHEDULER.reactionMin, SCHEDULER.reactionMax));
}

/** Why none of the job's queue's compute environments can ever run it; undefined when one can. */
function whyItCannotRun(job: SimJob): string | undefined {
  const nodes = job.multiNode !== undefined && job.nodeIndex === undefined ? job.multiNode.numNodes : 1;
  let typeFits = false;
  for (const ce of job.queue.environments) {
    if (!ce.onInstances) {
      if (job.vcpus <= ce.spec.maxvCpus) return undefined;
      typeFits = true;
      continue;
    }
    for (const type of ce.typesFitting(job.need)) {
      typeFits = true;
      if (type.vcpus * nodes <= ce.spec.maxvCpus) return undefined;
    }
  }
  return typeFits ? BLOCKING.computeEnvironmentMaxResource : BLOCKING.jobResourceRequirement;
}

/** How often a blocked job behind another one checks whether it has reached the head of its queue. */
const HEAD_CHECK_EVERY = 30_000;

/** The first job of the queue that no compute environment can run: the one the scheduler stops at. */
function headBlocker(queue: SimJob['queue']): SimJob | undefined {
  for (const job of queue.runnable) if (job.blockedReason !== undefined) return job;
  return undefined;
}

/**
 * A job no compute environment of its queue can run blocks the queue once it is at its head (the
 * first such job: the scheduler stops there): Batch reports it after a few minutes, and the queue's
 * job state time limit action cancels it (FAILED) — "after the job has remained at the head of the
 * queue in the specified state for longer than the specified time" ("JobStateTimeLimitAction", AWS
 * Batch API Reference). A second such job waits behind the first, unreported, until it is the head.
 */
function watchBlockingJob(sim: Simulation, job: SimJob, reason: string): void {
  if (job.status !== 'RUNNABLE' || job.terminal) return;
  if (headBlocker(job.queue) !== job) {
    sim.after(HEAD_CHECK_EVERY, () => watchBlockingJob(sim, job, reason));
    return;
  }
  soon(sim, BLOCKING.detectAfterMin, BLOCKING.detectAfterMax, () => {
    if (job.status !== 'RUNNABLE') return;
    sim.emitQueueBlocked(job, reason);
  });
  sim.after(sim.situations.timeLimit(job.queue, BLOCKING.cancelAfter), () => {
    if (job.status !== 'RUNNABLE' || job.terminal) return;
    job.queue.runnable.delete(job);
    finishJob(sim, job, 'FAILED', { statusReason: reason });
    sim.scheduler.request(sim.random.between(SCHEDULER.reactionMin, SCHEDULER.reactionMax));
  });
}

/** The attempt's task was created: the job is STARTING (and a multi-node parent with its main node). */
export function jobStarting(sim: Simulation, attempt: Attempt): void {
  const job = attempt.job;
  emitJobState(sim, job, 'STARTING', { attempt });
  const parent = job.multiNode?.parent;
  if (parent !== undefined && job.nodeIndex === 0) {
    soon(sim, 200, 1000, () => {
      if (parent.status === 'RUNNABLE') emitJobState(sim, parent, 'STARTING');
    });
  }
}

function runDuration(sim: Simulation, attempt: Attempt): number {
  const median = attempt.job.definition.medianRunSeconds * 1000;
  const full = Math.min(TASKS.runMax, Math.max(TASKS.runMin, sim.random.logNormal(median, TASKS.runSigma)));
  // A failing container usually fails part-way through.
  return attempt.exitCode === 0 ? full : Math.max(TASKS.runMin, full * sim.random.between(0.05, 0.9));
}

/** The attempt's container runs: the job is RUNNING until its container exits. */
export function jobRunning(sim: Simulation, attempt: Attempt): void {
  const job = attempt.job;
  emitJobState(sim, job, 'RUNNING', { attempt });
  const array = job.array;
  if (array !== undefined && array.parent.startedAt === undefined) array.parent.startedAt = sim.now;
  const group = job.multiNode;
  if (group === undefined) {
    sim.after(runDuration(sim, attempt), () => exitContainer(sim, attempt));
    return;
  }
  if (job.nodeIndex === 0) {
    const due = sim.now + runDuration(sim, attempt);
    group.mainExitDue = due;
    soon(sim, 200, 1000, () => {
      if (group.parent.status === 'STARTING') emitJobState(sim, group.parent, 'RUNNING');
    });
    // The child nodes launch once the main node runs, each on the instance held for it.
    group.nodes.forEach((node, index) => {
      const instance = group.instances[index];
      if (index === 0 || instance === undefined) return;
      soon(sim, 1000, 5000, () => placeChildNode(sim, node, instance));
    });
    sim.at(due, () => {
      if (!isLive(attempt)) return;
      if (group.childrenUnfinished > 0) group.mainWaiting = true;
      else exitContainer(sim, attempt);
    });
    return;
  }
  // Child nodes finish their share shortly before the main node collects the results.
  const due = Math.max(sim.now + 5000, (group.mainExitDue ?? sim.now) - sim.random.between(2000, 10_000));
  sim.at(due, () => exitContainer(sim, attempt));
}

function placeChildNode(sim: Simulation, node: SimJob, instance: SimInstance): void {
  instance.heldCpu -= node.need.cpu;
  instance.heldMemory -= node.need.memory;
  instance.holds -= 1;
  startEcsAttempt(sim, node, instance.ce, instance);
}

/**
 * A multi-node job got its instances: Batch holds capacity for every child node, creates the node
 * job ids and launches the main node first.
 */
export function startMultiNode(sim: Simulation, parent: SimJob, ce: ComputeEnvironmentState, instances: readonly SimInstance[]): void {
  const group = parent.multiNode;
  if (group === undefined) return;
  for (let index = 0; index < group.numNodes; index += 1) {
    const instance = instances[index];
    if (instance === undefined) return;
    const node = newJob({
      id: `${parent.baseId}#${index}`,
      baseId: parent.baseId,
      name: parent.name,
      shape: 'multiNode',
      queue: parent.queue,
      definition: parent.definition,
      revision: parent.revision,
      createdAt: parent.createdAt,
      vcpus: parent.vcpus,
      memory: parent.memory,
      maxAttempts: 1,
      nodeIndex: index,
      multiNode: group,
    });
    group.nodes.push(node);
    group.instances.push(instance);
    if (index > 0) {
      instance.heldCpu += node.need.cpu;
      instance.heldMemory += node.need.memory;
      instance.holds += 1;
      instance.idleToken += 1;
    }
  }
  group.childrenUnfinished = group.numNodes - 1;
  sim.activeJobs += group.numNodes;
  const main = group.nodes[0];
  const mainInstance = group.instances[0];
  if (main !== undefined && mainInstance !== undefined) startEcsAttempt(sim, main, ce, mainInstance);
}

/**
 * Batch learned how the attempt ended: success ends the job; a failure is retried while the retry
 * strategy allows (back to RUNNABLE), else the job FAILED.
 */
export function attemptEnded(sim: Simulation, attempt: Attempt, outcome: AttemptOutcome): void {
  const job = attempt.job;
  if (job.attempt !== attempt || job.terminal) return;
  job.attempt = undefined;
  const finished: FinishedAttempt = {
    ...(attempt.instance === undefined ? {} : { containerInstanceArn: attempt.instance.containerInstanceArn }),
    ...(attempt.task === undefined ? {} : { taskArn: attempt.task.taskArn }),
    ...(attempt.jobRunningSent && attempt.logStreamName !== undefined ? { logStreamName: attempt.logStreamName } : {}),
    ...(attempt.podName === undefined ? {} : { podName: attempt.podName }),
    ...(attempt.nodeName === undefined ? {} : { nodeName: attempt.nodeName }),
    ...(attempt.startedAt === undefined ? {} : { startedAt: attempt.startedAt }),
    stoppedAt: sim.now,
    ...(outcome.exitCode === undefined ? {} : { exitCode: outcome.exitCode }),
    ...(outcome.containerReason === undefined ? {} : { reason: outcome.containerReason }),
    statusReason: outcome.statusReason,
  };
  job.finishedAttempts.push(finished);
  const details: JobStateDetails = {
    attempt,
    statusReason: outcome.statusReason,
    ...(outcome.exitCode === undefined ? {} : { exitCode: outcome.exitCode }),
    ...(outcome.containerReason === undefined ? {} : { containerReason: outcome.containerReason }),
  };
  if (outcome.exitCode === 0) {
    finishJob(sim, job, 'SUCCEEDED', details);
  } else if (job.attemptsStarted < job.maxAttempts) {
    if (job.status === 'RUNNABLE') {
      // The attempt never showed (no STARTING): the job simply waits for another placement.
      job.queue.runnable.add(job);
      sim.scheduler.request(sim.random.between(SCHEDULER.reactionMin, SCHEDULER.reactionMax));
    } else {
      soon(sim, TASKS.retryAfterMin, TASKS.retryAfterMax, () => becomeRunnable(sim, job, attempt));
    }
  } else {
    finishJob(sim, job, 'FAILED', details);
  }
}

/** The job id reaches its terminal state; parents, multi-node mains and dependents follow. */
export function finishJob(sim: Simulation, job: SimJob, state: 'SUCCEEDED' | 'FAILED', details: JobStateDetails): void {
  if (job.terminal) return;
  emitJobState(sim, job, state, details);
  job.terminal = true;
  sim.activeJobs -= 1;

  const array = job.array;
  if (array !== undefined && job.shape === 'arrayChild') {
    array.unfinished -= 1;
    array.failed ||= state === 'FAILED';
    if (array.unfinished === 0) {
      soon(sim, 1000, 3000, () => finishJob(sim, array.parent, array.failed ? 'FAILED' : 'SUCCEEDED', {}));
    }
  }
  const group = job.multiNode;
  if (group !== undefined && job.nodeIndex === 0) {
    soon(sim, 500, 2000, () => finishJob(sim, group.parent, state, { statusReason: details.statusReason ?? REASONS.essentialContainerExited }));
  } else if (group !== undefined && job.nodeIndex !== undefined) {
    group.childrenUnfinished -= 1;
    const mainAttempt = group.nodes[0]?.attempt;
    if (group.childrenUnfinished === 0 && group.mainWaiting && mainAttempt !== undefined) {
      soon(sim, 1000, 3000, () => exitContainer(sim, mainAttempt));
    }
  }
  for (const dependent of job.dependents) {
    soon(sim, 1000, 5000, () => {
      if (dependent.terminal) return;
      if (state === 'SUCCEEDED') becomeRunnable(sim, dependent);
      else finishJob(sim, dependent, 'FAILED', { statusReason: REASONS.dependencyFailed });
    });
  }
  job.dependents.length = 0;
}
