/**
 * The event families batchmon consumes, one EventBridge rule each.
 *
 * @example
 * ```ts
 * if (familyOf(event) === EventFamily.BatchJobStateChange) { ... }
 * ```
 */
export const EventFamily = {
  /** `aws.batch` / `Batch Job State Change`. */
  BatchJobStateChange: 'BatchJobStateChange',
  /** `aws.batch` / `Batch Job Queue Blocked`. */
  BatchJobQueueBlocked: 'BatchJobQueueBlocked',
  /** `aws.ecs` / `ECS Task State Change`. */
  EcsTaskStateChange: 'EcsTaskStateChange',
  /** `aws.ecs` / `ECS Container Instance State Change`. */
  EcsContainerInstanceStateChange: 'EcsContainerInstanceStateChange',
  /** `aws.ecs` CloudTrail `RegisterContainerInstance` and `DeregisterContainerInstance`. */
  EcsContainerInstanceRegistrationCall: 'EcsContainerInstanceRegistrationCall',
  /** `aws.ecs` CloudTrail `RunTask`. */
  EcsRunTaskCall: 'EcsRunTaskCall',
  /** `aws.autoscaling` CloudTrail `CreateAutoScalingGroup`. */
  AutoScalingGroupCreationCall: 'AutoScalingGroupCreationCall',
  /** `aws.batch` CloudTrail `SubmitJob`. */
  BatchJobSubmissionCall: 'BatchJobSubmissionCall',
  /** `aws.batch` CloudTrail `Create`/`Update`/`Delete` of compute environments and job queues. */
  BatchConfigurationCall: 'BatchConfigurationCall',
  /** `aws.autoscaling` / `EC2 Instance Launch Successful`, `… Launch Unsuccessful`, `… Terminate Successful`. */
  AutoScalingInstanceActivity: 'AutoScalingInstanceActivity',
} as const;

/** One of the {@link EventFamily} names. */
export type EventFamily = (typeof EventFamily)[keyof typeof EventFamily];

/** Every family, in a stable order (rules, dashboards and tests iterate over it). */
export const EVENT_FAMILIES: readonly EventFamily[] = Object.values(EventFamily);

/** EventBridge `source` values of the events batchmon consumes. */
export const EventSource = {
  Batch: 'aws.batch',
  Ecs: 'aws.ecs',
  AutoScaling: 'aws.autoscaling',
} as const;

/** EventBridge `detail-type` values of the events batchmon consumes. */
export const DetailType = {
  BatchJobStateChange: 'Batch Job State Change',
  BatchJobQueueBlocked: 'Batch Job Queue Blocked',
  EcsTaskStateChange: 'ECS Task State Change',
  EcsContainerInstanceStateChange: 'ECS Container Instance State Change',
  /** Every CloudTrail-recorded API call arrives with this detail-type, whatever the service. */
  AwsApiCallViaCloudTrail: 'AWS API Call via CloudTrail',
  /** An Auto Scaling group launched an instance (EC2 Auto Scaling event reference, "Successful scaling events"). */
  Ec2InstanceLaunchSuccessful: 'EC2 Instance Launch Successful',
  /** An Auto Scaling group failed to launch an instance; `StatusMessage` says why ("Unsuccessful scaling events"). */
  Ec2InstanceLaunchUnsuccessful: 'EC2 Instance Launch Unsuccessful',
  /** An Auto Scaling group terminated an instance. */
  Ec2InstanceTerminateSuccessful: 'EC2 Instance Terminate Successful',
} as const;

/** CloudTrail `eventSource` values (the service endpoint that recorded the call). */
export const CloudTrailEventSource = {
  Ecs: 'ecs.amazonaws.com',
  AutoScaling: 'autoscaling.amazonaws.com',
  Batch: 'batch.amazonaws.com',
} as const;

/** CloudTrail `eventName` values (the API action) batchmon listens for. */
export const CloudTrailEventName = {
  RegisterContainerInstance: 'RegisterContainerInstance',
  DeregisterContainerInstance: 'DeregisterContainerInstance',
  RunTask: 'RunTask',
  CreateAutoScalingGroup: 'CreateAutoScalingGroup',
  SubmitJob: 'SubmitJob',
  CreateComputeEnvironment: 'CreateComputeEnvironment',
  UpdateComputeEnvironment: 'UpdateComputeEnvironment',
  DeleteComputeEnvironment: 'DeleteComputeEnvironment',
  CreateJobQueue: 'CreateJobQueue',
  UpdateJobQueue: 'UpdateJobQueue',
  DeleteJobQueue: 'DeleteJobQueue',
} as const;
