import type { StateMachineDefinition } from '../asl/asl';
import { INTEGRATIONS, TRANSIENT_RETRY, sendMetricMessage, str } from '../asl/integrations';
import { INSTANCES_TABLE, UNKNOWN } from '../instances/instance-item';
import { buildMessage } from '../records/metric-records';
import { SEND_STATE, requireFields } from '../records/skips';

/** Name of the workflow, as it appears in metrics (`Workflow` dimension) and in the console. */
export const JOB_STATES = 'JobStates';

/** What the JobStates workflow reads and writes. */
export interface JobStatesResources {
  readonly instancesTable: string;
  readonly metricsQueueUrl: string;
}

/** How long JobStates waits for an instance it does not know yet. */
export interface InstanceWait {
  /** Lookups after the first one. */
  readonly retries: number;
  /** Seconds between lookups. */
  readonly intervalSeconds: number;
}

/**
 * Bounded wait for an unknown instance: three more lookups two seconds apart. The system this
 * replaces looped until the Express 5-minute limit, losing the metric and billing up to 300 s.
 */
export const DEFAULT_INSTANCE_WAIT: InstanceWait = { retries: 3, intervalSeconds: 2 };

/** Reason counted when a placed job's instance was never seen registering. */
export const INSTANCE_NOT_REGISTERED = 'instance-not-registered';

const W = JOB_STATES;
const PLACED_STATES = ['STARTING', 'RUNNING', 'SUCCEEDED', 'FAILED'] as const;

const jobDimensions = {
  State: '$.detail.status',
  JobQueue: '$.detail.jobQueue',
  JobDefinition: '$.detail.jobDefinition',
} as const;
const jobProperties = { jobId: '$.detail.jobId', jobArn: '$.detail.jobArn' } as const;

/**
 * JobStates: every Batch Job State Change → a transition record by state, job queue and job
 * definition; when the job runs on an ECS container instance (STARTING, RUNNING, SUCCEEDED,
 * FAILED), the instance is looked up in the instances table and the record also carries its
 * compute environment, AZ and instance type. An instance that is not known after a bounded wait
 * yields a record with `unknown` placement and an `UncorrelatedEvents` count with the reason.
 *
 * Single-container jobs carry the instance in `container`; multi-container jobs in
 * `ecsProperties.taskProperties[0]` (all tasks of a job attempt share one instance). Fargate and
 * EKS jobs have no container instance: they are counted by queue and definition.
 *
 * @example
 * const definition = jobStatesWorkflow({ instancesTable: 'Instances', metricsQueueUrl: url });
 */
