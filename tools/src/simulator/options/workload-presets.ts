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

/** Named workloads scenarios ask for by name; each is a set of {@link WorkloadOptions} to spread. */
export const WORKLOAD_PRESETS = {
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
