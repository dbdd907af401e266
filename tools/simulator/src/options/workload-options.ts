import type { BatchResources, ComputeEnvironmentKind, SubmissionShape } from '../batch-resources/batch-resources';
import { SUBMISSION_SHAPES } from '../batch-resources/batch-resources';
import { DEFAULT_BATCH_RESOURCES } from '../batch-resources/default-resources';
import { INSTANCE_TYPES } from '../batch-resources/instance-types';
import type { StuckThresholds } from '../ground-truth/stuck-jobs';
import { STUCK_SITUATIONS, withSituationResources, type StuckSituation } from '../situations/stuck-situations';
import { DEFAULT_SIMULATION_PRICES, spotDiscountOf, type SimulationPrices } from '../pricing/simulation-prices';
import { WorkloadOptionsError } from '../errors';

/** Relative weights of each submission shape (need not sum to 1; missing shapes weigh 0 when any is given). */
export type ShapeMix = Readonly<Partial<Record<SubmissionShape, number>>>;

/** Options of a simulated workload; every one has a default, so `{}` is a realistic run. */
export interface WorkloadOptions {
  /** Number of SubmitJob calls. Array children and multi-node nodes come on top. @default 300 */
  readonly jobs?: number;
  /** Seed of every random choice: equal options give byte-identical events. @default 1 */
  readonly seed?: number;
  /** Simulated time of the first submission (ISO 8601). @default '2024-05-01T08:00:00Z' */
  readonly start?: string;
  /** The simulated account's compute environments, queues and job definitions. @default DEFAULT_BATCH_RESOURCES */
  readonly resources?: BatchResources;
  /**
   * Weights of the submission shapes.
   * @default { container: 0.6, multiContainer: 0.08, array: 0.06, multiNode: 0.04, fargate: 0.15, eks: 0.07 }
   */
  readonly shapeMix?: ShapeMix;
  /** Probability that an attempt's container exits non-zero (retried while attempts remain). @default 0.05 */
  readonly failureRate?: number;
  /** Fraction of events EventBridge delivers twice (the copy arrives a few events later). @default 0 */
  readonly duplicateRate?: number;
  /** Probability that a delivered event swaps places with the next one. @default 0 */
  readonly reorderRate?: number;
  /**
   * Fraction of submissions whose resource requirements no compute environment of their queue can
   * meet: they block their queue until its job state time limit cancels them. @default 0.005
   */
  readonly blockingJobRate?: number;
  /** Fraction of single-job submissions that depend on an earlier, still active job. @default 0.05 */
  readonly dependencyRate?: number;
  /** Probability that a Spot instance is reclaimed some time after it registers. @default 0.03 */
  readonly spotInterruptionRate?: number;
  /**
   * EC2 sends an `EC2 Spot Instance Interruption Warning` (source `aws.ec2`) two minutes before it
   * reclaims a Spot instance, as on AWS. Off by default so that workloads only emit the families
   * batchmon's schemas classify; the truth's `eventsOutsideFamilies` counts them when on.
   * @default false
   */
  readonly spotInterruptionWarnings?: boolean;
  /**
   * Prices the ground truth's costs are computed with (On-Demand per instance type, Spot discount,
   * Fargate rates). Scenarios pass the table the pipeline bundles. @default DEFAULT_SIMULATION_PRICES
   */
  readonly prices?: SimulationPrices;
  /** Probability that an instance's ECS agent disconnects for a while. @default 0.06 */
  readonly agentDisconnectRate?: number;
  /** Mix in tasks, RunTask calls and instance changes of non-Batch ECS clusters. @default true */
  readonly nonBatchActivity?: boolean;
  /**
   * Keep one record per finished job in the ground truth. Costs memory proportional to the number
   * of jobs (a few hundred bytes each); turn off for very long streams whose truth is not needed.
   * @default true
   */
  readonly keepFinishedJobs?: boolean;
  /**
   * Stuck-job situations to produce, each on a compute environment and job queue of its own added to
   * `resources` (see `STUCK_SITUATIONS`), or `'all'`. The truth records every stuck job either way.
   * @default []
   */
  readonly stuckSituations?: readonly StuckSituation[] | 'all';
  /** When the truth counts a job as stuck (seconds). @default { runnableSeconds: 600, runnableSecondsByQueue: {}, startingSeconds: 600, registrationSeconds: 300, failureWindowSeconds: 300 } */
  readonly stuckThresholds?: Partial<StuckThresholds>;
  /**
   * Emit the Auto Scaling groups' instance activity events (`EC2 Instance Launch Successful` for every
   * instance launched, `EC2 Instance Terminate Successful` for every one terminated), as every real
   * account receives them. Off by default so that existing workloads keep their events; the stuck
   * situations need them.
   * @default true when `stuckSituations` is not empty, else false
   */
  readonly instanceActivityEvents?: boolean;
}

