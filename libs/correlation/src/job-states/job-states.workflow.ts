import type { StateMachineDefinition, TaskState } from '../asl/asl';
import { TRANSIENT_RETRY, num, sendMetricMessage, type AttributeMap, type PartitionResources, str, updateItem } from '../asl/integrations';
import { WRITER_EXECUTION } from '../failures/writer-mark';
import { JOBS_TABLE, UNKNOWN } from '../instances/instance-item';
import { LOOK_UP_INSTANCE, lookUpInstance, type InstanceWait } from '../instances/instance-lookup';
import { SEND_STATE, requireFields } from '../records/skips';
import { DEFAULT_JOB_RETENTION, describeJob, type JobRetention } from './describe-job';
import { JOB_METRICS, jobMetrics } from './job-metrics';
import { JOB_EVIDENCE, JOB_REQUIREMENTS } from '../stuck-jobs/job-evidence';
import { jsonataPass } from '../asl/jsonata';
import { WORKFLOW_NAMES } from '../workflow-names';

export { DUPLICATE_TRANSITION, EARLIER_STATES_MISSING, INSTANCE_NOT_REGISTERED, STATE_REENTERED } from './job-metrics';
export { DEFAULT_JOB_RETENTION, type JobRetention } from './describe-job';

/** What the JobStates workflow reads and writes. */
export interface JobStatesResources extends PartitionResources {
  readonly instancesTable: string;
  readonly jobsTable: string;
  readonly metricsQueueUrl: string;
}

export type { InstanceWait };

/**
 * Bounded wait for an unknown instance: three more lookups two seconds apart. The system this
 * replaces looped until the Express 5-minute limit, losing the metric and billing up to 300 s.
 */
export const DEFAULT_INSTANCE_WAIT: InstanceWait = { retries: 3, intervalSeconds: 2 };

/** Options of {@link jobStatesWorkflow}. */
export interface JobStatesOptions {
  readonly wait?: InstanceWait;
  readonly retention?: JobRetention;
}

const W = WORKFLOW_NAMES.jobStates;

/** What a job state's write records besides the state: the instance the event names, and its task. */
interface RememberedPlacement {
  /** The instance's placement (known instances only: an unknown one is not remembered). */
  readonly instance: boolean;
  /** The task the event names: this execution's mark unless the task has one. */
  readonly task: boolean;
}

/**
 * Records the job's state on its item, without a condition: this attempt's entry into the state
 * gets this execution's mark unless it has one (`if_not_exists`), and the job's first entry into
 * the state is kept from whichever attempt got there first. The whole item comes back: the mark on
 * the entry tells whether this execution counts the transition (its own mark: a first delivery, or
 * a retry after its own write had committed) or another one did (a repeated delivery), and the
 * first entries give the durations, whatever order the events arrive in. No write fails on a
 * routine duplicate, so none logs an ERROR-level TaskFailed record.
 *
 * When the event names the job's ECS task, the same write marks the task's attribute
 * (`task#<task id>`, as JobsPlaced does) unless it has a mark: the execution whose mark it holds
 * counts the task placed, once per task whichever of the job's events (or of the task's own,
 * through JobsPlaced) comes first — no extra write, no extra execution.
 *
 * The same write keeps what the live counts read (MinuteLevels' job counts branch): the job's
 * entry into the state is added to its state set (a set union, so a repeated or older event never
 * changes the job's current state, the greatest entry), and the job's queue is kept under `live`
 * while the job has not ended, under `ended` once it has — in the live index exactly while it is
 * live. A job submitted before batchmon was deployed joins at its next event. It also keeps what the
 * job asks for (vCPUs, memory, GPUs), which the diagnosis of stuck jobs compares with its queue's
 * instances.
 */
