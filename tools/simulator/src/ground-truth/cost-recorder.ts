import type { FinishedAttempt } from '../events/job-state-changes';
import type { Attempt, SimInstance } from '../simulation-state';
import { fargateHourlyPrice, instanceHourlyPrice, purchaseOptionOf, type SimulationPrices } from '../pricing/simulation-prices';
import {
  STRANDED_FRACTION,
  type AttemptTruth,
  type CapacityRow,
  type CostTruth,
  type InstanceEnd,
  type InstanceTruth,
  type JobCostRow,
  type JobCostTruth,
  type ResourceAmounts,
  type SpotInterruptionRow,
} from './cost-truth';

const HOUR = 3_600_000;
/** ECS CPU units per vCPU. */
const CPU_UNITS = 1024;
/** Batch's reason for an attempt whose Spot host EC2 reclaimed (the ECS task's stoppedReason too). */
const HOST_TERMINATED = /^Host EC2 \(instance i-[0-9a-f]+\) terminated\./;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Rows keyed by their dimension values, each with summed fields. */
class RowTable<R extends object> {
  private readonly rows = new Map<string, Mutable<R>>();

  /** The row with these dimension values, created from `empty` the first time. */
  row(dimensions: Partial<R>, empty: () => R): Mutable<R> {
    const defined = Object.entries(dimensions).filter(([, value]) => value !== undefined);
    const key = JSON.stringify(defined);
    let row = this.rows.get(key);
    if (row === undefined) {
      row = { ...empty(), ...Object.fromEntries(defined) } as Mutable<R>;
      this.rows.set(key, row);
    }
    return row;
  }

  toRows(): R[] {
    return [...this.rows.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => ({ ...row }));
  }
}

/** An instance's accounts while it lives (and until its last attempt has ended). */
interface InstanceAccount {
  readonly truth: Mutable<InstanceTruth>;
  /** Remaining CPU units and MiB since `lastChangeAt`. */
  remainingCpu: number;
  remainingMemory: number;
  lastChangeAt: number;
  /** When it last had no task reserved (undefined while it has one). */
  emptySince: number | undefined;
  live: boolean;
  interruptedAttempts: number;
  /** Integrals in (CPU units | MiB) × ms. */
  idleCpu: number;
  idleMemory: number;
  strandedCpu: number;
  strandedMemory: number;
}

/** A job's attempts costed so far, until it finishes. */
interface JobAccount {
  readonly jobQueue: string;
  readonly jobDefinition: string;
  cost: number;
  attempts: number;
  readonly interrupted: Mutable<SpotInterruptionRow>[];
}

const emptyCapacity = (): CapacityRow => ({
  computeEnvironment: '',
  purchaseOption: 'ON_DEMAND',
  instanceType: '',
  availabilityZone: '',
  instances: 0,
  instancesThatNeverRanATask: 0,
  instanceHours: 0,
  instanceCost: 0,
  attemptsCost: 0,
  unallocatedCost: 0,
  idleVcpuHours: 0,
  idleMemoryGbHours: 0,
  strandedVcpuHours: 0,
  strandedMemoryGbHours: 0,
  scaleInLagSeconds: 0,
  scaledIn: 0,
});

const emptySpot = (): SpotInterruptionRow => ({
  computeEnvironment: '',
  instanceType: '',
  availabilityZone: '',
  interruptions: 0,
  warned: 0,
  withInterruptedAttempts: 0,
  interruptedAttempts: 0,
  lostVcpuHours: 0,
  retriesSucceeded: 0,
});

function registeredOf(instance: SimInstance): ResourceAmounts {
  return { vcpus: instance.type.registeredCpu / CPU_UNITS, memoryMiB: instance.type.registeredMemory, gpus: instance.type.gpus ?? 0 };
}

/** Dominant share: the largest fraction of a registered resource the request takes (0 for one it does not request). */
function dominantShare(requested: ResourceAmounts, registered: ResourceAmounts): number {
  const fraction = (need: number, has: number): number => (need === 0 ? 0 : need / has);
  return Math.max(fraction(requested.vcpus, registered.vcpus), fraction(requested.memoryMiB, registered.memoryMiB), fraction(requested.gpus, registered.gpus));
}

/**
 * Accumulates the cost, Spot and waste truth while the simulation runs, from facts the simulation
 * tells it (an instance registered, its remaining resources changed, an attempt ended …), never
 * from the rendered events. Idle and stranded resources are exact integrals of ECS's remaining
 * resources between changes; costs follow the shared definitions, so per instance
 * attemptsCost + unallocatedCost = cost holds exactly.
 */
