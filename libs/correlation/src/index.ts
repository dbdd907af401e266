export type * from './asl/asl';
export {
  INTEGRATIONS,
  TASK_INTEGRATIONS,
  integrationArn,
  integrationArns,
  integrationOf,
  CONDITIONAL_CHECK_FAILED,
  type Integration,
  type PartitionResources,
  type PermissionTarget,
} from './asl/integrations';
export { definitionPermissions, resolvePermissions, type PermissionArns, type ResolvedPermission, type TaskPermission } from './asl/permissions';
export { DELIVERIES_TABLE, INSTANCES_TABLE, JOBS_TABLE, LIVE_INDEX_PROJECTION, UNKNOWN } from './instances/instance-item';
export { DEFAULT_DELIVERY_RETENTION, type DeliveryRetention } from './deliveries/count-once';
export * from './container-instances/container-instance-state.workflow';
export type { Retention } from './instances/describe-instance';
export * from './instance-registration/instance-registration.workflow';
export * from './job-states/job-states.workflow';
export * from './jobs-placed/jobs-placed.workflow';
export { DEFAULT_PLACEMENT_RETENTION } from './jobs-placed/describe-task';
export type { PlacementRetention } from './jobs-placed/describe-task';
export * from './run-task/run-task.workflow';
export { MAX_OTHER_REASON_TEXTS, OTHER_FAILURE_REASON, PUBLISHED_FAILURE_REASON } from './run-task/run-task-records';
export * from './queue-blocked/queue-blocked.workflow';
export * from './asg-monitoring/asg-monitoring.workflow';
export * from './submissions/jobs-submitted.workflow';
export * from './configuration/batch-configuration.workflow';
export {
  COMPUTE_ENVIRONMENT_FIELDS,
  configurationChange,
  CONFIGURATION_KINDS,
  CONFIGURATION_MERGE,
  CONFIGURATION_TABLE,
  DELETED_ATTRIBUTE,
  JOB_QUEUE_FIELDS,
  configurationVersion,
  type ConfigurationField,
  type ConfigurationKind,
} from './configuration/configuration-item';
export { configurationWrite, type AttributeValueJson, type ConfigurationCallInput, type ConfigurationItem, type ConfigurationWrite } from './configuration/configuration-write';
export * from './minute-levels/minute-levels.workflow';
export { CAPACITY_LEVELS_BOUNDS, CapacityLevelsSkip, capacityLevelsBranch, type CapacityLevelsResources } from './minute-levels/capacity-levels';
export { JOB_COUNTS_BOUNDS, JobCountsSkip, LIVE_STATES, PLACED_LIVE_STATES, jobCountsBranch, type JobCountsResources } from './minute-levels/job-counts';
export { SEND_STATE, missingReason } from './records/skips';
export * from './workflows';
export * from './workflow-names';
export { REDRIVE_MARK, WRITER_MARK } from './failures/writer-mark';
export { redriveInput } from './failures/redrive-input';
export { CORRELATE_STATE, MARK_STATE, HAND_OVER_STATE, HAND_OVER_UNCAUGHT_STATE, handFailuresToQueue, type FailedEventMessage, type FailedEventsTarget } from './failures/failed-events';
export { WorkflowDefinitionError } from './errors';
export * from './stuck-jobs/stuck-reasons';
export * from './stuck-jobs/instance-launches.workflow';
export { STUCK_JOBS_BOUNDS, StuckJobsSkip, stuckJobsBranch, type StuckJobsResources } from './stuck-jobs/stuck-jobs';
export { EVIDENCE_BUCKET_MINUTES, EVIDENCE_RETENTION_SECONDS, EVIDENCE_TABLE } from './stuck-jobs/evidence-item';
export { JOB_EVIDENCE } from './stuck-jobs/job-evidence';
export * from './stuck-jobs/task-pulls.workflow';