/** {@link WorkloadOptions} with every default applied and checked. */
export type ResolvedWorkloadOptions = Required<Omit<WorkloadOptions, 'shapeMix' | 'stuckSituations' | 'stuckThresholds'>> & {
  readonly shapeMix: Readonly<Record<SubmissionShape, number>>;
  /** The situations, in the order of `STUCK_SITUATIONS`; their resources are in `resources`. */
  readonly stuckSituations: readonly StuckSituation[];
  readonly stuckThresholds: StuckThresholds;
  /** `start` as epoch milliseconds. */
  readonly startMillis: number;
};

/** The defaults of {@link WorkloadOptions}. */
export const DEFAULT_WORKLOAD_OPTIONS = {
  jobs: 300,
  seed: 1,
  start: '2024-05-01T08:00:00Z',
  shapeMix: { container: 0.6, multiContainer: 0.08, array: 0.06, multiNode: 0.04, fargate: 0.15, eks: 0.07 },
  failureRate: 0.05,
  duplicateRate: 0,
  reorderRate: 0,
  blockingJobRate: 0.005,
  dependencyRate: 0.05,
  spotInterruptionRate: 0.03,
  spotInterruptionWarnings: false,
  agentDisconnectRate: 0.06,
  nonBatchActivity: true,
  keepFinishedJobs: true,
  stuckSituations: [],
  stuckThresholds: { runnableSeconds: 600, runnableSecondsByQueue: {}, startingSeconds: 600, registrationSeconds: 300, failureWindowSeconds: 300 },
} as const;

function resolveSituations(value: WorkloadOptions['stuckSituations']): readonly StuckSituation[] {
  if (value === undefined) return [];
  if (value === 'all') return STUCK_SITUATIONS;
  if (!Array.isArray(value)) fail('stuckSituations', `'all' or a list of ${STUCK_SITUATIONS.join(', ')}`, value);
  value.forEach((situation, index) => {
    if (!(STUCK_SITUATIONS as readonly string[]).includes(situation)) fail(`stuckSituations[${index}]`, `one of ${STUCK_SITUATIONS.join(', ')}`, situation);
  });
  return STUCK_SITUATIONS.filter((situation) => value.includes(situation));
}

function seconds(option: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (typeof resolved !== 'number' || !Number.isFinite(resolved) || resolved <= 0) fail(option, 'a positive number of seconds', value);
  return resolved;
}

function resolveThresholds(value: Partial<StuckThresholds> | undefined): StuckThresholds {
  const defaults = DEFAULT_WORKLOAD_OPTIONS.stuckThresholds;
  const byQueue: Readonly<Record<string, number>> = value?.runnableSecondsByQueue ?? defaults.runnableSecondsByQueue;
  for (const [queue, limit] of Object.entries(byQueue)) seconds(`stuckThresholds.runnableSecondsByQueue.${queue}`, limit, 0);
  return {
    runnableSeconds: seconds('stuckThresholds.runnableSeconds', value?.runnableSeconds, defaults.runnableSeconds),
    runnableSecondsByQueue: { ...byQueue },
    startingSeconds: seconds('stuckThresholds.startingSeconds', value?.startingSeconds, defaults.startingSeconds),
    registrationSeconds: seconds('stuckThresholds.registrationSeconds', value?.registrationSeconds, defaults.registrationSeconds),
    failureWindowSeconds: seconds('stuckThresholds.failureWindowSeconds', value?.failureWindowSeconds, defaults.failureWindowSeconds),
  };
}

/** Compute environment kinds that can run each submission shape. */
export const SHAPE_PLATFORMS: Readonly<Record<SubmissionShape, readonly ComputeEnvironmentKind[]>> = {
  container: ['EC2', 'SPOT'],
  multiContainer: ['EC2', 'SPOT'],
  array: ['EC2', 'SPOT'],
  multiNode: ['EC2', 'SPOT'],
  fargate: ['FARGATE'],
  eks: ['EKS'],
};

// ECS-based queues may mix EC2 and Spot but not Fargate; EKS queues only hold EKS environments.
const ORCHESTRATION: Readonly<Record<ComputeEnvironmentKind, string>> = { EC2: 'ECS EC2', SPOT: 'ECS EC2', FARGATE: 'ECS Fargate', EKS: 'EKS' };

function fail(option: string, expected: string, found: unknown): never {
  throw new WorkloadOptionsError(`${option}: expected ${expected}, found ${JSON.stringify(found) ?? String(found)}`);
}

function rate(option: string, value: number | undefined, fallback: number): number {
  const resolved = value ?? fallback;
  if (typeof resolved !== 'number' || !Number.isFinite(resolved) || resolved < 0 || resolved > 1) {
    fail(option, 'a number from 0 to 1', value);
  }
  return resolved;
}

