import type { State, StateMachineDefinition, TaskState } from '../asl/asl';
import { CONDITIONAL_CHECK_FAILED, TRANSIENT_RETRY, getItem, num, sendMetricMessage, type PartitionResources, str, updateItem, withNumberTexts } from '../asl/integrations';
import { jsonataPass } from '../asl/jsonata';
import { OWN_MARKS_JSONATA, WRITER_EXECUTION } from '../failures/writer-mark';
import { DEFAULT_INSTANCE_RETENTION } from '../instance-registration/instance-registration.workflow';
import { instanceBindings, type Retention } from '../instances/describe-instance';
import { IDENTITY_NAMES, INSTANCES_TABLE, identityValues, setIdentity } from '../instances/instance-item';
import { SEND_STATE, requireFields, skip } from '../records/skips';
import { WORKFLOW_NAMES } from '../workflow-names';

/** What the ContainerInstanceState workflow reads and writes. */
export interface ContainerInstanceStateResources extends PartitionResources {
  readonly instancesTable: string;
  readonly metricsQueueUrl: string;
}

/** Skip reasons of ContainerInstanceState. */
export const ContainerInstanceStateSkip = {
  /** The instance's item holds this change or a newer one, applied by another execution. */
  StaleOrDuplicate: 'stale-or-duplicate-version',
} as const;

const W = WORKFLOW_NAMES.containerInstanceState;
const CAPACITY = INSTANCES_TABLE.capacityAttribute;
/** The state an execution ends in once the instance item holds the change. */
const SAVED_STATE = 'The instance holds the change';
/** Container instance statuses whose resources count as capacity of the compute environment. */
export const CAPACITY_STATUSES = ['ACTIVE', 'DRAINING'] as const;

/** JSONata: the instance's capacity as this event tells, into `$.capacity`. */
function describeCapacity(retention: Retention, next: string) {
  const expression = `(
  $event := $states.input;
  $d := $event.detail;
  ${instanceBindings('$d', '$d.clusterArn')}
  $counts := $d.status in [${CAPACITY_STATUSES.map((s) => `'${s}'`).join(', ')}];
  $registeredCpu := $resource($d.registeredResources, 'CPU');
  $registeredMemory := $resource($d.registeredResources, 'MEMORY');
  $remainingCpu := $exists(($d.remainingResources[name = 'CPU'])[0].integerValue) ? $resource($d.remainingResources, 'CPU') : $registeredCpu;
  $remainingMemory := $exists(($d.remainingResources[name = 'MEMORY'])[0].integerValue) ? $resource($d.remainingResources, 'MEMORY') : $registeredMemory;
  $merge([$event, { 'capacity': ${withNumberTexts(`{
    'ec2InstanceId': $exists($d.ec2InstanceId) ? $string($d.ec2InstanceId) : 'unknown',
    'cluster': $clusterName,
    'computeEnvironment': $computeEnvironment,
    'availabilityZone': $attribute('ecs.availability-zone'),
    'instanceType': $attribute('ecs.instance-type'),
    'cpuArchitecture': $attribute('ecs.cpu-architecture'),
    'amiId': $attribute('ecs.ami-id'),
    'version': $type($d.version) = 'number' ? $d.version : 0,
    'registeredCpu': $registeredCpu,
    'registeredMemory': $registeredMemory,
    'remainingCpu': $remainingCpu,
    'remainingMemory': $remainingMemory,
    'counts': $counts,
    'capacity': $join([$attribute('ecs.instance-type'), $attribute('ecs.availability-zone'), $string($registeredCpu), $string($registeredMemory), $string($remainingCpu), $string($remainingMemory)], '|'),
    'expiresAt': $seconds + ($counts ? ${retention.afterRegistrationDays * 86400} : ${retention.afterDeregistrationDays * 86400})
  }`, ['version', 'expiresAt'])} }])
)`;
  return jsonataPass(expression, next);
}

/**
 * JSONata: whether this event's change is newer than the one the item holds (`newer`: save it),
 * the one this execution saved already (`own`: a retry after its write had committed), or older or
 * the same from another execution (`stale`: a repeated or late delivery). ECS increments `version`
 * at every change of the instance ("Amazon ECS events": duplicates carry the same version).
 * Counts the reads, so that a write whose condition failed (a newer change saved in between) is
 * decided on a consistent re-read, never tried again.
 */
function compareWithSaved(next: string) {
  const expression = `(
  $e := $states.input;
  $saved := $e.saved.Item;
  $version := $exists($saved.capacityVersion.N) ? $number($saved.capacityVersion.N) : -1;
  $reads := ($exists($e.reads) ? $e.reads : 0) + 1;
  $merge([$e, { 'reads': $reads, 'change': (
    $e.capacity.version > $version ? ($reads = 1 ? 'newer' : 'stale') :
    ($e.capacity.version = $version and $saved.capacityBy.S in ${OWN_MARKS_JSONATA}) ? 'own' : 'stale'
  ) }])
)`;
  return jsonataPass(expression, next);
}

/**
 * Saves the change on the instance item, if it is newer than the one there (the condition only
 * fails when another execution saved a newer change since the read: rare, and decided on a
 * re-read). A counting instance gets `cap`, its capacity, which the MinuteLevels workflow sums
 * every minute; an instance that stops counting loses it.
 */