export class CostRecorder {
  private readonly accounts = new WeakMap<SimInstance, InstanceAccount>();
  /** Instances registered and not yet deregistered (to close at the end of the workload). */
  private readonly live = new Set<SimInstance>();
  private readonly jobsInProgress = new Map<string, JobAccount>();
  private readonly capacity = new RowTable<CapacityRow>();
  private readonly jobCosts = new RowTable<JobCostRow>();
  private readonly spot = new RowTable<SpotInterruptionRow>();
  private readonly attempts: AttemptTruth[] = [];
  private readonly jobs: JobCostTruth[] = [];
  private readonly instances: Mutable<InstanceTruth>[] = [];
  private fargateJobCost = 0;
  private eksAttempts = 0;

  constructor(
    private readonly prices: SimulationPrices,
    private readonly keepRecords: boolean,
  ) {}

  private capacityRow(truth: InstanceTruth): Mutable<CapacityRow> {
    const { computeEnvironment, purchaseOption, instanceType, availabilityZone } = truth;
    return this.capacity.row({ computeEnvironment, purchaseOption, instanceType, availabilityZone }, emptyCapacity);
  }

  private spotRow(truth: InstanceTruth): Mutable<SpotInterruptionRow> {
    const { computeEnvironment, instanceType, availabilityZone } = truth;
    return this.spot.row({ computeEnvironment, instanceType, availabilityZone }, emptySpot);
  }

  /** The instance registered with its cluster (its billed lifetime starts). */
  instanceRegistered(instance: SimInstance, at: number): void {
    const purchaseOption = instance.ce.spec.kind === 'SPOT' ? 'SPOT' : 'ON_DEMAND';
    const hourlyPrice = instanceHourlyPrice(this.prices, purchaseOption, instance.ce.name, instance.type.name);
    const truth: Mutable<InstanceTruth> = {
      ec2InstanceId: instance.ec2InstanceId,
      containerInstanceArn: instance.containerInstanceArn,
      computeEnvironment: instance.ce.name,
      instanceType: instance.type.name,
      availabilityZone: instance.availabilityZone,
      cpuArchitecture: instance.type.cpuArchitecture,
      purchaseOption,
      registered: registeredOf(instance),
      registeredAt: at,
      deregisteredAt: at,
      endedBy: 'end-of-workload',
      lifetimeHours: 0,
      hourlyPrice,
      cost: 0,
      attemptsCost: 0,
      unallocatedCost: 0,
      tasks: 0,
      idleVcpuHours: 0,
      idleMemoryGbHours: 0,
      strandedVcpuHours: 0,
      strandedMemoryGbHours: 0,
    };
    this.accounts.set(instance, {
      truth,
      remainingCpu: instance.remainingCpu,
      remainingMemory: instance.remainingMemory,
      lastChangeAt: at,
      emptySince: at,
      live: true,
      interruptedAttempts: 0,
      idleCpu: 0,
      idleMemory: 0,
      strandedCpu: 0,
      strandedMemory: 0,
    });
    this.live.add(instance);
  }

  private integrate(account: InstanceAccount, at: number): void {
    const span = at - account.lastChangeAt;
    if (span <= 0) return;
    const registered = account.truth.registered;
    account.idleCpu += account.remainingCpu * span;
    account.idleMemory += account.remainingMemory * span;
    const memoryFull = account.remainingMemory < STRANDED_FRACTION * registered.memoryMiB;
    const cpuFull = account.remainingCpu < STRANDED_FRACTION * registered.vcpus * CPU_UNITS;
    // What is left of one resource is stranded while the other is full (when both are, nothing is).
    if (memoryFull && !cpuFull) account.strandedCpu += account.remainingCpu * span;
    if (cpuFull && !memoryFull) account.strandedMemory += account.remainingMemory * span;
    account.lastChangeAt = at;
  }

  /** ECS's remaining resources of the instance changed (a task reserved or released them): call after the change. */
  remainingChanged(instance: SimInstance, at: number): void {
    const account = this.accounts.get(instance);
    if (account === undefined || !account.live) return;
    this.integrate(account, at);
    account.remainingCpu = instance.remainingCpu;
    account.remainingMemory = instance.remainingMemory;
    const empty = instance.remainingCpu === instance.type.registeredCpu && instance.remainingMemory === instance.type.registeredMemory;
    if (!empty) account.emptySince = undefined;
    else account.emptySince ??= at;
  }

  /** A task was placed on the instance. */
  taskPlaced(instance: SimInstance): void {
    const account = this.accounts.get(instance);
    if (account !== undefined) account.truth.tasks += 1;
  }

  /** EC2 sent the instance's Spot Instance Interruption Warning. */
  interruptionWarned(instance: SimInstance, at: number): void {
    const account = this.accounts.get(instance);
    if (account !== undefined) account.truth.interruptionWarningAt = at;
  }

