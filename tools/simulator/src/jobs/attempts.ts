import { TASKS, REASONS } from '../constants';
import type { ComputeEnvironmentState, SimInstance } from '../compute/compute-environment-state';
import { release, reserve } from '../compute/capacity';
import { arn } from '../events/aws-arns';
import { renderRunTaskCall, renderTaskStateChange, type SimulatedTask, type TaskStateChangeInput } from '../events/ecs-tasks';
import type { Simulation } from '../simulation';
import { hangPull } from '../situations/failed-pulls';
import { attemptEnded, jobRunning, jobStarting } from './job-lifecycle';
import type { Attempt, SimJob } from './job-state';

const SIDECAR_IMAGE = 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable';

/** Whether the attempt is still the job's current one and its task or pod still exists. */
export function isLive(attempt: Attempt): boolean {
  return !attempt.ended && attempt.job.attempt === attempt;
}

function clampPull(sim: Simulation, median: number): number {
  return Math.min(TASKS.pullMax, Math.max(TASKS.pullMin, sim.random.logNormal(median, TASKS.pullSigma)));
}

function plannedExit(sim: Simulation): { exitCode: number; containerReason?: string } {
  if (!sim.random.chance(sim.options.failureRate)) return { exitCode: 0 };
  return sim.random.chance(0.3) ? { exitCode: 137, containerReason: REASONS.outOfMemory } : { exitCode: 1 };
}

/** Where an attempt runs; {@link beginAttempt} adds how it will end and that none of its events went out. */
type Placement = Omit<Attempt, 'exitCode' | 'containerReason' | 'taskVersion' | 'taskPendingSent' | 'taskRunning' | 'jobStartingSent' | 'jobRunningSent' | 'ended'>;

/** A new attempt, made the job's current one: its exit planned, none of its events sent yet. */
function beginAttempt(sim: Simulation, placement: Placement): Attempt {
  const attempt: Attempt = {
    ...placement,
    ...plannedExit(sim),
    taskVersion: 0,
    taskPendingSent: false,
    taskRunning: false,
    jobStartingSent: false,
    jobRunningSent: false,
    ended: false,
  };
  placement.job.attempt = attempt;
  placement.job.lastAttempt = attempt;
  return attempt;
}

function taskFor(sim: Simulation, job: SimJob, ce: ComputeEnvironmentState, instance: SimInstance | undefined, attemptNumber: number): SimulatedTask {
  const taskId = sim.ids.ecsId();
  const containers =
    job.shape === 'multiContainer'
      ? [
          { name: 'main', image: job.definition.image },
          { name: 'log-router', image: SIDECAR_IMAGE },
        ]
      : [{ name: 'default', image: job.definition.image }];
  return {
    taskArn: arn('ecs', `task/${ce.clusterName}/${taskId}`),
    clusterArn: ce.clusterArn,
    taskDefinitionArn: arn('ecs', `task-definition/${job.definition.name}:${job.revision}`),
    launchType: instance === undefined ? 'FARGATE' : 'EC2',
    ...(instance === undefined ? {} : { containerInstanceArn: instance.containerInstanceArn }),
    availabilityZone: instance?.availabilityZone ?? sim.random.pick(ce.spec.availabilityZones),
    group: `family:${job.definition.name}`,
    cpu: String(job.need.cpu),
    memory: String(job.need.memory),
    containers,
    containerIds: containers.map(() => sim.ids.uuid()),
    createdAt: sim.now,
    batch: {
      jobId: job.id,
      jobQueue: job.queue.spec.name,
      computeEnvironment: ce.name,
      jobDefinition: `${job.definition.name}:${job.revision}`,
      attempt: attemptNumber,
    },
    ...(instance === undefined ? { eni: { attachmentId: sim.ids.uuid(), privateIp: sim.ids.privateIp() } } : {}),
  };
}

/** Emits one of the attempt's task state changes now. */
export function emitTask(sim: Simulation, attempt: Attempt, lastStatus: TaskStateChangeInput['lastStatus'], stop?: Partial<TaskStateChangeInput>): void {
  const task = attempt.task;
  if (task === undefined) return;
  attempt.taskVersion += 1;
  sim.emit(
    renderTaskStateChange({
      eventId: sim.ids.uuid(),
      at: sim.now,
      task,
      lastStatus,
      version: attempt.taskVersion,
      ...(attempt.pullStartedAt === undefined ? {} : { pullStartedAt: attempt.pullStartedAt }),
      ...(attempt.pullStoppedAt === undefined ? {} : { pullStoppedAt: attempt.pullStoppedAt }),
      ...(attempt.taskStartedAt === undefined ? {} : { startedAt: attempt.taskStartedAt }),
      ...stop,
    }),
  );
}

