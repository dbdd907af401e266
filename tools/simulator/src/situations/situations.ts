import type { InstanceActivityDetailType } from '@batchmon/event-schemas';
import type { JobDefinitionSpec } from '../batch-resources/batch-resources';
import { SUBMISSION_EVALUATION } from '../constants';
import { emitInstanceState, subnetOf } from '../compute/capacity';
import type { ComputeEnvironmentState, SimInstance } from '../compute/compute-environment-state';
import { wholeSecond } from '../events/event-time';
import { renderInstanceActivity } from '../events/instance-activities';
import { IdFactory } from '../ids';
import { evaluateSubmission } from '../jobs/job-lifecycle';
import type { Attempt, QueueState, SimJob } from '../jobs/job-state';
import { newJob } from '../jobs/new-job';
import { SeededRandom } from '../randomness/seeded-random';
import type { Simulation } from '../simulation';
import { SITUATION_JOB_DEFINITIONS, situationJobQueue, type StuckSituation } from './stuck-situations';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

/** Timing of the situations (simulated milliseconds); plausible orders of magnitude, not measurements. */
export const SITUATION_TIMING = {
  /** The situations begin this long after the workload's start (after the account's configuration calls). */
  startAfter: 2 * MINUTE,
  /** A situation's cause lasts the job queue's RUNNABLE threshold plus this, so its jobs are stuck well past it. */
  holdBeyondThreshold: 8 * MINUTE,
  /** EC2 answers a launch request (the group's activity ends) within seconds. */
  launchAnswerMin: 3 * SECOND,
  launchAnswerMax: 20 * SECOND,
  /** Auto Scaling retries a failed launch while the desired capacity stays above the actual. */
  launchRetryMin: 60 * SECOND,
  launchRetryMax: 150 * SECOND,
  /** ECS reports the memory an instance's daemon task took shortly after the instance registered. */
  daemonReported: 1 * SECOND,
  /** An image pull that cannot reach the registry fails after the agent's retries, past the threshold. */
  pullGivesUpAfterThresholdMin: 4 * MINUTE,
  pullGivesUpAfterThresholdMax: 10 * MINUTE,
  /** The agent of the instance a task was just placed on loses its connection to ECS. */
  agentLostAfterPlacement: 300,
  /** …and gets it back past the STARTING threshold. */
  agentBackAfterThresholdMin: 4 * MINUTE,
  agentBackAfterThresholdMax: 8 * MINUTE,
} as const;

// EC2's answers as Auto Scaling quotes them in `StatusMessage` (see `launchFailureClass` in
// @batchmon/event-schemas for the captures they follow).
const INSUFFICIENT_CAPACITY = (type: string, zone: string, others: readonly string[]) =>
  `We currently do not have sufficient ${type} capacity in the Availability Zone you requested (${zone}). Our system will be working on ` +
  `provisioning additional capacity. You can currently get ${type} capacity by not specifying an Availability Zone in your request or ` +
  `choosing ${others.join(', ')}. Launching EC2 instance failed.`;
/** The Availability Zones of the simulated region (us-east-1). */
const REGION_ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c', 'us-east-1d', 'us-east-1f'];
const VCPU_LIMIT =
  'You have requested more vCPU capacity than your current vCPU limit of 32 allows for the instance bucket that the specified instance ' +
  'type belongs to. Please visit http://aws.amazon.com/contact-us/ec2-request to request an adjustment to this limit. Launching EC2 instance failed.';

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

/** How a compute environment's launches go while a situation holds it. */
type LaunchTrouble = { readonly kind: 'fails'; readonly message: (instance: SimInstance) => string } | { readonly kind: 'never-registers' };

/** What the truth needs to know about an instance's launch. */
interface LaunchRecord {
  /** Event time of its `EC2 Instance Launch Successful` (whole seconds); undefined while its launch keeps failing. */
  launchedAt?: number;
}

/** A launch that failed: when (event time) and what EC2 said. */
export interface LaunchFailure {
  readonly at: number;
  readonly statusMessage: string;
}

/** A RunTask placement failure of a queue on a compute environment: when (event time) and why. */
export interface PlacementFailure {
  readonly at: number;
  readonly reason: string;
}

/**
 * The stuck-job situations of a workload, and the Auto Scaling instance activity of every compute
 * environment. It submits each situation's jobs a couple of minutes in, holds the situation's cause
 * for the queue's RUNNABLE threshold plus a margin (launches that fail or never register, a daemon
 * holding instance memory, an image that cannot be pulled), then lets it clear so every job ends.
 * It keeps what the stuck-job truth needs: launch failures, instance launch times, placement
 * failures. Its ids and choices come from a random stream of its own, so a workload without
 * situations and without instance activity events is event for event what it was.
 */