function rememberState(resources: JobStatesResources, remembered: RememberedPlacement): TaskState {
  const placement: AttributeMap = remembered.instance
    ? {
        ':placement': {
          M: {
            arn: str('$.placement.containerInstanceArn'),
            ec2: str('$.placement.ec2InstanceId'),
            ce: str('$.placement.computeEnvironment'),
            az: str('$.placement.availabilityZone'),
            type: str('$.placement.instanceType'),
          },
        },
      }
    : {};
  return updateItem(
    resources.partition,
    {
      TableName: resources.jobsTable,
      Key: { [JOBS_TABLE.partitionKey]: str('$.detail.jobId') },
      UpdateExpression:
        'SET #stateAt = if_not_exists(#stateAt, :mark), #firstAt = if_not_exists(#firstAt, :first), #expiresAt = :expiresAt, #queue = :queue, #requirements = :requirements' +
        (remembered.instance ? ', #placed = :placement' : '') +
        (remembered.task ? ', #task = if_not_exists(#task, :mark)' : '') +
        ' REMOVE #otherQueue ADD #states :entry',
      ExpressionAttributeNames: {
        '#stateAt.$': '$.job.stateKey',
        '#firstAt.$': '$.job.firstKey',
        '#expiresAt': JOBS_TABLE.timeToLiveAttribute,
        '#queue.$': '$.job.queueAttribute',
        '#otherQueue.$': '$.job.otherQueueAttribute',
        '#states': JOBS_TABLE.stateSetAttribute,
        '#requirements': JOB_EVIDENCE.requirementsAttribute,
        ...(remembered.instance ? { '#placed': JOBS_TABLE.placementAttribute } : {}),
        ...(remembered.task ? { '#task.$': '$.job.taskKey' } : {}),
      },
      ExpressionAttributeValues: {
        ':mark': { 'S.$': WRITER_EXECUTION },
        ':first': { M: { t: num('$.job.n.timeMs'), a: num('$.job.n.attempt') } },
        ':expiresAt': num('$.job.n.expiresAt'),
        ':queue': str('$.job.queue'),
        ':requirements': str('$.job.requirements'),
        // The compute environment rides on the entry: a job's current placement is that of its
        // current entry, whatever order the placed events of its attempts arrive in.
        ':entry': { 'SS.$': remembered.instance ? "States.Array(States.Format('{}|{}', $.job.stateEntry, $.placement.computeEnvironment))" : 'States.Array($.job.stateEntry)' },
        ...placement,
      },
      ReturnValues: 'ALL_NEW',
    },
    {
      Comment: 'Returns the whole item: the mark on this attempt’s entry tells who counted it, the first entries give the durations.',
      ResultSelector: { 'attributes.$': '$.Attributes' },
      ResultPath: '$.saved',
      Retry: TRANSIENT_RETRY,
      Next: JOB_METRICS,
    },
  );
}

/**
 * JobStates: every Batch Job State Change → a transition record by state, job queue, job
 * definition and launch type; when the job runs on an ECS container instance (STARTING, RUNNING,
 * SUCCEEDED, FAILED), the instance is looked up in the instances table and the record also carries
 * its compute environment, AZ and instance type. An instance that is not known after a bounded
 * wait yields `unknown` placement and an `UncorrelatedEvents` count with the reason.
 *
 * The jobs table keeps, per job, when each attempt entered each state and when the job first
 * entered each state: a transition delivered twice is counted once (the execution that counted it
 * leaves its mark; a repeated delivery is skipped as `duplicate-transition`); a retry attempt re-entering a state the job already entered is not a new
 * transition (the catalog counts once per job and state; skipped as `state-reentered`); and the
 * durations (RUNNABLE wait, start-up, run time, total, scheduling efficiency) are measured from the
 * first entries, whatever the order of arrival.
 *
 * The same write places the job's ECS task: a STARTING, RUNNING, SUCCEEDED or FAILED event that
 * names the task on its container instance counts it in `JobsPlaced` (by AZ, instance type, compute
 * environment, queue and launch type) if no other execution has — once per task, so a retry attempt
 * (a new task) counts again. JobsPlaced, whose rule now takes only the tasks on no container
 * instance (Fargate), marks the same attribute: a task reaching both workflows still counts once.
 *
 * Single-container jobs carry the instance in `container`; multi-container jobs in
 * `ecsProperties.taskProperties[0]`; multi-node nodes in their own `container` (the main node is
 * marked by `NodeRole`). Fargate and EKS jobs, and array and multi-node parents, have no container
 * instance: they are counted by queue, definition and launch type.
 *
 * @example
 * const definition = jobStatesWorkflow({ instancesTable: 'Instances', jobsTable: 'Jobs', metricsQueueUrl: url });
 */
