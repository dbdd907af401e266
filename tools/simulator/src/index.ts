/**
 * @packageDocumentation
 * The workload simulator: seeded, realistic AWS Batch activity as the EventBridge events batchmon
 * consumes (job states, blocked queues, ECS tasks and container instances, RunTask and
 * registration calls, Auto Scaling group creation, and non-Batch ECS noise), in delivery order with
 * optional duplicates and reordering, together with the ground truth batchmon's metrics must show.
 */
export { simulateWorkload, simulateWorkloadStream, WorkloadStream } from './simulate-workload';
export { WorkloadNotFinishedError } from './errors';
export type { SimulatedWorkload } from './simulate-workload';
export type { SimulatedEvent } from './simulated-event';
export { DEFAULT_WORKLOAD_OPTIONS, resolveWorkloadOptions } from './options/workload-options';
export { WorkloadOptionsError } from './errors';
export type { ResolvedWorkloadOptions, ShapeMix, WorkloadOptions } from './options/workload-options';
export { STUCK_SITUATIONS, SITUATION_JOB_DEFINITIONS, situationComputeEnvironment, situationJobQueue } from './situations/stuck-situations';
export type { StuckSituation } from './situations/stuck-situations';
export { RUNNABLE_STUCK_REASONS, STARTING_STUCK_REASONS } from './ground-truth/stuck-jobs';
export type {
  RunnableStuckReason,
  StartingStuckReason,
  StuckJob,
  StuckJobEvidence,
  StuckReason,
  StuckThresholds,
} from './ground-truth/stuck-jobs';
export { DEFAULT_BATCH_RESOURCES } from './batch-resources/default-resources';
export { INSTANCE_TYPES } from './batch-resources/instance-types';
export type { InstanceTypeSpec } from './batch-resources/instance-types';
export { SUBMISSION_SHAPES } from './batch-resources/batch-resources';
export type {
  BatchResources,
  ComputeEnvironmentKind,
  ComputeEnvironmentSpec,
  JobDefinitionSpec,
  JobQueueSpec,
  SubmissionShape,
} from './batch-resources/batch-resources';
export { tally, total } from './ground-truth/ground-truth';
export { STRANDED_FRACTION, sumRows } from './ground-truth/cost-truth';
export type {
  AttemptTruth,
  CapacityRow,
  CostTotals,
  CostTruth,
  InstanceEnd,
  InstanceTruth,
  JobCostRow,
  JobCostTruth,
  ResourceAmounts,
  SpotInterruptionRow,
} from './ground-truth/cost-truth';
export { DEFAULT_SIMULATION_PRICES, fargateHourlyPrice, instanceHourlyPrice, purchaseOptionOf } from './pricing/simulation-prices';
export type { FargateRates, PurchaseOption, SimulationPrices } from './pricing/simulation-prices';
export { GPU_RESOURCES, MIXED_PURCHASE_RESOURCES, SINGLE_SPOT_RECLAIM_RESOURCES, WORKLOAD_PRESETS, workloadPreset } from './options/workload-presets';
export type { WorkloadPreset } from './options/workload-presets';
export { EC2_SOURCE, SPOT_INTERRUPTION_WARNING, isSpotInterruptionWarning, renderSpotInterruptionWarning } from './events/spot-interruption-warnings';
export type { SpotInterruptionWarning } from './events/spot-interruption-warnings';
export { SPOT_WARNING_LEAD_MS } from './compute/spot-interruptions';
export type {
  BlockedQueueCount,
  FinishedJob,
  GroundTruth,
  InstanceCount,
  JobStateCount,
  LiveJobCount,
  LiveJobsMinute,
  PlacedJobCount,
  PlacementFailureCount,
  RunTaskCallCount,
} from './ground-truth/ground-truth';
export { SeededRandom } from './randomness/seeded-random';
export { writeWorkload } from './command-line/write-workload';
export type { WrittenWorkload } from './command-line/write-workload';
export { parseSimulateArguments, SIMULATE_USAGE } from './command-line/simulate-arguments';
export { UsageError } from './errors';
export type { SimulateCommand } from './command-line/simulate-arguments';
