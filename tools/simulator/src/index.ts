/**
 * @packageDocumentation
 * The workload simulator: seeded, realistic AWS Batch activity as the EventBridge events batchmon
 * consumes (job states, blocked queues, ECS tasks and container instances, RunTask and
 * registration calls, Auto Scaling group creation, and non-Batch ECS noise), in delivery order with
 * optional duplicates and reordering, together with the ground truth batchmon's metrics must show.
 */
export { simulateWorkload, simulateWorkloadStream, WorkloadNotFinishedError, WorkloadStream } from './simulate-workload';
export type { SimulatedWorkload } from './simulate-workload';
export type { SimulatedEvent } from './simulated-event';
export { DEFAULT_WORKLOAD_OPTIONS, resolveWorkloadOptions, WORKLOAD_PRESETS, WorkloadOptionsError } from './options/workload-options';
export type { ResolvedWorkloadOptions, ShapeMix, WorkloadOptions, WorkloadPreset } from './options/workload-options';
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
export { parseSimulateArguments, SIMULATE_USAGE, UsageError } from './command-line/simulate-arguments';
export type { SimulateCommand } from './command-line/simulate-arguments';
