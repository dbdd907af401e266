import type { PurchaseOption } from '../pricing/simulation-prices';

// The cost, Spot and waste part of the ground truth (issue 14), with the definitions shared with
// batchmon's pipeline (COST-SHARED.md): an attempt is an element of a terminal job event's
// `attempts[]`, its duration `stoppedAt − startedAt` (0 when it never started), its share of its
// host the dominant one of what it requested over what the instance registered. Money in USD,
// times as the events carry them (epoch milliseconds), durations in seconds or hours as named.

/** Resources as Batch reports a job's `resourceRequirements` or ECS an instance's `registeredResources`. */
export interface ResourceAmounts {
  readonly vcpus: number;
  readonly memoryMiB: number;
  /** GPUs; 0 when not requested or not registered. */
  readonly gpus: number;
}

/**
 * One attempt of a job that ran on ECS (on a container instance or Fargate), as the job's terminal
 * event lists it in `attempts[]`. EKS attempts are not costed and not listed.
 */
export interface AttemptTruth {
  readonly jobId: string;
  readonly jobQueue: string;
  /** Without revision. */
  readonly jobDefinition: string;
  /** Position in the job's `attempts[]` (0 = first attempt). */
  readonly attemptIndex: number;
  readonly computeEnvironment: string;
  readonly purchaseOption: PurchaseOption;
  readonly launchType: 'EC2' | 'FARGATE';
  /** Host instance (EC2 only). */
  readonly ec2InstanceId?: string;
  readonly containerInstanceArn?: string;
  readonly instanceType?: string;
  /** The host instance's or Fargate task's Availability Zone. */
  readonly availabilityZone: string;
  readonly cpuArchitecture: 'x86_64' | 'arm64';
  readonly taskArn: string;
  /** `attempts[].startedAt`; absent when the attempt never reached RUNNING. */
  readonly startedAt?: number;
  /** `attempts[].stoppedAt`. */
  readonly stoppedAt: number;
  /** `stoppedAt − startedAt` in seconds; 0 without `startedAt`. */
  readonly durationSeconds: number;
  /** The job's `resourceRequirements` (all containers of a multi-container job together). */
  readonly requested: ResourceAmounts;
  /** What the host registered (EC2 only). */
  readonly registered?: ResourceAmounts;
  /** Dominant share of the host (EC2 only): max of requested / registered per resource. */
  readonly share?: number;
  /** The host's hourly price (EC2), or the task's Fargate price per hour. */
  readonly hourlyPrice: number;
  /** share × hourlyPrice × hours on EC2; hourlyPrice × hours on Fargate. */
  readonly cost: number;
  readonly statusReason: string;
  readonly exitCode?: number;
  /** Ended because EC2 reclaimed its Spot host (`Host EC2 (instance i-…) terminated.`). */
  readonly interrupted: boolean;
}

/** One finished job's cost: the sum of its attempts' (jobs with no ECS attempt are not listed). */
export interface JobCostTruth {
  readonly jobId: string;
  readonly jobQueue: string;
  readonly jobDefinition: string;
  readonly state: 'SUCCEEDED' | 'FAILED';
  readonly attempts: number;
  readonly interruptedAttempts: number;
  readonly cost: number;
}

/** Why an instance left its cluster. */
export type InstanceEnd = 'scale-in' | 'spot-interruption' | 'end-of-workload';

/** One container instance from registration to deregistration (EC2 On-Demand and Spot). */
export interface InstanceTruth {
  readonly ec2InstanceId: string;
  readonly containerInstanceArn: string;
  readonly computeEnvironment: string;
  readonly instanceType: string;
  readonly availabilityZone: string;
  readonly cpuArchitecture: 'x86_64' | 'arm64';
  readonly purchaseOption: 'ON_DEMAND' | 'SPOT';
  readonly registered: ResourceAmounts;
  /** RegisterContainerInstance time. */
  readonly registeredAt: number;
  /** DeregisterContainerInstance time, or the end of the workload when it never deregistered. */
  readonly deregisteredAt: number;
  readonly endedBy: InstanceEnd;
  readonly lifetimeHours: number;
  readonly hourlyPrice: number;
  /** lifetimeHours × hourlyPrice. */
  readonly cost: number;
  /** Σ costs of the attempts it hosted. */
  readonly attemptsCost: number;
  /** cost − attemptsCost (negative when dominant shares of concurrent attempts exceed 1). */
  readonly unallocatedCost: number;
  /** Tasks placed on it (RunTask successes). */
  readonly tasks: number;
  /** ∫ remaining vCPUs dt over its registered lifetime, in vCPU-hours. */
  readonly idleVcpuHours: number;
  /** ∫ remaining memory dt, in GB-hours (GB = 1024 MiB). */
  readonly idleMemoryGbHours: number;
  /** ∫ remaining vCPUs dt while memory is full (remaining < {@link STRANDED_FRACTION} of registered) and vCPUs are not. */
  readonly strandedVcpuHours: number;
  /** ∫ remaining GB dt while vCPUs are full and memory is not. */
  readonly strandedMemoryGbHours: number;
  /**
   * Scale-down lag: seconds from when it last had no task (or registered) to its deregistration,
   * for instances Batch scaled in; absent otherwise.
   */
  readonly emptySecondsBeforeScaleIn?: number;
  /** When EC2 sent its Spot Instance Interruption Warning (when the workload sends them). */
  readonly interruptionWarningAt?: number;
}

