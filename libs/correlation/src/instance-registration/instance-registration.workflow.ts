import type { StateMachineDefinition } from '../asl/asl';
import { TRANSIENT_RETRY, num, sendMetricMessage, type PartitionResources, str, updateItem } from '../asl/integrations';
import { WRITER_EXECUTION, ownMarkChoice } from '../failures/writer-mark';
import { describeInstance, type Retention } from '../instances/describe-instance';
import { IDENTITY_NAMES, INSTANCES_TABLE, identityValues, setIdentity } from '../instances/instance-item';
import { buildMessage } from '../records/metric-records';
import { SEND_STATE, requireFields, skip, type RequiredField } from '../records/skips';
import { WORKFLOW_NAMES } from '../workflow-names';

/** What the InstanceRegistration workflow writes to. */
export interface InstanceRegistrationResources extends PartitionResources {
  readonly instancesTable: string;
  readonly metricsQueueUrl: string;
}

/** Default retention of instance items. */
export const DEFAULT_INSTANCE_RETENTION: Retention = { afterDeregistrationDays: 7, afterRegistrationDays: 90 };

const W = WORKFLOW_NAMES.instanceRegistration;
/**
 * What a registration or a deregistration call must carry to be recorded: the time, the cluster
 * (the compute environment dimension) and the instance's ARN (the item's key). Everything else the
 * metrics read (AZ, instance type, architecture, EC2 instance id, resources) defaults to `unknown`
 * or 0 when the record lacks it.
 */
const CALL_FIELDS: readonly RequiredField[] = [
  { path: '$.time', label: 'time' },
  { path: '$.detail.requestParameters.cluster', label: 'cluster' },
  { path: '$.detail.responseElements.containerInstance.containerInstanceArn', label: 'container instance ARN' },
];
const instanceKey = { [INSTANCES_TABLE.partitionKey]: str('$.instance.containerInstanceArn') };
const placementDimensions = {
  ComputeEnvironment: '$.instance.computeEnvironment',
  AvailabilityZone: '$.instance.availabilityZone',
  InstanceType: '$.instance.instanceType',
} as const;
const instanceProperties = {
  containerInstanceArn: '$.instance.containerInstanceArn',
  ec2InstanceId: '$.instance.ec2InstanceId',
  cluster: '$.instance.cluster',
} as const;

/**
 * InstanceRegistration: CloudTrail RegisterContainerInstance / DeregisterContainerInstance calls of
 * Batch-managed clusters → the instances table (container instance ARN → EC2 instance, cluster,
 * compute environment, AZ, instance type, CPU architecture, AMI, registered CPU and memory) and
 * registration/deregistration metrics.
 *
 * Idempotent: a registration (or deregistration) delivered twice is counted once: the first
 * execution to record it leaves its mark (`registeredBy`, `deregisteredBy`), written only if
 * absent, and a repeated delivery, finding another execution's mark, is counted as skipped — while
 * a retry of an execution whose write had committed finds its own and counts. No write fails on a
 * routine duplicate, so none logs an ERROR-level TaskFailed record.
 * An instance item may be created by either call, whichever arrives first.
 *
 * @example
 * const definition = instanceRegistrationWorkflow({ instancesTable: 'Instances', metricsQueueUrl: url });
 */