  /** The instance left its cluster: its lifetime, cost and integrals are final (its attempts' costs may still come). */
  instanceDeregistered(instance: SimInstance, at: number, endedBy: InstanceEnd): void {
    const account = this.accounts.get(instance);
    if (account === undefined || !account.live) return;
    this.integrate(account, at);
    account.live = false;
    this.live.delete(instance);
    const truth = account.truth;
    truth.deregisteredAt = at;
    truth.endedBy = endedBy;
    truth.lifetimeHours = (at - truth.registeredAt) / HOUR;
    truth.cost = truth.lifetimeHours * truth.hourlyPrice;
    truth.idleVcpuHours = account.idleCpu / CPU_UNITS / HOUR;
    truth.idleMemoryGbHours = account.idleMemory / 1024 / HOUR;
    truth.strandedVcpuHours = account.strandedCpu / CPU_UNITS / HOUR;
    truth.strandedMemoryGbHours = account.strandedMemory / 1024 / HOUR;
    if (endedBy === 'scale-in' && account.emptySince !== undefined) truth.emptySecondsBeforeScaleIn = (at - account.emptySince) / 1000;
    const row = this.capacityRow(truth);
    row.instances += 1;
    if (truth.tasks === 0) row.instancesThatNeverRanATask += 1;
    row.instanceHours += truth.lifetimeHours;
    row.instanceCost += truth.cost;
    row.idleVcpuHours += truth.idleVcpuHours;
    row.idleMemoryGbHours += truth.idleMemoryGbHours;
    row.strandedVcpuHours += truth.strandedVcpuHours;
    row.strandedMemoryGbHours += truth.strandedMemoryGbHours;
    if (truth.emptySecondsBeforeScaleIn !== undefined) {
      row.scaleInLagSeconds += truth.emptySecondsBeforeScaleIn;
      row.scaledIn += 1;
    }
    if (endedBy === 'spot-interruption') {
      const spot = this.spotRow(truth);
      spot.interruptions += 1;
      if (truth.interruptionWarningAt !== undefined) spot.warned += 1;
      if (account.interruptedAttempts > 0) spot.withInterruptedAttempts += 1;
    }
    if (this.keepRecords) this.instances.push(truth);
  }

  /**
   * An attempt ended and was added to its job's `attempts[]` at position `index`: its cost goes to
   * its job, its host and the sums.
   */
  attemptEnded(attempt: Attempt, finished: FinishedAttempt, index: number): void {
    const { job, ce, task } = attempt;
    const purchaseOption = purchaseOptionOf(ce.spec.kind);
    if (task === undefined || purchaseOption === undefined) {
      this.eksAttempts += 1;
      return;
    }
    const requested: ResourceAmounts = { vcpus: job.vcpus, memoryMiB: job.memory, gpus: job.need.gpu ?? 0 };
    const durationSeconds = finished.startedAt === undefined ? 0 : (finished.stoppedAt - finished.startedAt) / 1000;
    const interrupted = HOST_TERMINATED.test(finished.statusReason);
    const instance = attempt.instance;
    const account = instance === undefined ? undefined : this.accounts.get(instance);
    // A task is placed only on a registered instance: an unknown host is a simulator bug.
    if (instance !== undefined && account === undefined) throw new Error(`simulator: attempt ${job.id}#${index} ran on ${instance.containerInstanceArn}, which never registered`);
    let record: AttemptTruth;
    if (account === undefined) {
      const cpuArchitecture = job.definition.cpuArchitecture === 'ARM64' ? 'arm64' : 'x86_64';
      const hourlyPrice = fargateHourlyPrice(this.prices, cpuArchitecture, job.vcpus, job.memory);
      record = {
        ...this.attemptBase(attempt, finished, index, durationSeconds, requested, interrupted),
        purchaseOption: 'FARGATE',
        launchType: 'FARGATE',
        availabilityZone: task.availabilityZone,
        cpuArchitecture,
        hourlyPrice,
        cost: (hourlyPrice * durationSeconds) / 3600,
      };
      this.fargateJobCost += record.cost;
    } else {
      const host = account.truth;
      const share = dominantShare(requested, host.registered);
      record = {
        ...this.attemptBase(attempt, finished, index, durationSeconds, requested, interrupted),
        purchaseOption: host.purchaseOption,
        launchType: 'EC2',
        ec2InstanceId: host.ec2InstanceId,
        containerInstanceArn: host.containerInstanceArn,
        instanceType: host.instanceType,
        availabilityZone: host.availabilityZone,
        cpuArchitecture: host.cpuArchitecture,
        registered: host.registered,
        share,
        hourlyPrice: host.hourlyPrice,
        cost: (share * host.hourlyPrice * durationSeconds) / 3600,
      };
      host.attemptsCost += record.cost;
      this.capacityRow(host).attemptsCost += record.cost;
    }
    const jobRow = this.jobCosts.row(
      {
        jobQueue: record.jobQueue,
        jobDefinition: record.jobDefinition,
        computeEnvironment: record.computeEnvironment,
        purchaseOption: record.purchaseOption,
        instanceType: record.instanceType,
        availabilityZone: record.availabilityZone,
      },
      () => ({ jobQueue: '', jobDefinition: '', computeEnvironment: '', purchaseOption: 'FARGATE', availabilityZone: '', attempts: 0, cost: 0 }),
    );
    jobRow.attempts += 1;
    jobRow.cost += record.cost;
    let progress = this.jobsInProgress.get(job.id);
    if (progress === undefined) {
      progress = { jobQueue: record.jobQueue, jobDefinition: record.jobDefinition, cost: 0, attempts: 0, interrupted: [] };
      this.jobsInProgress.set(job.id, progress);
    }
    progress.cost += record.cost;
    progress.attempts += 1;
    if (interrupted && account !== undefined) {
      const spot = this.spotRow(account.truth);
      spot.interruptedAttempts += 1;
      spot.lostVcpuHours += (durationSeconds / 3600) * requested.vcpus;
      // The instance may already be counted (it deregistered before Batch ended the attempt).
      if (account.interruptedAttempts === 0 && !account.live && account.truth.endedBy === 'spot-interruption') spot.withInterruptedAttempts += 1;
      account.interruptedAttempts += 1;
      progress.interrupted.push(spot);
    }
    if (this.keepRecords) this.attempts.push(record);
  }

