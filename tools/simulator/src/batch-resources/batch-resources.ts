import type { JobShape } from '@batchmon/event-schemas';

/**
 * How a compute environment provides capacity:
 * - `EC2` / `SPOT`: an Auto Scaling group of container instances in a Batch-managed ECS cluster;
 * - `FARGATE`: ECS tasks without container instances;
 * - `EKS`: pods on nodes of an Amazon EKS cluster (no ECS events at all).
 */
export type ComputeEnvironmentKind = 'EC2' | 'SPOT' | 'FARGATE' | 'EKS';

/** A managed compute environment of the simulated account. */
export interface ComputeEnvironmentSpec {
  readonly name: string;
  readonly kind: ComputeEnvironmentKind;
  /** Instance types it may launch (EC2 and SPOT only; see `INSTANCE_TYPES`). */
  readonly instanceTypes: readonly string[];
  /** Availability Zones of its subnets. */
  readonly availabilityZones: readonly string[];
  /** Capacity ceiling in vCPUs: instances (EC2/SPOT) or concurrent tasks/pods (FARGATE/EKS). */
  readonly maxvCpus: number;
  /**
   * Name format of the ECS cluster Batch created for it: `current` is `AWSBatch-<ce>-<uuid>`,
   * `legacy` is `<ce>_Batch_<uuid>` (compute environments created years ago keep it).
   * @default 'current'
   */
  readonly clusterNameFormat?: 'current' | 'legacy';
}

/** A job queue and the compute environments it feeds, in order of preference. */
export interface JobQueueSpec {
  readonly name: string;
  /** Higher is scheduled first when queues share a compute environment. */
  readonly priority: number;
  readonly computeEnvironments: readonly string[];
}

/** The shapes a submission can take; `array` submits a parent and its children. */
export type SubmissionShape = Exclude<JobShape, 'arrayParent' | 'arrayChild'> | 'array';

/** Every {@link SubmissionShape}. */
export const SUBMISSION_SHAPES: readonly SubmissionShape[] = ['container', 'multiContainer', 'array', 'multiNode', 'fargate', 'eks'];

/** A job definition and what its jobs need and do. */
export interface JobDefinitionSpec {
  readonly name: string;
  /** Revisions jobs are submitted with (old ones stay in use for a while after re-registration). */
  readonly revisions: readonly number[];
  /** Submission shapes this definition serves (e.g. a container definition also serves array jobs). */
  readonly shapes: readonly SubmissionShape[];
  /** vCPUs of one job (of one node for multi-node jobs; of all containers for multi-container jobs). */
  readonly vcpus: number;
  /** Memory in MiB, counted the same way as `vcpus`. */
  readonly memory: number;
  /** Median run time in seconds; actual run times are log-normal around it. */
  readonly medianRunSeconds: number;
  /** Attempts allowed by the retry strategy. @default 1 */
  readonly attempts?: number;
  /** Container image. */
  readonly image: string;
}

/** The simulated account: its compute environments, queues and job definitions. */
export interface BatchResources {
  readonly computeEnvironments: readonly ComputeEnvironmentSpec[];
  readonly jobQueues: readonly JobQueueSpec[];
  readonly jobDefinitions: readonly JobDefinitionSpec[];
}