/** Frees what the attempt's task or pod used (instance resources or the environment's vCPU budget). */
export function freeCapacity(sim: Simulation, attempt: Attempt, report: boolean): void {
  const { instance, job } = attempt;
  if (instance === undefined) {
    attempt.ce.usedVcpus -= job.vcpus;
    sim.scheduler.request(sim.random.between(1000, 4000));
    return;
  }
  instance.attempts.delete(attempt);
  if (report) {
    release(sim, instance, job.need, !attempt.taskRunning);
    return;
  }
  // The instance is going away: its resources no longer matter to anyone.
  instance.remainingCpu += job.need.cpu;
  instance.remainingMemory += job.need.memory;
  if (!attempt.taskRunning) instance.pendingTasks -= 1;
}

/**
 * RunTask placed a job's task (on `instance`, or on Fargate when undefined): the call is recorded
 * now, then ECS and Batch report the task pending, the job STARTING, the task and job RUNNING.
 */
export function startEcsAttempt(sim: Simulation, job: SimJob, ce: ComputeEnvironmentState, instance: SimInstance | undefined): Attempt {
  const number = job.attemptsStarted + 1;
  job.attemptsStarted = number;
  const fargate = instance === undefined;
  const task = taskFor(sim, job, ce, instance, number);
  const attempt = beginAttempt(sim, {
    job,
    number,
    ce,
    launchType: task.launchType,
    ...(instance === undefined ? {} : { instance }),
    task,
    availabilityZone: task.availabilityZone,
    logStreamName: `${job.definition.name}/default/${task.taskArn.slice(task.taskArn.lastIndexOf('/') + 1)}`,
  });
  if (instance === undefined) ce.usedVcpus += job.vcpus;
  else {
    instance.attempts.add(attempt);
    reserve(sim, instance, job.need);
  }
  sim.emit(
    renderRunTaskCall({ eventId: sim.ids.uuid(), cloudTrailEventId: sim.ids.uuid(), requestId: sim.ids.uuid(), at: sim.now, task }),
  );
  sim.truth.runTaskCall({ jobQueue: job.queue.spec.name, computeEnvironment: ce.name });
  sim.truth.taskPlaced({
    launchType: task.launchType,
    computeEnvironment: ce.name,
    jobQueue: job.queue.spec.name,
    availabilityZone: task.availabilityZone,
    ...(instance === undefined ? {} : { instanceType: instance.type.name }),
  });

  const random = sim.random;
  const now = sim.now;
  const pendingAt =
    now + (fargate ? random.between(TASKS.fargatePendingMin, TASKS.fargatePendingMax) : random.between(TASKS.ec2PendingMin, TASKS.ec2PendingMax));
  const startingAt = now + random.between(TASKS.startingMin, TASKS.startingMax);
  // The agent starts the pull once it has the task (later when a stuck situation holds it disconnected).
  const pullStartedAt = sim.situations.pullStartsAt(attempt, pendingAt + random.between(200, 1500));
  if (sim.situations.pullFails(attempt)) {
    hangPull(sim, attempt, { pendingAt, startingAt, pullStartedAt });
    return attempt;
  }
  const pull = clampPull(sim, fargate ? TASKS.fargatePullMedian : TASKS.ec2PullMedian);
  const taskRunningAt = Math.max(pullStartedAt + pull + random.between(200, 800), startingAt + 1000);
  const jobRunningAt = taskRunningAt + random.between(TASKS.jobRunningAfterTaskMin, TASKS.jobRunningAfterTaskMax);

  sim.at(pendingAt, () => {
    if (attempt.ended) return;
    attempt.taskPendingSent = true;
    emitTask(sim, attempt, 'PENDING');
  });
  sim.at(startingAt, () => {
    if (!isLive(attempt)) return;
    attempt.jobStartingSent = true;
    jobStarting(sim, attempt);
  });
  sim.at(taskRunningAt, () => {
    if (attempt.ended) return;
    attempt.pullStartedAt = Math.round(pullStartedAt);
    attempt.pullStoppedAt = Math.round(pullStartedAt + pull);
    attempt.taskStartedAt = sim.now;
    attempt.taskRunning = true;
    if (instance !== undefined) instance.pendingTasks -= 1;
    emitTask(sim, attempt, 'RUNNING');
  });
  sim.at(jobRunningAt, () => {
    if (!isLive(attempt)) return;
    attempt.startedAt = sim.now;
    attempt.jobRunningSent = true;
    jobRunning(sim, attempt);
  });
  return attempt;
}

