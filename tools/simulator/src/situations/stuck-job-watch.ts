import { launchFailureClass, type JobStatus } from '@batchmon/event-schemas';
import type { ComputeEnvironmentState } from '../simulation-state';
import { wholeSecond } from '../events/event-time';
import type { StuckJob, StuckJobEvidence, StuckReason } from '../ground-truth/stuck-jobs';
import type { SimJob } from '../simulation-state';
import type { SimulationContext } from '../simulation-context';
import type { Situations } from './situations';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** A job's stay in RUNNABLE or STARTING: entered at `since` (event time, whole seconds). */
interface Stay {
  readonly state: 'RUNNABLE' | 'STARTING';
  readonly since: number;
}

/** A reason that holds, with what shows it. */
interface Held {
  readonly reason: StuckReason;
  readonly evidence: StuckJobEvidence;
}

function iso(at: number): string {
  return new Date(at).toISOString().replace('.000Z', 'Z');
}

/**
 * Watches every job's stays in RUNNABLE and STARTING and records, for each stay longer than its
 * threshold, the stuck job and its reason as the simulation made it: the first of the reasons that
 * hold at `stuckAt` (see `RUNNABLE_STUCK_REASONS`). "Longer than" is on event times and on
 * batchmon's minutes: a job still in the stay at the first whole minute after `stuckAt` (its next
 * state change has an event time at that minute or later) was stuck; one that leaves before that
 * minute was not — batchmon diagnoses once a minute, from the events before the minute. It
 * schedules a check just before that minute and never emits an event or draws a random number, so
 * it changes nothing in the workload.
 */
export class StuckJobWatch {
  private readonly stays = new Map<SimJob, Stay>();
  /** The last Job Queue Blocked event naming each job in its current stay: event time and reason. */
  private readonly blocked = new Map<SimJob, { readonly at: number; readonly statusReason: string }>();

  constructor(
    private readonly sim: SimulationContext,
    private readonly situations: Situations,
  ) {}

  /** A job's state change went out at `at` (its event time, whole seconds). */
  entered(job: SimJob, status: JobStatus, at: number): void {
    this.blocked.delete(job);
    if (status !== 'RUNNABLE' && status !== 'STARTING') {
      this.stays.delete(job);
      return;
    }
    const stay: Stay = { state: status, since: at };
    this.stays.set(job, stay);
    const stuckAt = at + this.thresholdSeconds(job, status) * SECOND;
    // batchmon looks once a minute (MinuteLevels, at each whole minute of event time, with the
    // events before it): a stay is stuck when the job is still in it at the first whole minute
    // after its threshold passed. The check runs just before that minute, before any event of it.
    const firstMinuteAfter = Math.floor(stuckAt / MINUTE) * MINUTE + MINUTE;
    this.sim.at(firstMinuteAfter - 1, () => {
      if (this.stays.get(job) === stay) this.record(job, stay, stuckAt);
    });
  }

  /** A Job Queue Blocked event named the job. */
  queueBlocked(job: SimJob, statusReason: string): void {
    this.blocked.set(job, { at: wholeSecond(this.sim.now), statusReason });
  }

  private thresholdSeconds(job: SimJob, status: 'RUNNABLE' | 'STARTING'): number {
    const thresholds = this.sim.options.stuckThresholds;
    if (status === 'STARTING') return thresholds.startingSeconds;
    return thresholds.runnableSecondsByQueue[job.queue.spec.name] ?? thresholds.runnableSeconds;
  }

  private record(job: SimJob, stay: Stay, stuckAt: number): void {
    const held = stay.state === 'RUNNABLE' ? this.runnableReasons(job, stay, stuckAt) : this.startingReasons(job);
    const [first, ...rest] = held;
    const situation = this.situations.situationOf(job);
    const record: StuckJob = {
      jobId: job.id,
      jobQueue: job.queue.spec.name,
      state: stay.state,
      reason: first?.reason ?? 'unknown',
      since: iso(stay.since),
      stuckAt: iso(stuckAt),
      alsoHeld: rest.map((entry) => entry.reason),
      evidence: first?.evidence ?? {},
      ...(situation === undefined ? {} : { situation }),
    };
    this.sim.truth.jobStuck(record);
  }