export function jobStatesWorkflow(
  resources: JobStatesResources,
  wait: InstanceWait = DEFAULT_INSTANCE_WAIT,
): StateMachineDefinition {
  const placed = PLACED_STATES.map((state) => ({ Variable: '$.detail.status', StringEquals: state }));
  return {
    Comment: 'Counts Batch job state transitions by queue and definition, and by the instance each job runs on.',
    StartAt: 'Is the job state change complete?',
    TimeoutSeconds: 60,
    States: {
      ...requireFields(
        W,
        'Is the job state change complete?',
        [
          { path: '$.time', label: 'time' },
          { path: '$.detail.jobId', label: 'job id' },
          { path: '$.detail.jobArn', label: 'job ARN' },
          { path: '$.detail.status', label: 'status' },
          { path: '$.detail.jobQueue', label: 'job queue' },
          { path: '$.detail.jobDefinition', label: 'job definition' },
        ],
        'Does the job run on a container instance?',
      ),
      'Does the job run on a container instance?': {
        Type: 'Choice',
        Comment: 'A RUNNABLE job may still carry the instance of a failed earlier attempt: only placed states count.',
        Choices: [
          {
            And: [{ Or: placed }, { Variable: '$.detail.container.containerInstanceArn', IsPresent: true }],
            Next: 'Take the instance of the container',
          },
          {
            And: [{ Or: placed }, { Variable: '$.detail.ecsProperties.taskProperties[0].containerInstanceArn', IsPresent: true }],
            Next: 'Take the instance of the first task',
          },
        ],
        Default: 'Record the transition without placement',
      },
      'Take the instance of the container': {
        Type: 'Pass',
        Parameters: { 'containerInstanceArn.$': '$.detail.container.containerInstanceArn', lookups: 0 },
        ResultPath: '$.placement',
        Next: 'Look up the instance',
      },
      'Take the instance of the first task': {
        Type: 'Pass',
        Parameters: { 'containerInstanceArn.$': '$.detail.ecsProperties.taskProperties[0].containerInstanceArn', lookups: 0 },
        ResultPath: '$.placement',
        Next: 'Look up the instance',
      },
      'Look up the instance': {
        Type: 'Task',
        Resource: INTEGRATIONS.getItem,
        Parameters: {
          TableName: resources.instancesTable,
          Key: { [INSTANCES_TABLE.partitionKey]: str('$.placement.containerInstanceArn') },
          ProjectionExpression: 'computeEnvironment, availabilityZone, instanceType, ec2InstanceId',
        },
        ResultPath: '$.lookup',
        Retry: TRANSIENT_RETRY,
        Next: 'Is the instance known?',
      },
      'Is the instance known?': {
        Type: 'Choice',
        Choices: [
          {
            And: [
              { Variable: '$.lookup.Item.computeEnvironment.S', IsPresent: true },
              { Variable: '$.lookup.Item.availabilityZone.S', IsPresent: true },
              { Variable: '$.lookup.Item.instanceType.S', IsPresent: true },
              { Variable: '$.lookup.Item.ec2InstanceId.S', IsPresent: true },
            ],
            Next: 'Record the transition on its instance',
          },
          {
            Variable: '$.placement.lookups',
            NumericLessThan: wait.retries,
            Next: 'Wait for the instance to register',
          },
        ],
        Default: 'Record the transition on an unknown instance',
      },
      'Wait for the instance to register': {
        Type: 'Wait',
        Comment: 'The registration may be a few seconds behind the job; the wait is bounded by the lookup count.',
        Seconds: wait.intervalSeconds,
        Next: 'Count the lookup',
      },
      'Count the lookup': {
        Type: 'Pass',
        Parameters: {
          'containerInstanceArn.$': '$.placement.containerInstanceArn',
          'lookups.$': 'States.MathAdd($.placement.lookups, 1)',
        },
        ResultPath: '$.placement',
        Next: 'Look up the instance',
      },
      'Record the transition on its instance': buildMessage(
        W,
        [
          {
            metric: 'JobStateTransitions',
            dimensions: {
              ...jobDimensions,
              ComputeEnvironment: '$.lookup.Item.computeEnvironment.S',
              AvailabilityZone: '$.lookup.Item.availabilityZone.S',
              InstanceType: '$.lookup.Item.instanceType.S',
            },
            properties: {
              ...jobProperties,
              containerInstanceArn: '$.placement.containerInstanceArn',
              ec2InstanceId: '$.lookup.Item.ec2InstanceId.S',
            },
          },
        ],
        SEND_STATE,
      ),
      'Record the transition on an unknown instance': buildMessage(
        W,
        [
          {
            metric: 'JobStateTransitions',
            dimensions: {
              ...jobDimensions,
              ComputeEnvironment: UNKNOWN,
              AvailabilityZone: UNKNOWN,
              InstanceType: UNKNOWN,
            },
            properties: { ...jobProperties, containerInstanceArn: '$.placement.containerInstanceArn' },
          },
          {
            metric: 'UncorrelatedEvents',
            dimensions: { Workflow: W, Reason: INSTANCE_NOT_REGISTERED },
            properties: { ...jobProperties, containerInstanceArn: '$.placement.containerInstanceArn' },
          },
        ],
        SEND_STATE,
      ),
      'Record the transition without placement': buildMessage(
        W,
        [{ metric: 'JobStateTransitions', dimensions: jobDimensions, properties: jobProperties }],
        SEND_STATE,
      ),
      [SEND_STATE]: sendMetricMessage(resources.metricsQueueUrl),
    },
  };
}