/** An EKS pod for the job: no ECS task, only the job's own events carry the pod and node. */
export function startEksAttempt(sim: Simulation, job: SimJob, ce: ComputeEnvironmentState, nodeName: string): Attempt {
  const number = job.attemptsStarted + 1;
  job.attemptsStarted = number;
  const attempt = beginAttempt(sim, { job, number, ce, launchType: 'EKS', podName: `aws-batch.${sim.ids.uuid()}`, nodeName });
  ce.usedVcpus += job.vcpus;
  const startingAt = sim.now + sim.random.between(TASKS.startingMin, TASKS.startingMax);
  const runningAt = startingAt + clampPull(sim, TASKS.ec2PullMedian);
  sim.at(startingAt, () => {
    if (!isLive(attempt)) return;
    attempt.jobStartingSent = true;
    jobStarting(sim, attempt);
  });
  sim.at(runningAt, () => {
    if (!isLive(attempt)) return;
    attempt.startedAt = sim.now;
    attempt.jobRunningSent = true;
    jobRunning(sim, attempt);
  });
  return attempt;
}

/**
 * The attempt's container exits now: the task stops (resources are freed), then Batch ends the
 * attempt (terminal state or retry).
 */
export function exitContainer(sim: Simulation, attempt: Attempt): void {
  if (!isLive(attempt)) return;
  const exitedAt = sim.now;
  const outcome = {
    exitCode: attempt.exitCode,
    ...(attempt.containerReason === undefined ? {} : { containerReason: attempt.containerReason }),
    statusReason: REASONS.essentialContainerExited,
  };
  if (attempt.task === undefined) {
    // EKS: the pod ends; Batch notices shortly after.
    attempt.ended = true;
    freeCapacity(sim, attempt, true);
    sim.after(sim.random.between(TASKS.jobEndAfterStopMin, TASKS.jobEndAfterStopMax) + 1000, () => attemptEnded(sim, attempt, outcome));
    return;
  }
  sim.after(sim.random.between(TASKS.stopAfterExitMin, TASKS.stopAfterExitMax), () => {
    if (attempt.ended) return;
    attempt.ended = true;
    freeCapacity(sim, attempt, true);
    emitTask(sim, attempt, 'STOPPED', {
      stoppingAt: exitedAt + 200,
      stoppedAt: sim.now,
      exitCode: attempt.exitCode,
      stopCode: 'EssentialContainerExited',
      stoppedReason: REASONS.essentialContainerExited,
    });
    sim.after(sim.random.between(TASKS.jobEndAfterStopMin, TASKS.jobEndAfterStopMax), () => attemptEnded(sim, attempt, outcome));
  });
}

/**
 * Ends an attempt early because its host went away: the task stops now (if ECS had reported it)
 * and Batch fails the attempt a moment later, retrying while attempts remain.
 */
export function abortAttempt(sim: Simulation, attempt: Attempt, reason: string): void {
  if (attempt.ended) return;
  attempt.ended = true;
  freeCapacity(sim, attempt, false);
  if (attempt.taskPendingSent) {
    emitTask(sim, attempt, 'STOPPED', { stoppingAt: sim.now, stoppedAt: sim.now, stopCode: 'TerminationNotice', stoppedReason: reason });
  }
  sim.after(sim.random.between(1000, 5000), () => attemptEnded(sim, attempt, { statusReason: reason }));
}

/**
 * RunTask could not place the job's task on the instance Batch chose: the call is recorded with
 * one `failures[]` entry and the job stays RUNNABLE for the next pass.
 */
export function failRunTask(sim: Simulation, job: SimJob, ce: ComputeEnvironmentState, instance: SimInstance, reason: string): void {
  const task = taskFor(sim, job, ce, instance, job.attemptsStarted + 1);
  sim.emit(
    renderRunTaskCall({
      eventId: sim.ids.uuid(),
      cloudTrailEventId: sim.ids.uuid(),
      requestId: sim.ids.uuid(),
      at: sim.now,
      task,
      failure: { reason, arn: instance.containerInstanceArn },
    }),
  );
  sim.truth.runTaskCall({ jobQueue: job.queue.spec.name, computeEnvironment: ce.name });
  sim.truth.failedRunTaskCall({ jobQueue: job.queue.spec.name, computeEnvironment: ce.name });
  sim.truth.placementFailure({ reason, computeEnvironment: ce.name, jobQueue: job.queue.spec.name });
  sim.situations.placementFailed(job.queue.spec.name, ce.name, reason);
}