export function instanceRegistrationWorkflow(
  resources: InstanceRegistrationResources,
  retention: Retention = DEFAULT_INSTANCE_RETENTION,
): StateMachineDefinition {
  return {
    Comment: 'Ties ECS container instances of Batch compute environments to their EC2 instance, AZ and type.',
    StartAt: 'Did the API call succeed?',
    TimeoutSeconds: 60,
    States: {
      'Did the API call succeed?': {
        Type: 'Choice',
        Comment: 'A failed call (errorCode present) registered nothing.',
        Choices: [{ Variable: '$.detail.errorCode', IsPresent: true, Next: 'Skip: the API call failed' }],
        Default: 'Does the record name its call?',
      },
      'Skip: the API call failed': skip(W, 'api-call-failed'),
      // A Choice comparing a field that is absent fails the execution: guard the call's name first.
      ...requireFields(W, 'Does the record name its call?', [{ path: '$.detail.eventName', label: 'call name' }], 'Which call is it?'),
      'Which call is it?': {
        Type: 'Choice',
        Choices: [
          { Variable: '$.detail.eventName', StringEquals: 'RegisterContainerInstance', Next: 'Is the registration complete?' },
          {
            Variable: '$.detail.eventName',
            StringEquals: 'DeregisterContainerInstance',
            Next: 'Is the deregistration complete?',
          },
        ],
        Default: 'Skip: not a registration call',
      },
      'Skip: not a registration call': skip(W, 'unsupported-api-call'),

      ...requireFields(
        W,
        'Is the registration complete?',
        CALL_FIELDS,
        'Describe the registered instance',
      ),
      'Describe the registered instance': describeInstance(retention, 'Save the registered instance'),
      'Save the registered instance': updateItem(
        resources.partition,
        {
          TableName: resources.instancesTable,
          Key: instanceKey,
          UpdateExpression:
            `SET ${setIdentity('overwrite')}, registeredCpu = :registeredCpu, registeredMemory = :registeredMemory, ` +
            'registeredAt = if_not_exists(registeredAt, :time), registeredBy = if_not_exists(registeredBy, :mark), ' +
            'expiresAt = if_not_exists(expiresAt, :expiresAt)',
          ExpressionAttributeNames: IDENTITY_NAMES,
          ExpressionAttributeValues: {
            ...identityValues('$.instance'),
            ':registeredCpu': num('$.instance.n.registeredCpu'),
            ':registeredMemory': num('$.instance.n.registeredMemory'),
            ':time': str('$.time'),
            ':mark': { 'S.$': WRITER_EXECUTION },
            ':expiresAt': num('$.instance.n.expiresAfterRegistration'),
          },
          ReturnValues: 'UPDATED_NEW',
        },
        {
          Comment:
            'An upsert (the item may already exist from the deregistration or a container instance event) that records the registration’s time and execution only if none is recorded.',
          ResultSelector: { 'by.$': '$.Attributes.registeredBy.S' },
          ResultPath: '$.saved',
          Retry: TRANSIENT_RETRY,
          Next: 'Was the registration recorded by this execution?',
        },
      ),
      'Was the registration recorded by this execution?': ownMarkChoice('$.saved.by', 'Record the registration', 'Skip: the registration was already recorded'),
      'Skip: the registration was already recorded': skip(W, 'duplicate-registration'),
      'Record the registration': buildMessage(
        W,
        [
          {
            metric: 'InstanceRegistrations',
            dimensions: { ...placementDimensions, CpuArchitecture: '$.instance.cpuArchitecture' },
            properties: {
              ...instanceProperties,
              registeredCpu: '$.instance.registeredCpu',
              registeredMemory: '$.instance.registeredMemory',
            },
          },
        ],
        SEND_STATE,
      ),

      ...requireFields(
        W,
        'Is the deregistration complete?',
        CALL_FIELDS,
        'Describe the deregistered instance',
      ),
      'Describe the deregistered instance': describeInstance(retention, 'Mark the instance deregistered'),
      'Mark the instance deregistered': updateItem(
        resources.partition,
        {
          TableName: resources.instancesTable,
          Key: instanceKey,
          UpdateExpression:
            `SET ${setIdentity('fillIn')}, ` +
            'deregisteredAt = if_not_exists(deregisteredAt, :time), deregisteredBy = if_not_exists(deregisteredBy, :mark), ' +
            'expiresAt = :expiresAt',
          ExpressionAttributeNames: IDENTITY_NAMES,
          ExpressionAttributeValues: {
            ...identityValues('$.instance'),
            ':time': str('$.time'),
            ':mark': { 'S.$': WRITER_EXECUTION },
            ':expiresAt': num('$.instance.n.expiresAfterDeregistration'),
          },
          ReturnValues: 'ALL_NEW',
        },
        {
          Comment:
            'Keeps what the registration recorded (if_not_exists), records the deregistration’s time and execution only if none is recorded, and sets the expiry; returns the item so the metric carries the placement the instance registered with.',
          ResultSelector: {
            'computeEnvironment.$': '$.Attributes.computeEnvironment.S',
            'availabilityZone.$': '$.Attributes.availabilityZone.S',
            'instanceType.$': '$.Attributes.instanceType.S',
            'by.$': '$.Attributes.deregisteredBy.S',
          },
          ResultPath: '$.saved',
          Retry: TRANSIENT_RETRY,
          Next: 'Was the deregistration recorded by this execution?',
        },
      ),
      'Was the deregistration recorded by this execution?': ownMarkChoice('$.saved.by', 'Record the deregistration', 'Skip: the deregistration was already recorded'),
      'Skip: the deregistration was already recorded': skip(W, 'duplicate-deregistration'),
      'Record the deregistration': buildMessage(
        W,
        [
          {
            metric: 'InstanceDeregistrations',
            dimensions: {
              ComputeEnvironment: '$.saved.computeEnvironment',
              AvailabilityZone: '$.saved.availabilityZone',
              InstanceType: '$.saved.instanceType',
            },
            properties: instanceProperties,
          },
        ],
        SEND_STATE,
      ),

      [SEND_STATE]: sendMetricMessage(resources.metricsQueueUrl, resources.partition),
    },
  };
}
