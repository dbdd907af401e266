import type { BatchResources } from '../batch-resources/batch-resources';
import { DEFAULT_BATCH_RESOURCES } from '../batch-resources/default-resources';
import type { WorkloadOptions } from './workload-options';

/**
 * The default account plus a Fargate job definition on Graviton (`runtimePlatform.cpuArchitecture`
 * `ARM64`), so that one workload holds every purchase option the cost truth tells apart: EC2
 * On-Demand (`ondemand-ec2`), EC2 Spot mixing x86 and Arm types (`spot-ec2`, first in the
 * `standard` queue, On-Demand behind it), Fargate x86 and Fargate Arm (`fargate`), and EKS.
 */
export const MIXED_PURCHASE_RESOURCES: BatchResources = {
  ...DEFAULT_BATCH_RESOURCES,
  jobDefinitions: [
    ...DEFAULT_BATCH_RESOURCES.jobDefinitions,
    {
      name: 'api-report-arm',
      revisions: [2],
      shapes: ['fargate'],
      vcpus: 1,
      memory: 2048,
      medianRunSeconds: 120,
      attempts: 2,
      image: 'public.ecr.aws/amazonlinux/amazonlinux:2023',
      cpuArchitecture: 'ARM64',
    },
  ],
};

/**
 * The smallest account where a Spot reclaim shows: a Spot compute environment of `m5.large` in one
 * zone first in the `standard` queue, an On-Demand one behind it, and one job definition allowing
 * two attempts.
 */
export const SINGLE_SPOT_RECLAIM_RESOURCES: BatchResources = {
  computeEnvironments: [
    { name: 'spot-ec2', kind: 'SPOT', instanceTypes: ['m5.large'], availabilityZones: ['us-east-1a'], maxvCpus: 4 },
    { name: 'ondemand-ec2', kind: 'EC2', instanceTypes: ['m5.large'], availabilityZones: ['us-east-1b'], maxvCpus: 4 },
  ],
  jobQueues: [{ name: 'standard', priority: 10, computeEnvironments: ['spot-ec2', 'ondemand-ec2'] }],
  jobDefinitions: [
    {
      name: 'etl-extract',
      revisions: [12],
      shapes: ['container'],
      vcpus: 1,
      memory: 2048,
      medianRunSeconds: 900,
      attempts: 2,
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/etl:2024.05',
    },
  ],
};

/**
 * GPU capacity: On-Demand and Spot compute environments of `g4dn` instances (one NVIDIA GPU each),
 * Spot first in the `gpu` queue, running GPU training jobs (1 GPU, 3 vCPUs: the GPU is their
 * dominant share) beside CPU-only preprocessing jobs, which leave the instance's GPU idle.
 */
export const GPU_RESOURCES: BatchResources = {
  computeEnvironments: [
    { name: 'gpu-spot', kind: 'SPOT', instanceTypes: ['g4dn.xlarge', 'g4dn.2xlarge'], availabilityZones: ['us-east-1a', 'us-east-1b'], maxvCpus: 64 },
    { name: 'gpu-ondemand', kind: 'EC2', instanceTypes: ['g4dn.xlarge', 'g4dn.2xlarge'], availabilityZones: ['us-east-1a', 'us-east-1c'], maxvCpus: 64 },
  ],
  jobQueues: [{ name: 'gpu', priority: 10, computeEnvironments: ['gpu-spot', 'gpu-ondemand'] }],
  jobDefinitions: [
    {
      name: 'train-gpu',
      revisions: [7],
      shapes: ['container'],
      vcpus: 3,
      memory: 12288,
      gpus: 1,
      medianRunSeconds: 900,
      attempts: 3,
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/trainer-cuda:12.4',
    },
    {
      name: 'preprocess',
      revisions: [2],
      shapes: ['container'],
      vcpus: 1,
      memory: 4096,
      medianRunSeconds: 120,
      attempts: 2,
      image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/preprocess:2024.05',
    },
  ],
};

/** Named workloads scenarios ask for by name; each is a set of {@link WorkloadOptions} to spread. */
export const WORKLOAD_PRESETS = {
  /** Every stuck-job situation (`situations/`), beside a small regular workload. */
  'stuck-situations': { jobs: 80, stuckSituations: 'all' },
  /** The default workload (every option at its default). */
  default: {},
  /**
   * Spot with reclaims: the mixed-purchase account, half of the Spot instances reclaimed some
   * minutes after they register, each announced by an `EC2 Spot Instance Interruption Warning`
   * two minutes before its running attempts end with `Host EC2 (instance i-…) terminated.` and
   * their jobs retry on other instances (per their retry strategy).
   */
  'spot-reclaims': {
    resources: MIXED_PURCHASE_RESOURCES,
    spotInterruptionRate: 0.5,
    spotInterruptionWarnings: true,
    shapeMix: { container: 0.7, multiContainer: 0.05, array: 0.08, multiNode: 0.02, fargate: 0.12, eks: 0.03 },
  },
  /**
   * GPU capacity ({@link GPU_RESOURCES}): instances register their GPUs (`GPU` resources), training
   * jobs request one (`resourceRequirements` type `GPU`), Spot reclaims announced by warnings.
   */
  'gpu-capacity': {
    resources: GPU_RESOURCES,
    shapeMix: { container: 1 },
    blockingJobRate: 0,
    spotInterruptionRate: 0.2,
    spotInterruptionWarnings: true,
  },
  /**
   * One job whose first attempt runs on a Spot instance that EC2 reclaims (warning, two minutes,
   * `Host EC2 (instance i-…) terminated.`, deregistration) and whose retry succeeds on another
   * instance; nothing else happens (no failures, no other team's ECS activity, no other reclaim):
   * its seed is one where this is so. `npm run simulate -- --preset single-spot-reclaim` writes the
   * capture-like fixture of the Spot-reclaim replay story
   * (`tools/scenarios/src/__fixtures__/spot-reclaim-with-retry.simulated.jsonl`, described in the
   * spec beside it).
   */
  'single-spot-reclaim': {
    jobs: 1,
    seed: 3,
    resources: SINGLE_SPOT_RECLAIM_RESOURCES,
    shapeMix: { container: 1 },
    failureRate: 0,
    blockingJobRate: 0,
    dependencyRate: 0,
    agentDisconnectRate: 0,
    nonBatchActivity: false,
    spotInterruptionRate: 0.5,
    spotInterruptionWarnings: true,
  },
} as const satisfies Readonly<Record<string, WorkloadOptions>>;

/** The name of a {@link WORKLOAD_PRESETS} entry. */
export type WorkloadPreset = keyof typeof WORKLOAD_PRESETS;

/**
 * A preset's options with `overrides` on top.
 *
 * @example
 * ```ts
 * simulateWorkload(workloadPreset('spot-reclaims', { jobs: 400, seed: 3, prices: BUNDLED_PRICES }));
 * ```
 */
export function workloadPreset(preset: WorkloadPreset, overrides: WorkloadOptions = {}): WorkloadOptions {
  return { ...WORKLOAD_PRESETS[preset], ...overrides };
}
