/**
 * @packageDocumentation
 * batchmon's event contract: for each EventBridge event family, the schema (runtime validator), the
 * type inferred from it, the rule pattern, and builders of realistic events; plus name normalisation
 * for Batch resources and a single validation entry point.
 */

// Families, EventBridge vocabulary and rule patterns
export {
  EventFamily,
  EVENT_FAMILIES,
  EventSource,
  DetailType,
  CloudTrailEventSource,
  CloudTrailEventName,
} from './eventbridge/event-families';
export type { EventPattern, EventPatternFilter } from './eventbridge/event-pattern';
export { batchClusterArnFilters, batchClusterNameOrArnFilters } from './eventbridge/event-pattern';
export { CLOUDTRAIL_REDACTED } from './eventbridge/event-envelope';
export { eventPatterns, eventSchemas } from './event-catalog/event-catalog';
export type { BatchmonEvent, EventOfFamily } from './event-catalog/event-catalog';

// Batch resource names
export {
  clusterName,
  computeEnvironmentName,
  isBatchCluster,
  jobDefinitionName,
  jobQueueName,
  BATCH_CLUSTER_NAME_PATTERNS,
} from './batch-names/batch-names';

// Batch jobs
export { JOB_SHAPES, JOB_STATUSES, TERMINAL_JOB_STATUSES, jobShapeOf, jobStatusSchema } from './batch-jobs/job-detail';
export type { JobShape, JobShapeFields, JobStatus } from './batch-jobs/job-detail';
export { jobStateChangeDetailSchema, jobStateChangePattern, jobStateChangeSchema } from './batch-jobs/job-state-change';
export type { JobStateChange } from './batch-jobs/job-state-change';
export { buildJobStateChange } from './batch-jobs/job-state-change.builder';
export type { JobStateChangeBuildOptions } from './batch-jobs/job-state-change.builder';
export {
  buildJobQueueBlocked,
  jobQueueBlockedDetailSchema,
  jobQueueBlockedPattern,
  jobQueueBlockedSchema,
} from './batch-jobs/job-queue-blocked';
export type { JobQueueBlocked, JobQueueBlockedBuildOptions } from './batch-jobs/job-queue-blocked';

// ECS tasks
export { BatchEnvironmentVariable, batchJobEnvironment } from './ecs-tasks/ecs-task';
export type { BatchJobEnvironment, TaskOverrides } from './ecs-tasks/ecs-task';
export { taskStateChangeDetailSchema, taskStateChangePattern, taskStateChangeSchema } from './ecs-tasks/task-state-change';
export type { TaskStateChange } from './ecs-tasks/task-state-change';
export { TASK_STARTING_STATUSES } from './ecs-tasks/task-state-change';
export { buildTaskStateChange } from './ecs-tasks/task-state-change.builder';
export type { TaskStateChangeBuildOptions } from './ecs-tasks/task-state-change.builder';
export {
  BatchTaskTag,
  buildRunTaskCall,
  runTaskBatchContext,
  runTaskCallDetailSchema,
  runTaskCallPattern,
  runTaskCallSchema,
} from './ecs-tasks/run-task-calls';
export type { RunTaskBatchContext, RunTaskCall, RunTaskCallBuildOptions } from './ecs-tasks/run-task-calls';

// Container instances
export { ContainerInstanceAttribute, containerInstanceFacts } from './container-instances/container-instance';
export type { ContainerInstanceFacts, ContainerInstanceLike } from './container-instances/container-instance';
export {
  containerInstanceStateChangeDetailSchema,
  containerInstanceStateChangePattern,
  containerInstanceStateChangeSchema,
} from './container-instances/container-instance-state-change';
export type { ContainerInstanceStateChange } from './container-instances/container-instance-state-change';
export { buildContainerInstanceStateChange } from './container-instances/container-instance-state-change.builder';
export type { ContainerInstanceStateChangeBuildOptions } from './container-instances/container-instance-state-change.builder';
export {
  buildContainerInstanceRegistrationCall,
  containerInstanceRegistrationCallPattern,
  containerInstanceRegistrationCallSchema,
} from './container-instances/registration-calls';
export type {
  ContainerInstanceRegistrationCall,
  ContainerInstanceRegistrationCallBuildOptions,
} from './container-instances/registration-calls';

// Auto Scaling groups
export {
  BATCH_LAUNCH_TEMPLATE_MARKER,
  batchLaunchTemplateName,
  buildCreateAutoScalingGroupCall,
  createAutoScalingGroupCallPattern,
  createAutoScalingGroupCallSchema,
} from './auto-scaling-groups/create-group-calls';
export type {
  CreateAutoScalingGroupCall,
  CreateAutoScalingGroupCallBuildOptions,
} from './auto-scaling-groups/create-group-calls';

export {
  INSTANCE_ACTIVITY_DETAIL_TYPES,
  LAUNCH_FAILURE_CLASSES,
  LAUNCH_FAILURE_PATTERNS,
  buildInstanceActivity,
  instanceActivityDetailSchema,
  instanceActivityPattern,
  instanceActivitySchema,
  launchFailureClass,
} from './auto-scaling-groups/instance-activity';
export type {
  InstanceActivity,
  InstanceActivityBuildOptions,
  InstanceActivityDetailType,
  LaunchFailureClass,
} from './auto-scaling-groups/instance-activity';
export { BATCH_GROUP_NAME_MARKER, batchInstanceLaunchPattern, computeEnvironmentOfGroup } from './auto-scaling-groups/batch-groups';

// EC2 instance types: the largest job each can hold
export { INSTANCE_FAMILIES, INSTANCE_TYPE_GPUS, INSTANCE_TYPE_KEYWORDS, instanceLimits } from './instance-types/instance-types';
export type { InstanceFamily, InstanceLimits } from './instance-types/instance-types';

// Batch API calls (CloudTrail): submissions and the configuration of compute environments and job queues
export {
  buildSubmitJobCall,
  submitJobCallDetailSchema,
  submitJobCallPattern,
  submitJobCallSchema,
} from './batch-calls/submit-job-calls';
export type { SubmitJobCall, SubmitJobCallBuildOptions } from './batch-calls/submit-job-calls';
export {
  CONFIGURATION_CALL_NAMES,
  buildConfigurationCall,
  configurationCallDetailSchema,
  configurationCallPattern,
  configurationCallSchema,
} from './batch-calls/configuration-calls';
export { DOCUMENTED_CREATE_COMPUTE_ENVIRONMENT_CALL } from './batch-calls/documented-calls';
export type {
  ConfigurationCall,
  ConfigurationCallBuildOptions,
  ConfigurationCallName,
  ConfigurationRequest,
} from './batch-calls/configuration-calls';

// Validation
export { familyOf } from './validation/family-of';
export { validateEvent } from './validation/validate-event';
export { AWS_FACING_FIELDS, MAX_AWS_FACING_LENGTH, awsFacingValueIssues } from './validation/aws-facing-values';
export type { EventValidation, InvalidEvent, ValidEvent } from './validation/validate-event';
export { describeValue } from './validation/describe-issue';
export type { ValidationIssue } from './validation/describe-issue';

// Sample resources the builders use (for scenarios that correlate built events)
export { SAMPLE as SAMPLE_RESOURCES } from './sample-resources/sample-resources';

// Events as AWS published them (documentation samples and public captures), old and new
export { PUBLISHED_EVENTS } from './published-events/published-events';
export type { PublishedEvent } from './published-events/published-events';