export class Situations {
  private readonly random: SeededRandom;
  private readonly ids: IdFactory;
  private readonly queues: ReadonlyMap<string, StuckSituation>;
  private readonly troubles = new Map<ComputeEnvironmentState, LaunchTrouble>();
  private readonly daemons = new Set<ComputeEnvironmentState>();
  private readonly launches = new Map<SimInstance, LaunchRecord>();
  private readonly launchFailures = new Map<ComputeEnvironmentState, LaunchFailure[]>();
  private readonly placementFailures = new Map<string, PlacementFailure[]>();
  private readonly groupIds = new Map<ComputeEnvironmentState, string>();
  private readonly unpullable = new Set<string>();
  private readonly hangingPulls = new Set<Attempt>();
  private readonly situationOfJob = new Map<SimJob, StuckSituation>();
  /** Compute environments whose next task placement loses its instance's agent. */
  private readonly agentTrouble = new Set<ComputeEnvironmentState>();
  /** Instances whose agent a situation holds disconnected. */
  private readonly heldAgents = new Set<SimInstance>();
  private unsubmitted = 0;

  constructor(private readonly sim: Simulation) {
    this.random = new SeededRandom(sim.options.seed).fork('stuck-situations');
    this.ids = new IdFactory(this.random);
    this.queues = new Map(sim.options.stuckSituations.map((situation) => [situationJobQueue(situation), situation]));
    this.unsubmitted = sim.options.stuckSituations.length;
  }

  /** Whether situations still have jobs to submit (the workload is not over before they run). */
  get pending(): boolean {
    return this.unsubmitted > 0;
  }

  /** Whether the queue belongs to a situation (the random workload never submits there). */
  owns(queue: QueueState): boolean {
    return this.queues.has(queue.spec.name);
  }

  /** The situation a job was submitted for. */
  situationOf(job: SimJob): StuckSituation | undefined {
    return this.situationOfJob.get(job);
  }

  /** Schedules every situation of the workload. */
  start(): void {
    const sim = this.sim;
    for (const situation of sim.options.stuckSituations) {
      sim.at(sim.options.startMillis + SITUATION_TIMING.startAfter, () => {
        this.unsubmitted -= 1;
        this.begin(situation);
      });
    }
  }

  /** How long a situation's cause holds: past the threshold of its queue, whatever it is configured to. */
  private holdFor(queue: string): number {
    const thresholds = this.sim.options.stuckThresholds;
    return (thresholds.runnableSecondsByQueue[queue] ?? thresholds.runnableSeconds) * SECOND + SITUATION_TIMING.holdBeyondThreshold;
  }

  /**
   * The queue's job state time limit (`maxTimeSeconds` of its CANCEL action): situation queues keep
   * their blocked jobs past the threshold; the others cancel them after ten minutes at the head.
   */
  timeLimit(queue: QueueState, fallback: number): number {
    return this.owns(queue) ? this.holdFor(queue.spec.name) : fallback;
  }

  private queueOf(situation: StuckSituation): QueueState {
    const name = situationJobQueue(situation);
    const queue = this.sim.queues.find((candidate) => candidate.spec.name === name);
    if (queue === undefined) throw new Error(`simulator: the job queue ${name} of situation ${situation} was not created`);
    return queue;
  }