function saveChange(resources: ContainerInstanceStateResources, counting: boolean): TaskState {
  return updateItem(
    resources.partition,
    {
      TableName: resources.instancesTable,
      Key: { [INSTANCES_TABLE.partitionKey]: str('$.detail.containerInstanceArn') },
      UpdateExpression:
        `SET ${setIdentity('fillIn')}, #status = :status, capacityVersion = :version, capacityBy = :mark, expiresAt = :expiresAt` +
        (counting ? `, ${CAPACITY} = :capacity` : ` REMOVE ${CAPACITY}`),
      ConditionExpression: 'attribute_not_exists(capacityVersion) OR capacityVersion < :version',
      ExpressionAttributeNames: { ...IDENTITY_NAMES, '#status': 'status' },
      ExpressionAttributeValues: {
        ...identityValues('$.capacity'),
        ':status': str('$.detail.status'),
        ':version': num('$.capacity.n.version'),
        ':mark': { 'S.$': WRITER_EXECUTION },
        ':expiresAt': num('$.capacity.n.expiresAt'),
        ...(counting ? { ':capacity': str('$.capacity.capacity') } : {}),
      },
    },
    {
      Comment: counting
        ? 'Fields the registration owns are only filled in when missing; cap is the capacity MinuteLevels sums every minute.'
        : 'Fields the registration owns are only filled in when missing; without cap the instance no longer counts.',
      ResultPath: null,
      Retry: TRANSIENT_RETRY,
      Catch: [{ ErrorEquals: [CONDITIONAL_CHECK_FAILED], Next: 'Read the change saved since', ResultPath: null }],
      Next: SAVED_STATE,
    },
  );
}

/** Reads the instance's saved change: `$.saved.Item` (absent for an instance never seen). */
function readSaved(resources: ContainerInstanceStateResources, consistent: boolean): TaskState {
  return getItem(
    resources.partition,
    {
      TableName: resources.instancesTable,
      Key: { [INSTANCES_TABLE.partitionKey]: str('$.detail.containerInstanceArn') },
      ProjectionExpression: 'capacityVersion, capacityBy',
      ...(consistent ? { ConsistentRead: true } : {}),
    },
    {
      Comment: consistent
        ? 'Strongly consistent: it decides after a write whose condition failed.'
        : 'Eventually consistent (half the read units): a stale read shows an older change, which only leads to a conditional write.',
      // No ResultSelector: `Item` is absent for an instance never seen, and selecting it would fail.
      ResultPath: '$.saved',
      Retry: TRANSIENT_RETRY,
      Next: 'Is the change newer than the one saved?',
    },
  );
}

/**
 * ContainerInstanceState: ECS Container Instance State Change events of Batch clusters → the
 * instance item (created if batchmon never saw the instance register, so instances that started
 * before batchmon was deployed become known) with its status and its capacity while it counts:
 * registered and remaining CPU and memory, by instance type and AZ.
 *
 * The capacity levels are gauges: the MinuteLevels workflow sums them from these items once a
 * minute, so an event here sends no metric message and reads no other instance — only an event
 * with a metric of its own (a skip) sends one. Summing the items themselves, rather than moving
 * running totals at each event, leaves nothing that can drift (an execution failing between its
 * writes, or a retry adding a committed change twice).
 *
 * Events carry a per-instance `version`: an older or repeated one changes nothing and is counted as
 * skipped, decided on a read (no condition fails on a routine duplicate, so none logs an
 * ERROR-level TaskFailed record); a retry of this execution after its write had committed finds
 * its own mark and goes on. An instance stops counting when it leaves ACTIVE/DRAINING.
 *
 * @example
 * const definition = containerInstanceStateWorkflow({ instancesTable: 'I', metricsQueueUrl: url });
 */
export function containerInstanceStateWorkflow(
  resources: ContainerInstanceStateResources,
  retention: Retention = DEFAULT_INSTANCE_RETENTION,
): StateMachineDefinition {
  const states: Record<string, State> = {
    ...requireFields(
      W,
      'Is the container instance change complete?',
      [
        { path: '$.time', label: 'time' },
        { path: '$.detail.containerInstanceArn', label: 'container instance ARN' },
        { path: '$.detail.clusterArn', label: 'cluster ARN' },
        { path: '$.detail.status', label: 'status' },
      ],
      'Describe the instance’s capacity',
    ),
    'Describe the instance’s capacity': describeCapacity(retention, 'Read the change saved'),
    'Read the change saved': readSaved(resources, false),
    'Read the change saved since': readSaved(resources, true),
    'Is the change newer than the one saved?': compareWithSaved('Which change is it?'),
    'Which change is it?': {
      Type: 'Choice',
      Choices: [
        {
          And: [
            { Variable: '$.change', StringEquals: 'newer' },
            { Variable: '$.capacity.counts', BooleanEquals: true },
          ],
          Next: 'Save the counting instance',
        },
        { Variable: '$.change', StringEquals: 'newer', Next: 'Save the instance that no longer counts' },
        { Variable: '$.change', StringEquals: 'own', Next: SAVED_STATE },
      ],
      Default: 'Skip: the change or a newer one was already saved',
    },
    'Skip: the change or a newer one was already saved': skip(W, ContainerInstanceStateSkip.StaleOrDuplicate),
    'Save the counting instance': saveChange(resources, true),
    'Save the instance that no longer counts': saveChange(resources, false),
    [SAVED_STATE]: { Type: 'Succeed', Comment: 'The capacity levels are published every minute from the instance items (MinuteLevels).' },
    [SEND_STATE]: sendMetricMessage(resources.metricsQueueUrl, resources.partition),
  };
  return {
    Comment: 'Keeps the instances of Batch compute environments with their registered and remaining capacity.',
    StartAt: 'Is the container instance change complete?',
    TimeoutSeconds: 60,
    States: states,
  };
}