function checkResources(resources: BatchResources): void {
  const environments = new Map(resources.computeEnvironments.map((ce) => [ce.name, ce]));
  if (environments.size !== resources.computeEnvironments.length) fail('resources.computeEnvironments', 'unique names', [...environments.keys()]);
  resources.computeEnvironments.forEach((ce, index) => {
    const path = `resources.computeEnvironments[${index}]`;
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(ce.name)) fail(`${path}.name`, 'letters, digits, hyphens and underscores', ce.name);
    if (!(ce.maxvCpus > 0)) fail(`${path}.maxvCpus`, 'a positive number', ce.maxvCpus);
    if (ce.availabilityZones.length === 0) fail(`${path}.availabilityZones`, 'at least one Availability Zone', ce.availabilityZones);
    if (ce.kind === 'EC2' || ce.kind === 'SPOT') {
      if (ce.instanceTypes.length === 0) fail(`${path}.instanceTypes`, 'at least one instance type', ce.instanceTypes);
      ce.instanceTypes.forEach((type, typeIndex) => {
        if (!INSTANCE_TYPES.has(type)) fail(`${path}.instanceTypes[${typeIndex}]`, `one of ${[...INSTANCE_TYPES.keys()].join(', ')}`, type);
      });
    }
  });
  resources.jobQueues.forEach((queue, index) => {
    const path = `resources.jobQueues[${index}]`;
    if (queue.computeEnvironments.length === 0) fail(`${path}.computeEnvironments`, 'at least one compute environment', []);
    const kinds = new Set<string>();
    queue.computeEnvironments.forEach((name, ceIndex) => {
      const ce = environments.get(name);
      if (ce === undefined) fail(`${path}.computeEnvironments[${ceIndex}]`, `one of ${[...environments.keys()].join(', ')}`, name);
      kinds.add(ORCHESTRATION[ce.kind]);
    });
    if (kinds.size > 1) fail(`${path}.computeEnvironments`, 'compute environments of one orchestration type', [...kinds]);
  });
  resources.jobDefinitions.forEach((definition, index) => {
    const path = `resources.jobDefinitions[${index}]`;
    if (definition.revisions.length === 0) fail(`${path}.revisions`, 'at least one revision', []);
    if (!(definition.vcpus > 0)) fail(`${path}.vcpus`, 'a positive number', definition.vcpus);
    if (!(definition.memory > 0)) fail(`${path}.memory`, 'a positive number of MiB', definition.memory);
    if (!(definition.medianRunSeconds > 0)) fail(`${path}.medianRunSeconds`, 'a positive number', definition.medianRunSeconds);
  });
}

function checkPrice(option: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) fail(option, 'a non-negative number of USD', value);
}

/** Every instance type a compute environment may launch has a price, every Spot one a discount. */
function checkPrices(prices: SimulationPrices, resources: BatchResources): void {
  for (const [type, price] of Object.entries(prices.onDemandHourly)) checkPrice(`prices.onDemandHourly.${type}`, price);
  for (const rates of ['x86', 'arm'] as const) {
    checkPrice(`prices.fargate.${rates}.vcpuHour`, prices.fargate[rates].vcpuHour);
    checkPrice(`prices.fargate.${rates}.gbHour`, prices.fargate[rates].gbHour);
  }
  resources.computeEnvironments.forEach((ce, index) => {
    if (ce.kind !== 'EC2' && ce.kind !== 'SPOT') return;
    for (const type of ce.instanceTypes) {
      if (prices.onDemandHourly[type] === undefined) {
        fail(`prices.onDemandHourly.${type}`, `an hourly price (resources.computeEnvironments[${index}] launches ${type})`, undefined);
      }
    }
    if (ce.kind !== 'SPOT') return;
    const discount = spotDiscountOf(prices, ce.name);
    const option = typeof prices.spotDiscount === 'number' ? 'prices.spotDiscount' : `prices.spotDiscount.${ce.name}`;
    if (typeof discount !== 'number' || !Number.isFinite(discount) || discount < 0 || discount >= 1) fail(option, 'a discount from 0 to less than 1', discount);
  });
}