  private begin(situation: StuckSituation): void {
    const queue = this.queueOf(situation);
    const ce = queue.environments[0];
    if (ce === undefined) return;
    const hold = this.holdFor(queue.spec.name);
    const { worker, long, unpullable } = SITUATION_JOB_DEFINITIONS;
    switch (situation) {
      case 'queue-blocked':
        this.submit(situation, queue, worker, [{ vcpus: 4, memory: 16_384 }]);
        return;
      case 'too-big':
        // The first blocks the queue and is named; the second waits behind it, never at the head while stuck.
        this.submit(situation, queue, worker, [{ vcpus: 4, memory: 16_384 }, { vcpus: 8, memory: 30_720 }]);
        return;
      case 'at-max-vcpus':
        // Two 2-vCPU instances make the maximum; each holds one job, two more wait.
        this.submit(situation, queue, long, Array.from({ length: 4 }, () => ({ vcpus: 2, memory: 3072 })));
        return;
      case 'busy-queue':
        // Two 4-vCPU instances hold eight jobs; a third instance would exceed the maximum of 10.
        this.submit(situation, queue, long, Array.from({ length: 10 }, () => ({ vcpus: 1, memory: 1024 })));
        return;
      case 'insufficient-capacity':
        this.troubleFor(ce, { kind: 'fails', message: (instance) => this.capacityMessage(instance) }, hold);
        this.submit(situation, queue, worker, Array.from({ length: 3 }, () => ({ vcpus: 1, memory: 2048 })));
        return;
      case 'vcpu-limit':
        this.troubleFor(ce, { kind: 'fails', message: () => VCPU_LIMIT }, hold);
        this.submit(situation, queue, worker, Array.from({ length: 3 }, () => ({ vcpus: 1, memory: 2048 })));
        return;
      case 'instances-not-registering':
        this.troubleFor(ce, { kind: 'never-registers' }, hold);
        this.submit(situation, queue, worker, Array.from({ length: 2 }, () => ({ vcpus: 1, memory: 2048 })));
        return;
      case 'placement-failures':
        this.daemons.add(ce);
        this.sim.after(hold, () => this.stopDaemons(ce));
        this.submit(situation, queue, worker, Array.from({ length: 2 }, () => ({ vcpus: 1, memory: 3072 })));
        return;
      case 'image-pull':
        this.unpullable.add(unpullable.name);
        this.submit(situation, queue, unpullable, [{ vcpus: 1, memory: 2048 }]);
        return;
      case 'agent-disconnected':
        this.agentTrouble.add(ce);
        this.submit(situation, queue, worker, [{ vcpus: 1, memory: 2048 }]);
        return;
    }
  }

  /** SubmitJob calls a few seconds apart, each job sized by a resource override. */
  private submit(situation: StuckSituation, queue: QueueState, definition: JobDefinitionSpec, sizes: readonly { vcpus: number; memory: number }[]): void {
    const sim = this.sim;
    let offset = 0;
    sizes.forEach((size, index) => {
      offset += this.random.between(0.5 * SECOND, 3 * SECOND);
      sim.after(offset, () => {
        const id = this.ids.uuid();
        const job = newJob({
          id,
          baseId: id,
          name: `${situation}-${String(index + 1).padStart(2, '0')}`,
          shape: 'container',
          queue,
          definition,
          revision: definition.revisions[definition.revisions.length - 1] ?? 1,
          createdAt: sim.now,
          vcpus: size.vcpus,
          memory: size.memory,
          maxAttempts: 1,
        });
        this.situationOfJob.set(job, situation);
        sim.activeJobs += 1;
        sim.batchApiCalls.submission(job, undefined);
        sim.after(this.random.between(SUBMISSION_EVALUATION.min, SUBMISSION_EVALUATION.max), () => evaluateSubmission(sim, job, undefined));
      });
    });
  }

  private troubleFor(ce: ComputeEnvironmentState, trouble: LaunchTrouble, hold: number): void {
    this.troubles.set(ce, trouble);
    this.sim.after(hold, () => this.clearTrouble(ce, trouble));
  }

  private capacityMessage(instance: SimInstance): string {
    // EC2 suggests the zones that have the type, which the compute environment's subnets do not cover.
    const others = REGION_ZONES.filter((zone) => !instance.ce.spec.availabilityZones.includes(zone));
    return INSUFFICIENT_CAPACITY(instance.type.name, instance.availabilityZone, others);
  }

  // ---- Auto Scaling: launches and terminations --------------------------------------------------

  /**
   * An instance of `instance.ce` was asked for: normally EC2 launches it within seconds (`EC2
   * Instance Launch Successful`) and its agent registers it after `boot`; while a situation holds the
   * compute environment, the launch fails and is retried, or the instance never registers.
   */
  launch(instance: SimInstance, boot: number, register: () => void): void {
    const record: LaunchRecord = {};
    this.launches.set(instance, record);
    const trouble = this.troubles.get(instance.ce);
    if (trouble?.kind === 'fails') {
      this.failLaunch(instance, record, trouble, boot, register);
      return;
    }
    this.launched(instance, record, this.sim.now);
    if (trouble?.kind === 'never-registers') return;
    this.sim.after(boot, register);
  }

  private launched(instance: SimInstance, record: LaunchRecord, requestedAt: number): void {
    const at = this.sim.now + this.random.between(SITUATION_TIMING.launchAnswerMin, SITUATION_TIMING.launchAnswerMax);
    record.launchedAt = wholeSecond(Math.round(at));
    this.sim.at(at, () => this.emitActivity('EC2 Instance Launch Successful', instance, requestedAt));
  }

