import type { State, StateMachineDefinition, TaskState } from '../asl/asl';
import { CONDITIONAL_CHECK_FAILED, TRANSIENT_RETRY, getItem, num, query, sendMetricMessage, type PartitionResources, str, updateItem, withNumberTexts } from '../asl/integrations';
import { jsonataPass } from '../asl/jsonata';
import { OWN_MARKS_JSONATA, WRITER_EXECUTION } from '../failures/writer-mark';
import { DEFAULT_INSTANCE_RETENTION } from '../instance-registration/instance-registration.workflow';
import { instanceBindings, type Retention } from '../instances/describe-instance';
import { IDENTITY_NAMES, INSTANCES_TABLE, identityValues, setIdentity } from '../instances/instance-item';
import { jsonataRecords, literal } from '../records/jsonata-records';
import { SEND_STATE, requireFields, skip } from '../records/skips';

/** Name of the workflow, as it appears in metrics (`Workflow` dimension) and in the console. */
export const CONTAINER_INSTANCE_STATE = 'ContainerInstanceState';

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

const W = CONTAINER_INSTANCE_STATE;
const INDEX = INSTANCES_TABLE.countingIndex;
const SUM_STATE = 'Sum the capacity levels';
const RECORD_STATE = 'Record the compute environment’s capacity';
const RECORD_DETAILED_STATE = 'Record the capacity of the instance type in the AZ';
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
 * re-read). A counting instance gets `countingIn` and `cap`, which put it in the counting
 * index; an instance that stops counting loses both, and leaves the index.
 */