  /** The compute environments of the job's queue that could ever hold it (an instance type, or room under the maximum, fits it). */
  private fitting(job: SimJob): ComputeEnvironmentState[] {
    return job.queue.environments.filter((ce) => (ce.onInstances ? ce.typesFitting(job.need).length > 0 : job.vcpus <= ce.spec.maxvCpus));
  }

  /** vCPUs a compute environment uses against its maximum: launched instances, or running tasks and pods. */
  private usedVcpus(ce: ComputeEnvironmentState): number {
    if (!ce.onInstances) return ce.usedVcpus;
    let sum = 0;
    for (const instance of ce.instances) if (instance.status === 'ACTIVE' || this.situations.launchedAt(instance) !== undefined) sum += instance.type.vcpus;
    return sum;
  }

  private runnableReasons(job: SimJob, stay: Stay, stuckAt: number): Held[] {
    const held: Held[] = [];
    const situations = this.situations;
    const thresholds = this.sim.options.stuckThresholds;
    const recent = Math.max(stay.since, stuckAt - thresholds.failureWindowSeconds * SECOND);
    const blocked = this.blocked.get(job);
    if (blocked !== undefined && blocked.at >= stay.since && blocked.at <= stuckAt) {
      held.push({ reason: 'queue-blocked', evidence: { statusReason: blocked.statusReason } });
    }
    const fitting = this.fitting(job);
    if (fitting.length === 0) {
      held.push({ reason: 'too-big', evidence: {} });
      return held;
    }
    const nodes = job.multiNode !== undefined && job.nodeIndex === undefined ? job.multiNode.numNodes : 1;
    const atMax = fitting.filter((ce) => this.usedVcpus(ce) + job.vcpus * nodes > ce.spec.maxvCpus);
    const [firstAtMax] = atMax;
    if (firstAtMax !== undefined && atMax.length === fitting.length) held.push({ reason: 'at-max-vcpus', evidence: { computeEnvironment: firstAtMax.name } });

    for (const ce of fitting) {
      const failures = situations.launchFailuresOf(ce, recent, stuckAt);
      const last = failures[failures.length - 1];
      if (last === undefined) continue;
      held.push({
        reason: 'launch-failures',
        evidence: {
          computeEnvironment: ce.name,
          failureClass: launchFailureClass(last.statusMessage),
          ...(ce.autoScalingGroupName === undefined ? {} : { autoScalingGroup: ce.autoScalingGroupName }),
        },
      });
      break;
    }

    const registrationDelay = thresholds.registrationSeconds * SECOND;
    search: for (const ce of fitting) {
      for (const instance of ce.instances) {
        const launchedAt = situations.launchedAt(instance);
        if (instance.status !== 'BOOTING' || launchedAt === undefined || launchedAt + registrationDelay >= stuckAt) continue;
        held.push({
          reason: 'instances-not-registering',
          evidence: {
            computeEnvironment: ce.name,
            ec2InstanceId: instance.ec2InstanceId,
            ...(ce.autoScalingGroupName === undefined ? {} : { autoScalingGroup: ce.autoScalingGroupName }),
          },
        });
        break search;
      }
    }

    for (const ce of fitting) {
      const failures = situations.placementFailuresOf(job.queue.spec.name, ce.name, recent, stuckAt);
      const last = failures[failures.length - 1];
      if (last === undefined) continue;
      held.push({ reason: 'placement-failures', evidence: { computeEnvironment: ce.name, placementFailure: last.reason } });
      break;
    }

    const busy = fitting.find((ce) => (ce.onInstances ? [...ce.instances].some((instance) => instance.attempts.size > 0) : ce.usedVcpus > 0));
    if (busy !== undefined) held.push({ reason: 'waiting-its-turn', evidence: { computeEnvironment: busy.name } });
    return held;
  }

  private startingReasons(job: SimJob): Held[] {
    const attempt = job.attempt;
    if (attempt === undefined) return [];
    const held: Held[] = [];
    const computeEnvironment = attempt.ce.name;
    if (this.situations.pullHanging(attempt)) held.push({ reason: 'image-pull', evidence: { computeEnvironment } });
    const instance = attempt.instance;
    if (instance !== undefined && !instance.agentConnected && !attempt.taskRunning) held.push({ reason: 'agent', evidence: { computeEnvironment } });
    return held;
  }
}