  private failLaunch(instance: SimInstance, record: LaunchRecord, trouble: Extract<LaunchTrouble, { kind: 'fails' }>, boot: number, register: () => void): void {
    const requestedAt = this.sim.now;
    this.sim.after(this.random.between(SITUATION_TIMING.launchAnswerMin, SITUATION_TIMING.launchAnswerMax), () => {
      if (!instance.ce.instances.has(instance)) return;
      if (this.troubles.get(instance.ce) !== trouble) {
        // The shortage is over: this retry launches the instance.
        this.launched(instance, record, requestedAt);
        this.sim.after(boot, register);
        return;
      }
      const statusMessage = trouble.message(instance);
      this.emitActivity('EC2 Instance Launch Unsuccessful', instance, requestedAt, statusMessage);
      const failures = this.launchFailures.get(instance.ce) ?? [];
      failures.push({ at: wholeSecond(this.sim.now), statusMessage });
      this.launchFailures.set(instance.ce, failures);
      this.sim.after(this.random.between(SITUATION_TIMING.launchRetryMin, SITUATION_TIMING.launchRetryMax), () =>
        this.failLaunch(instance, record, trouble, boot, register),
      );
    });
  }

  private clearTrouble(ce: ComputeEnvironmentState, trouble: LaunchTrouble): void {
    if (this.troubles.get(ce) !== trouble) return;
    this.troubles.delete(ce);
    if (trouble.kind !== 'never-registers') return;
    // The operator fixes the launch template; the instances that never joined are replaced.
    for (const instance of [...ce.instances]) {
      if (instance.status !== 'BOOTING') continue;
      ce.instances.delete(instance);
      this.terminated(instance);
    }
    this.sim.scheduler.request(this.random.between(1 * SECOND, 5 * SECOND));
  }

  /** An instance left its group (scaled in, reclaimed, or replaced): `EC2 Instance Terminate Successful`. */
  terminated(instance: SimInstance): void {
    const requestedAt = this.sim.now;
    this.launches.delete(instance);
    this.sim.after(this.random.between(SITUATION_TIMING.launchAnswerMin, SITUATION_TIMING.launchAnswerMax), () =>
      this.emitActivity('EC2 Instance Terminate Successful', instance, requestedAt),
    );
  }

  private emitActivity(detailType: InstanceActivityDetailType, instance: SimInstance, requestedAt: number, statusMessage?: string): void {
    const sim = this.sim;
    const group = instance.ce.autoScalingGroupName;
    if (!sim.options.instanceActivityEvents || group === undefined) return;
    let groupId = this.groupIds.get(instance.ce);
    if (groupId === undefined) {
      groupId = this.ids.uuid();
      this.groupIds.set(instance.ce, groupId);
    }
    const capacity = instance.ce.instances.size;
    const launch = detailType !== 'EC2 Instance Terminate Successful';
    sim.emit(
      renderInstanceActivity({
        eventId: this.ids.uuid(),
        activityId: this.ids.uuid(),
        requestId: this.ids.uuid(),
        at: sim.now,
        detailType,
        autoScalingGroupName: group,
        autoScalingGroupId: groupId,
        ...(detailType === 'EC2 Instance Launch Unsuccessful' ? {} : { ec2InstanceId: instance.ec2InstanceId }),
        availabilityZone: instance.availabilityZone,
        subnetId: subnetOf(instance.availabilityZone),
        ...(statusMessage === undefined ? {} : { statusMessage }),
        startedAt: requestedAt,
        // The instance is already in (launch) or already out of (termination) the capacity counted here.
        capacityFrom: launch ? Math.max(0, capacity - 1) : capacity + 1,
        capacityTo: capacity,
      }),
    );
  }

  // ---- ECS: registration, daemons, placement ----------------------------------------------------

  /**
   * An instance registered: in a compute environment with a daemon, the daemon's task (a log or
   * security agent Batch does not account for) takes most of its memory at once — ECS places daemon
   * tasks on an instance as it joins, before any other task — and ECS reports it a moment later.
   */
  registered(instance: SimInstance): void {
    if (!this.daemons.has(instance.ce) || (instance.unseenMemory ?? 0) > 0) return;
    const memory = instance.type.registeredMemory - 1024;
    instance.remainingMemory -= memory;
    instance.unseenMemory = memory;
    this.sim.after(SITUATION_TIMING.daemonReported, () => {
      if (instance.status === 'ACTIVE') emitInstanceState(this.sim, instance);
    });
  }

  private stopDaemons(ce: ComputeEnvironmentState): void {
    this.daemons.delete(ce);
    for (const instance of ce.instances) {
      const memory = instance.unseenMemory ?? 0;
      if (memory === 0) continue;
      instance.remainingMemory += memory;
      instance.unseenMemory = 0;
      if (instance.status === 'ACTIVE') emitInstanceState(this.sim, instance);
    }
    this.sim.scheduler.request(this.random.between(1 * SECOND, 4 * SECOND));
  }

