import type { JobStatus } from '@batchmon/event-schemas';
import type { FinishedJob } from '../ground-truth/ground-truth';
import { wholeSecond } from '../events/event-time';
import { renderJobStateChange, type AttemptPlacement } from '../events/job-state-changes';
import type { Simulation } from '../simulation';
import type { Attempt, SimJob } from './job-state';

const PLACED_STATES: ReadonlySet<JobStatus> = new Set(['STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED']);

/** What a job state change adds to what the job already knows. */
export interface JobStateDetails {
  /** The attempt whose placement the event shows (the current one, or a retried job's previous one). */
  readonly attempt?: Attempt;
  readonly statusReason?: string;
  readonly exitCode?: number;
  readonly containerReason?: string;
}

function placementOf(attempt: Attempt, status: JobStatus): AttemptPlacement {
  return {
    ...(attempt.instance === undefined ? {} : { containerInstanceArn: attempt.instance.containerInstanceArn }),
    ...(attempt.task === undefined ? {} : { taskArn: attempt.task.taskArn }),
    // The log stream exists once the container has started.
    ...(attempt.logStreamName === undefined || status === 'STARTING' ? {} : { logStreamName: attempt.logStreamName }),
    ...(attempt.podName === undefined ? {} : { podName: attempt.podName }),
    ...(attempt.nodeName === undefined ? {} : { nodeName: attempt.nodeName }),
  };
}

function seconds(job: SimJob, from: JobStatus, to: JobStatus): number | undefined {
  const start = job.firstAt[from];
  const end = job.firstAt[to];
  return start === undefined || end === undefined ? undefined : (end - start) / 1000;
}

function finishedRecord(job: SimJob, state: 'SUCCEEDED' | 'FAILED', last: Attempt | undefined, stoppedAt: number): FinishedJob {
  const optional: Partial<FinishedJob> = {
    launchType: last?.launchType,
    computeEnvironment: last?.ce.name,
    instanceType: last?.instance?.type.name,
    availabilityZone: last?.availabilityZone,
    runnableWaitSeconds: seconds(job, 'RUNNABLE', 'STARTING'),
    startupSeconds: seconds(job, 'STARTING', 'RUNNING'),
    runSeconds: seconds(job, 'RUNNING', state),
  };
  return {
    jobId: job.id,
    shape: job.shape,
    jobQueue: job.queue.spec.name,
    jobDefinition: job.definition.name,
    state,
    attempts: job.attemptsStarted,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
    totalSeconds: (stoppedAt - job.createdAt) / 1000,
  };
}

/**
 * Emits a job's state change now and records it in the ground truth: the first entry into each
 * state counts once, with the placement the event shows; a terminal state also yields the job's
 * finished record.
 */
export function emitJobState(sim: Simulation, job: SimJob, status: JobStatus, details: JobStateDetails = {}): void {
  const now = sim.now;
  const terminal = status === 'SUCCEEDED' || status === 'FAILED';
  if (status === 'RUNNING' && job.startedAt === undefined) job.startedAt = now;
  if (terminal) job.stoppedAt = now;
  const placement = details.attempt === undefined ? undefined : placementOf(details.attempt, status);
  const array = job.array;
  if (array !== undefined && job.shape === 'arrayChild') {
    // The parent's statusSummary follows its children.
    array.summary[job.status ?? 'SUBMITTED'] -= 1;
    array.summary[status] += 1;
  }
  const multiNode = job.multiNode;
  sim.emit(
    renderJobStateChange({
      eventId: sim.ids.uuid(),
      at: now,
      status,
      shape: job.shape,
      baseJobId: job.baseId,
      jobName: job.name,
      jobQueue: job.queue.spec.name,
      jobDefinition: `${job.definition.name}:${job.revision}`,
      createdAt: job.createdAt,
      ...(job.startedAt === undefined ? {} : { startedAt: job.startedAt }),
      ...(job.stoppedAt === undefined ? {} : { stoppedAt: job.stoppedAt }),
      ...(details.statusReason === undefined ? {} : { statusReason: details.statusReason }),
      retryAttempts: job.maxAttempts,
      dependsOn: job.dependsOn,
      vcpus: job.vcpus,
      memory: job.memory,
      image: job.definition.image,
      ...(placement === undefined ? {} : { placement }),
      ...(details.exitCode === undefined ? {} : { exitCode: details.exitCode }),
      ...(details.containerReason === undefined ? {} : { containerReason: details.containerReason }),
      attempts: job.finishedAttempts,
      ...(job.arrayIndex === undefined ? {} : { arrayIndex: job.arrayIndex }),
      ...(array !== undefined && job.shape === 'arrayParent' ? { arraySize: array.children.length, statusSummary: array.summary } : {}),
      ...(job.nodeIndex === undefined ? {} : { nodeIndex: job.nodeIndex }),
      ...(multiNode === undefined ? {} : { numNodes: multiNode.numNodes }),
    }),
  );
  job.status = status;

  if (Object.keys(job.firstAt).length === 0) sim.truth.jobSeen();
  const placedOn = PLACED_STATES.has(status) && placement?.containerInstanceArn !== undefined ? details.attempt?.instance : undefined;
  sim.truth.jobEntered(job.id, wholeSecond(now), status, job.queue.spec.name, placedOn?.ce.name);
  sim.stuckJobs.entered(job, status, wholeSecond(now));
  if (job.firstAt[status] === undefined) {
    job.firstAt[status] = wholeSecond(now);
    const instance = PLACED_STATES.has(status) && placement?.containerInstanceArn !== undefined ? details.attempt?.instance : undefined;
    sim.truth.jobState({
      state: status,
      jobQueue: job.queue.spec.name,
      jobDefinition: job.definition.name,
      ...(instance === undefined
        ? {}
        : { computeEnvironment: instance.ce.name, availabilityZone: instance.availabilityZone, instanceType: instance.type.name }),
    });
  }
  if (terminal) sim.truth.jobFinished(finishedRecord(job, status, details.attempt ?? job.lastAttempt, now));
}