function saveChange(resources: ContainerInstanceStateResources, counting: boolean): TaskState {
  return updateItem(
    resources.partition,
    {
      TableName: resources.instancesTable,
      Key: { [INSTANCES_TABLE.partitionKey]: str('$.detail.containerInstanceArn') },
      UpdateExpression:
        `SET ${setIdentity('fillIn')}, #status = :status, capacityVersion = :version, capacityBy = :mark, expiresAt = :expiresAt` +
        (counting ? `, ${INDEX.partitionKey} = :computeEnvironment, ${INDEX.projectedAttribute} = :capacity` : ` REMOVE ${INDEX.partitionKey}, ${INDEX.projectedAttribute}`),
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
        ? 'Fields the registration owns are only filled in when missing; countingIn and cap put the instance in the counting index.'
        : 'Fields the registration owns are only filled in when missing; without countingIn the instance leaves the counting index.',
      ResultPath: null,
      Retry: TRANSIENT_RETRY,
      Catch: [{ ErrorEquals: [CONDITIONAL_CHECK_FAILED], Next: 'Read the change saved since', ResultPath: null }],
      Next: 'Read the compute environment’s other counting instances',
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
 * Queries the counting index for the compute environment's other instances (this one is left out
 * by the filter and added from the event, so its own write, which the index shows eventually, is
 * always counted as this event says). One page: an index item is about 200 bytes, so a page of
 * 1 MB holds more than the 5,000 container instances an ECS cluster may have ("Amazon ECS service
 * quotas"); the projected `cap` alone comes back, about 60 bytes of state data per instance.
 */
function queryOtherInstances(resources: ContainerInstanceStateResources): TaskState {
  return query(
    resources.partition,
    {
      TableName: resources.instancesTable,
      IndexName: INDEX.indexName,
      KeyConditionExpression: `${INDEX.partitionKey} = :computeEnvironment`,
      FilterExpression: `${INSTANCES_TABLE.partitionKey} <> :self`,
      ProjectionExpression: INDEX.projectedAttribute,
      ExpressionAttributeValues: {
        ':computeEnvironment': str('$.capacity.computeEnvironment'),
        ':self': str('$.detail.containerInstanceArn'),
      },
    },
    { ResultSelector: { 'items.$': '$.Items' }, ResultPath: '$.others', Retry: TRANSIENT_RETRY, Next: SUM_STATE },
  );
}

/**
 * JSONata: the capacity levels into `$.levels`: registered and reserved CPU units and memory (MiB)
 * summed over the other counting instances and this one as the event tells, for the compute
 * environment (`computeEnvironment`) and for this instance's type and AZ in it
 * (`instanceTypeAndZone`); 0 when none counts (the last instance of a compute environment, or of a
 * type and AZ, left).
 */
function sumLevels(next: string) {
  const expression = `(
  $e := $states.input;
  $c := $e.capacity;
  $parse := function($text) { (
    $parts := $split($text, '|');
    { 'type': $parts[0], 'az': $parts[1], 'cpu': $number($parts[2]), 'memory': $number($parts[3]),
      'reservedCpu': $max([0, $number($parts[2]) - $number($parts[4])]), 'reservedMemory': $max([0, $number($parts[3]) - $number($parts[5])]) }
  ) };
  $instances := $append($e.others.items.($parse(${INDEX.projectedAttribute}.S)), $c.counts ? [$parse($c.capacity)] : []);
  $sumOf := function($values) { $exists($values) ? $sum($values) : 0 };
  $total := function($list) { {
    'registeredCpu': $sumOf($list.cpu), 'registeredMemory': $sumOf($list.memory),
    'reservedCpu': $sumOf($list.reservedCpu), 'reservedMemory': $sumOf($list.reservedMemory)
  } };
  $merge([$e, { 'levels': {
    'computeEnvironment': $total($instances),
    'instanceTypeAndZone': $total($instances[type = $c.instanceType and az = $c.availabilityZone])
  } }])
)`;
  return jsonataPass(expression, next);
}

/**
 * JSONata: one scope of the capacity levels of `$.levels` as metric records (vCPUs = CPU units /
 * 1024; memory in MiB), added to the message: the compute environment's (which starts the
 * message), or its instance type's in the AZ.
 */
function recordCapacity(scope: 'computeEnvironment' | 'instanceTypeAndZone', next: string) {
  const dimensions =
    scope === 'computeEnvironment'
      ? { ComputeEnvironment: '$c.computeEnvironment' }
      : { ComputeEnvironment: '$c.computeEnvironment', InstanceType: '$c.instanceType', AvailabilityZone: '$c.availabilityZone' };
  const records = ([
    ['RegisteredVcpus', '$number($l.registeredCpu) / 1024'],
    ['ReservedVcpus', '$number($l.reservedCpu) / 1024'],
    ['RegisteredMemory', '$number($l.registeredMemory)'],
    ['ReservedMemory', '$number($l.reservedMemory)'],
  ] as const).map(([metric, value]) => ({
    metric,
    value,
    dimensions,
    properties: { containerInstanceArn: '$d.containerInstanceArn', ec2InstanceId: '$c.ec2InstanceId', status: '$d.status' },
  }));
  const existing = scope === 'computeEnvironment' ? '[]' : '$e.message.records';
  const expression = `(
  $e := $states.input;
  $d := $e.detail;
  $c := $e.capacity;
  $l := $lookup($e.levels, ${literal(scope)});
  $merge([$e, { 'message': { 'source': ${literal(W)}, 'records': $append(${existing}, ${jsonataRecords(records)}) } }])
)`;
  return jsonataPass(expression, next);
}

/**
 * ContainerInstanceState: ECS Container Instance State Change events of Batch clusters → the
 * instance item (created if batchmon never saw the instance register, so instances that started
 * before batchmon was deployed become known) with its status and capacity, and the compute
 * environment's capacity levels: registered and reserved vCPUs and memory, by compute environment
 * and by compute environment, instance type and AZ.
 *
 * Levels without polling and without running totals: the levels are summed, at each event, from
 * the counting instances themselves — a sparse index of the instances table holds the ACTIVE and
 * DRAINING ones, each with its registered and remaining resources — so there is nothing that can
 * drift. Running totals moved by each event could (an execution failing between its writes, or a
 * retry adding a committed change twice); making them atomic takes a transaction, and a transaction
 * costs two write units per item: instance item and two totals, 6 WRU per event, against 2 here
 * (the item, under 1 KB, and its index entry) plus a query of the compute environment's index
 * entries (0.5 read unit per 4 KB, eventually consistent: 80 instances per half unit). This is the
 * cheaper design that cannot drift.
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
        { Variable: '$.change', StringEquals: 'own', Next: 'Read the compute environment’s other counting instances' },
      ],
      Default: 'Skip: the change or a newer one was already saved',
    },
    'Skip: the change or a newer one was already saved': skip(W, ContainerInstanceStateSkip.StaleOrDuplicate),
    'Save the counting instance': saveChange(resources, true),
    'Save the instance that no longer counts': saveChange(resources, false),
    'Read the compute environment’s other counting instances': queryOtherInstances(resources),
    [SUM_STATE]: sumLevels(RECORD_STATE),
    [RECORD_STATE]: recordCapacity('computeEnvironment', RECORD_DETAILED_STATE),
    [RECORD_DETAILED_STATE]: recordCapacity('instanceTypeAndZone', SEND_STATE),
    [SEND_STATE]: sendMetricMessage(resources.metricsQueueUrl, resources.partition),
  };
  return {
    Comment: 'Keeps the instances of Batch compute environments and their registered and reserved capacity.',
    StartAt: 'Is the container instance change complete?',
    TimeoutSeconds: 60,
    States: states,
  };
}