function resolveShapeMix(mix: ShapeMix | undefined, resources: BatchResources): Record<SubmissionShape, number> {
  const weightOf = (shape: SubmissionShape): number => (mix === undefined ? DEFAULT_WORKLOAD_OPTIONS.shapeMix[shape] : (mix[shape] ?? 0));
  const resolved = Object.fromEntries(SUBMISSION_SHAPES.map((shape) => [shape, weightOf(shape)])) as Record<SubmissionShape, number>;
  for (const key of Object.keys(mix ?? {})) {
    if (!(SUBMISSION_SHAPES as readonly string[]).includes(key)) fail(`shapeMix.${key}`, `one of the shapes ${SUBMISSION_SHAPES.join(', ')}`, key);
  }
  let total = 0;
  for (const shape of SUBMISSION_SHAPES) {
    const weight = resolved[shape];
    if (!Number.isFinite(weight) || weight < 0) fail(`shapeMix.${shape}`, 'a non-negative weight', weight);
    total += weight;
    if (weight === 0) continue;
    // A shape with weight needs a definition that serves it and a queue whose environments can run it.
    if (!resources.jobDefinitions.some((definition) => definition.shapes.includes(shape))) {
      fail(`shapeMix.${shape}`, `0, or a job definition in resources.jobDefinitions serving '${shape}'`, weight);
    }
    const kinds = SHAPE_PLATFORMS[shape];
    const environments = new Map(resources.computeEnvironments.map((ce) => [ce.name, ce.kind]));
    const runnable = resources.jobQueues.some((queue) =>
      queue.computeEnvironments.every((name) => {
        const kind = environments.get(name);
        return kind !== undefined && kinds.includes(kind);
      }),
    );
    if (!runnable) fail(`shapeMix.${shape}`, `0, or a job queue of ${kinds.join('/')} compute environments`, weight);
  }
  if (total <= 0) fail('shapeMix', 'at least one positive weight', mix);
  return resolved;
}

/**
 * Applies the defaults and checks every option.
 *
 * @throws WorkloadOptionsError naming the first invalid option, e.g. `jobs: expected a positive integer, found 0`.
 * @example
 * ```ts
 * resolveWorkloadOptions({ jobs: 50 }).seed; // 1
 * ```
 */
export function resolveWorkloadOptions(options: WorkloadOptions = {}): ResolvedWorkloadOptions {
  const jobs = options.jobs ?? DEFAULT_WORKLOAD_OPTIONS.jobs;
  if (!Number.isSafeInteger(jobs) || jobs < 1) fail('jobs', 'a positive integer', options.jobs);
  const seed = options.seed ?? DEFAULT_WORKLOAD_OPTIONS.seed;
  if (!Number.isSafeInteger(seed)) fail('seed', 'an integer', options.seed);
  const start = options.start ?? DEFAULT_WORKLOAD_OPTIONS.start;
  const startMillis = Date.parse(start);
  if (typeof start !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(start) || Number.isNaN(startMillis)) {
    fail('start', 'an ISO 8601 date-time such as 2024-05-01T08:00:00Z', options.start);
  }
  const stuckSituations = resolveSituations(options.stuckSituations);
  const resources = withSituationResources(options.resources ?? DEFAULT_BATCH_RESOURCES, stuckSituations);
  checkResources(resources);
  const prices = options.prices ?? DEFAULT_SIMULATION_PRICES;
  checkPrices(prices, resources);
  return {
    jobs,
    seed,
    start: new Date(startMillis).toISOString(),
    startMillis,
    resources,
    shapeMix: resolveShapeMix(options.shapeMix, resources),
    failureRate: rate('failureRate', options.failureRate, DEFAULT_WORKLOAD_OPTIONS.failureRate),
    duplicateRate: rate('duplicateRate', options.duplicateRate, DEFAULT_WORKLOAD_OPTIONS.duplicateRate),
    reorderRate: rate('reorderRate', options.reorderRate, DEFAULT_WORKLOAD_OPTIONS.reorderRate),
    blockingJobRate: rate('blockingJobRate', options.blockingJobRate, DEFAULT_WORKLOAD_OPTIONS.blockingJobRate),
    dependencyRate: rate('dependencyRate', options.dependencyRate, DEFAULT_WORKLOAD_OPTIONS.dependencyRate),
    spotInterruptionRate: rate('spotInterruptionRate', options.spotInterruptionRate, DEFAULT_WORKLOAD_OPTIONS.spotInterruptionRate),
    spotInterruptionWarnings: options.spotInterruptionWarnings ?? DEFAULT_WORKLOAD_OPTIONS.spotInterruptionWarnings,
    prices,
    agentDisconnectRate: rate('agentDisconnectRate', options.agentDisconnectRate, DEFAULT_WORKLOAD_OPTIONS.agentDisconnectRate),
    nonBatchActivity: options.nonBatchActivity ?? DEFAULT_WORKLOAD_OPTIONS.nonBatchActivity,
    keepFinishedJobs: options.keepFinishedJobs ?? DEFAULT_WORKLOAD_OPTIONS.keepFinishedJobs,
    stuckSituations,
    stuckThresholds: resolveThresholds(options.stuckThresholds),
    instanceActivityEvents: options.instanceActivityEvents ?? stuckSituations.length > 0,
  };
}