export function jobStatesWorkflow(resources: JobStatesResources, options: JobStatesOptions = {}): StateMachineDefinition {
  const wait = options.wait ?? DEFAULT_INSTANCE_WAIT;
  return {
    Comment:
      'Counts Batch job state transitions and durations by queue and definition, and by the instance each job runs on; counts each ECS task on an instance placed once.',
    StartAt: 'Is the job state change complete?',
    TimeoutSeconds: 60,
    States: {
      // Only what the transition record and the job item cannot do without. Not `jobArn`: it is only
      // a property of the records, and older events lack it (the AWS Batch User Guide's sample event
      // of 2017, shown until 2021, has none).
      ...requireFields(
        W,
        'Is the job state change complete?',
        [
          { path: '$.time', label: 'time' },
          { path: '$.detail.jobId', label: 'job id' },
          { path: '$.detail.status', label: 'status' },
          { path: '$.detail.jobQueue', label: 'job queue' },
          { path: '$.detail.jobDefinition', label: 'job definition' },
        ],
        'Describe the job',
      ),
      'Describe the job': describeJob(options.retention ?? DEFAULT_JOB_RETENTION, 'What does the job ask for?'),
      'What does the job ask for?': jsonataPass(
        `( $e := $states.input; $d := $e.detail; $merge([$e, { 'job': $merge([$e.job, { 'requirements': ${JOB_REQUIREMENTS} }]) }]) )`,
        'Does the job run on a container instance?',
      ),
      'Does the job run on a container instance?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.job.containerInstanceArn', IsPresent: true, Next: LOOK_UP_INSTANCE }],
        Default: 'Note that the job is on no instance',
      },
      'Note that the job is on no instance': {
        Type: 'Pass',
        Comment: 'Not placed yet, or never on an ECS container instance (Fargate, EKS, array and multi-node parents).',
        Result: { status: 'none' },
        ResultPath: '$.placement',
        Next: 'Remember the job’s state',
      },
      ...lookUpInstance({
        table: resources.instancesTable,
        partition: resources.partition,
        containerInstanceArn: '$.job.containerInstanceArn',
        attributes: ['computeEnvironment', 'availabilityZone', 'instanceType', 'ec2InstanceId'],
        wait,
        whenKnown: 'Take the instance’s placement',
        whenUnknown: 'Mark the instance unknown',
      }),
      'Take the instance’s placement': {
        Type: 'Pass',
        Parameters: {
          status: 'known',
          'containerInstanceArn.$': '$.job.containerInstanceArn',
          'ec2InstanceId.$': '$.lookup.Item.ec2InstanceId.S',
          'computeEnvironment.$': '$.lookup.Item.computeEnvironment.S',
          'availabilityZone.$': '$.lookup.Item.availabilityZone.S',
          'instanceType.$': '$.lookup.Item.instanceType.S',
        },
        ResultPath: '$.placement',
        Next: 'Does the event name the job’s task?',
      },
      'Mark the instance unknown': {
        Type: 'Pass',
        Parameters: {
          status: 'unknown',
          'containerInstanceArn.$': '$.job.containerInstanceArn',
          computeEnvironment: UNKNOWN,
          availabilityZone: UNKNOWN,
          instanceType: UNKNOWN,
        },
        ResultPath: '$.placement',
        Next: 'Does the event name the job’s task?',
      },
      'Does the event name the job’s task?': {
        Type: 'Choice',
        Comment: 'The task on the instance is counted placed by the first event that names it (see describe-job.ts).',
        Choices: [
          {
            And: [
              { Variable: '$.placement.status', StringEquals: 'known' },
              { Variable: '$.job.taskKey', IsPresent: true },
            ],
            Next: 'Remember the job’s state, instance and task',
          },
          { Variable: '$.placement.status', StringEquals: 'known', Next: 'Remember the job’s state and instance' },
          { Variable: '$.job.taskKey', IsPresent: true, Next: 'Remember the job’s state and task' },
        ],
        Default: 'Remember the job’s state',
      },
      'Remember the job’s state, instance and task': rememberState(resources, { instance: true, task: true }),
      'Remember the job’s state and instance': rememberState(resources, { instance: true, task: false }),
      'Remember the job’s state and task': rememberState(resources, { instance: false, task: true }),
      'Remember the job’s state': rememberState(resources, { instance: false, task: false }),
      ...jobMetrics(),
      [SEND_STATE]: sendMetricMessage(resources.metricsQueueUrl, resources.partition),
    },
  };
}