  private attemptBase(attempt: Attempt, finished: FinishedAttempt, index: number, durationSeconds: number, requested: ResourceAmounts, interrupted: boolean) {
    const task = attempt.task;
    return {
      jobId: attempt.job.id,
      jobQueue: attempt.job.queue.spec.name,
      jobDefinition: attempt.job.definition.name,
      attemptIndex: index,
      computeEnvironment: attempt.ce.name,
      taskArn: task?.taskArn ?? '',
      ...(finished.startedAt === undefined ? {} : { startedAt: finished.startedAt }),
      stoppedAt: finished.stoppedAt,
      durationSeconds,
      requested,
      statusReason: finished.statusReason,
      ...(finished.exitCode === undefined ? {} : { exitCode: finished.exitCode }),
      interrupted,
    };
  }

  /** A job id reached its terminal state: its cost is final. */
  jobFinished(jobId: string, state: 'SUCCEEDED' | 'FAILED'): void {
    const progress = this.jobsInProgress.get(jobId);
    if (progress === undefined) return;
    this.jobsInProgress.delete(jobId);
    if (state === 'SUCCEEDED') for (const spot of progress.interrupted) spot.retriesSucceeded += 1;
    if (this.keepRecords) {
      const { jobQueue, jobDefinition, cost, attempts } = progress;
      this.jobs.push({ jobId, jobQueue, jobDefinition, state, attempts, interruptedAttempts: progress.interrupted.length, cost });
    }
  }

  /** The cost truth, closing instances still registered at `end` (the last event of the workload). */
  toTruth(end: number): CostTruth {
    for (const instance of [...this.live]) this.instanceDeregistered(instance, end, 'end-of-workload');
    for (const instance of this.instances) instance.unallocatedCost = instance.cost - instance.attemptsCost;
    const capacity = this.capacity.toRows().map((row) => ({ ...row, unallocatedCost: row.instanceCost - row.attemptsCost }));
    const spotInterruptions = this.spot.toRows();
    const sum = <R>(rows: readonly R[], value: (row: R) => number): number => rows.reduce((total, row) => total + value(row), 0);
    const instanceCost = sum(capacity, (row) => row.instanceCost);
    const ec2JobCost = sum(capacity, (row) => row.attemptsCost);
    return {
      totals: {
        instanceCost,
        ec2JobCost,
        fargateJobCost: this.fargateJobCost,
        unallocatedCost: instanceCost - ec2JobCost,
        instanceHours: sum(capacity, (row) => row.instanceHours),
        idleVcpuHours: sum(capacity, (row) => row.idleVcpuHours),
        idleMemoryGbHours: sum(capacity, (row) => row.idleMemoryGbHours),
        spotInterruptions: sum(spotInterruptions, (row) => row.interruptions),
        lostVcpuHours: sum(spotInterruptions, (row) => row.lostVcpuHours),
        eksAttemptsNotCosted: this.eksAttempts,
      },
      capacity,
      jobCosts: this.jobCosts.toRows(),
      spotInterruptions,
      attempts: [...this.attempts],
      jobs: [...this.jobs],
      instances: this.instances.map((instance) => ({ ...instance })),
    };
  }
}