  /** RunTask of a queue failed on a compute environment. */
  placementFailed(jobQueue: string, computeEnvironment: string, reason: string): void {
    const key = `${jobQueue}\u0001${computeEnvironment}`;
    const failures = this.placementFailures.get(key) ?? [];
    failures.push({ at: wholeSecond(this.sim.now), reason });
    // Only the recent past matters to the truth: keep what a threshold can look back on.
    const horizon = wholeSecond(this.sim.now) - this.maxLookBack();
    while ((failures[0]?.at ?? Infinity) < horizon) failures.shift();
    this.placementFailures.set(key, failures);
  }

  private maxLookBack(): number {
    const thresholds = this.sim.options.stuckThresholds;
    return Math.max(thresholds.runnableSeconds, ...Object.values(thresholds.runnableSecondsByQueue)) * SECOND + MINUTE;
  }

  /** Placement failures of a queue on a compute environment with event times in [from, to]. */
  placementFailuresOf(jobQueue: string, computeEnvironment: string, from: number, to: number): readonly PlacementFailure[] {
    return (this.placementFailures.get(`${jobQueue}\u0001${computeEnvironment}`) ?? []).filter((failure) => failure.at >= from && failure.at <= to);
  }

  /** Launch failures of a compute environment's group with event times in [from, to]. */
  launchFailuresOf(ce: ComputeEnvironmentState, from: number, to: number): readonly LaunchFailure[] {
    return (this.launchFailures.get(ce) ?? []).filter((failure) => failure.at >= from && failure.at <= to);
  }

  /** When the instance's launch succeeded (event time), undefined while it keeps failing or for an instance it did not see. */
  launchedAt(instance: SimInstance): number | undefined {
    return this.launches.get(instance)?.launchedAt;
  }

  // ---- Agents ------------------------------------------------------------------------------------

  /**
   * When the agent starts pulling the attempt's image: `normally`, unless its compute environment is
   * held for `agent-disconnected`: then the instance's agent disconnects right after the placement
   * (ECS reports it) and reconnects past the STARTING threshold; the pull starts seconds later.
   */
  pullStartsAt(attempt: Attempt, normally: number): number {
    const instance = attempt.instance;
    if (instance === undefined || !this.agentTrouble.has(attempt.ce)) return normally;
    this.agentTrouble.delete(attempt.ce);
    this.heldAgents.add(instance);
    const sim = this.sim;
    sim.after(SITUATION_TIMING.agentLostAfterPlacement, () => {
      if (instance.status !== 'ACTIVE') return;
      instance.agentConnected = false;
      emitInstanceState(sim, instance);
    });
    const threshold = sim.options.stuckThresholds.startingSeconds * SECOND;
    const back = normally + threshold + this.random.between(SITUATION_TIMING.agentBackAfterThresholdMin, SITUATION_TIMING.agentBackAfterThresholdMax);
    sim.at(back, () => {
      this.heldAgents.delete(instance);
      if (instance.status !== 'ACTIVE') return;
      instance.agentConnected = true;
      emitInstanceState(sim, instance);
      sim.scheduler.request(this.random.between(1 * SECOND, 4 * SECOND));
    });
    return back + this.random.between(1 * SECOND, 5 * SECOND);
  }

  /** Whether a situation holds the instance's agent disconnected (its own reconnection is then due later). */
  holdsAgent(instance: SimInstance): boolean {
    return this.heldAgents.has(instance);
  }

  // ---- Image pulls ------------------------------------------------------------------------------

  /** Whether the attempt's image cannot be pulled (its task then hangs in PENDING, see `hangPull`). */
  pullFails(attempt: Attempt): boolean {
    return attempt.task !== undefined && this.unpullable.has(attempt.job.definition.name);
  }

  /** Marks the attempt's pull as hanging (for the truth) and returns when the agent gives up. */
  hangPull(attempt: Attempt): number {
    this.hangingPulls.add(attempt);
    const threshold = this.sim.options.stuckThresholds.startingSeconds * SECOND;
    return threshold + this.random.between(SITUATION_TIMING.pullGivesUpAfterThresholdMin, SITUATION_TIMING.pullGivesUpAfterThresholdMax);
  }

  /** The pull ended (the task stopped). */
  pullEnded(attempt: Attempt): void {
    this.hangingPulls.delete(attempt);
  }

  /** Whether the attempt's image pull started and has not finished. */
  pullHanging(attempt: Attempt): boolean {
    return this.hangingPulls.has(attempt);
  }
}