/** Sums per compute environment × instance type × Availability Zone (EC2 instances only). */
export interface CapacityRow {
  readonly computeEnvironment: string;
  readonly purchaseOption: 'ON_DEMAND' | 'SPOT';
  readonly instanceType: string;
  readonly availabilityZone: string;
  readonly instances: number;
  readonly instancesThatNeverRanATask: number;
  /** Interruption-rate denominator: Σ lifetimes. */
  readonly instanceHours: number;
  readonly instanceCost: number;
  readonly attemptsCost: number;
  readonly unallocatedCost: number;
  readonly idleVcpuHours: number;
  readonly idleMemoryGbHours: number;
  readonly strandedVcpuHours: number;
  readonly strandedMemoryGbHours: number;
  /** Σ scale-down lags of the instances scaled in, and how many were. */
  readonly scaleInLagSeconds: number;
  readonly scaledIn: number;
}

/** Costs of attempts per queue, definition and where they ran (EC2 and Fargate). */
export interface JobCostRow {
  readonly jobQueue: string;
  readonly jobDefinition: string;
  readonly computeEnvironment: string;
  readonly purchaseOption: PurchaseOption;
  /** Absent on Fargate. */
  readonly instanceType?: string;
  readonly availabilityZone: string;
  readonly attempts: number;
  readonly cost: number;
}

/** Spot interruptions per compute environment × instance type × Availability Zone. */
export interface SpotInterruptionRow {
  readonly computeEnvironment: string;
  readonly instanceType: string;
  readonly availabilityZone: string;
  /** Instances EC2 reclaimed (counted once per instance). */
  readonly interruptions: number;
  /** Of those, instances a warning announced. */
  readonly warned: number;
  /** Of those, instances with at least one attempt that ended `Host EC2 (instance i-…) terminated.` */
  readonly withInterruptedAttempts: number;
  readonly interruptedAttempts: number;
  /** Σ interrupted attempts' running time (stoppedAt − startedAt) × requested vCPUs, in vCPU-hours. */
  readonly lostVcpuHours: number;
  /** Interrupted attempts whose job went on to succeed. */
  readonly retriesSucceeded: number;
}

/** Totals of the cost truth. */
export interface CostTotals {
  /** Σ instance cost (EC2). */
  readonly instanceCost: number;
  /** Σ attempt costs on EC2 instances. */
  readonly ec2JobCost: number;
  readonly fargateJobCost: number;
  /** Σ unallocated costs: ec2JobCost + unallocatedCost = instanceCost, exactly. */
  readonly unallocatedCost: number;
  readonly instanceHours: number;
  readonly idleVcpuHours: number;
  readonly idleMemoryGbHours: number;
  readonly spotInterruptions: number;
  readonly lostVcpuHours: number;
  /** EKS attempts, which are not costed. */
  readonly eksAttemptsNotCosted: number;
}

/**
 * What the workload's capacity cost and where it went: per attempt, job and instance (when
 * `keepFinishedJobs`), and sums by dimensions (always).
 */
export interface CostTruth {
  readonly totals: CostTotals;
  readonly capacity: readonly CapacityRow[];
  readonly jobCosts: readonly JobCostRow[];
  readonly spotInterruptions: readonly SpotInterruptionRow[];
  /** Every costed attempt, in the order the attempts ended; empty when `keepFinishedJobs` is false. */
  readonly attempts: readonly AttemptTruth[];
  /** Every finished job with a costed attempt, in finishing order; empty when `keepFinishedJobs` is false. */
  readonly jobs: readonly JobCostTruth[];
  /** Every instance, in deregistration order; empty when `keepFinishedJobs` is false. */
  readonly instances: readonly InstanceTruth[];
}

/**
 * A resource is full while less than this fraction of what the instance registered remains; what
 * is left of the other resource is then stranded (free, yet too little of the full one is beside
 * it to place a task). Both full: nothing is stranded. The same definition as batchmon's
 * `STRANDED_FULL_SHARE` (i14-waste).
 */
export const STRANDED_FRACTION = 0.1;

type NumericKeys<R> = { [K in keyof R]-?: R[K] extends number ? K : never }[keyof R];

/**
 * Sums rows by a set of dimensions: one row per combination of their values, every numeric field
 * summed (rows lacking one of the dimensions are left out, as in `tally`).
 *
 * @example
 * ```ts
 * sumRows(truth.costs.capacity, ['computeEnvironment']);
 * // [{ computeEnvironment: 'spot-ec2', instanceCost: 1.93, idleVcpuHours: 4.2, ... }, ...]
 * ```
 */
export function sumRows<R extends object, K extends keyof R>(rows: readonly R[], keys: readonly K[]): (Pick<R, K> & Partial<Record<NumericKeys<R>, number>>)[] {
  const sums = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    const fields = row as Record<string, unknown>;
    if (keys.some((key) => fields[key as string] === undefined)) continue;
    const id = JSON.stringify(keys.map((key) => fields[key as string]));
    let sum = sums.get(id);
    if (sum === undefined) {
      sum = Object.fromEntries(keys.map((key) => [key, fields[key as string]]));
      sums.set(id, sum);
    }
    for (const [name, value] of Object.entries(fields)) {
      if (typeof value !== 'number' || (keys as readonly unknown[]).includes(name)) continue;
      sum[name] = (typeof sum[name] === 'number' ? sum[name] : 0) + value;
    }
  }
  return [...sums.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, sum]) => sum as Pick<R, K> & Partial<Record<NumericKeys<R>, number>>);
}
