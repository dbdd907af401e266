import type { StateMachineDefinition, TaskState } from '../asl/asl';
import { CONDITIONAL_CHECK_FAILED, integrationArn, TRANSIENT_RETRY, num, sendMetricMessage, type PartitionResources, str, withNumberTexts } from '../asl/integrations';
import { jsonataPass } from '../asl/jsonata';
import { DEFAULT_INSTANCE_RETENTION } from '../instance-registration/instance-registration.workflow';
import { instanceBindings, type Retention } from '../instances/describe-instance';
import { CAPACITY_TABLE, IDENTITY_NAMES, INSTANCES_TABLE, identityValues, setIdentity } from '../instances/instance-item';
import { jsonataRecords, literal } from '../records/jsonata-records';
import { SEND_STATE, requireFields, skip } from '../records/skips';

/** Name of the workflow, as it appears in metrics (`Workflow` dimension) and in the console. */
export const CONTAINER_INSTANCE_STATE = 'ContainerInstanceState';

/** What the ContainerInstanceState workflow reads and writes. */
export interface ContainerInstanceStateResources extends PartitionResources {
  readonly instancesTable: string;
  readonly capacityTable: string;
  readonly metricsQueueUrl: string;
}

const W = CONTAINER_INSTANCE_STATE;
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
    'countedCpu': $counts ? $registeredCpu : 0,
    'countedMemory': $counts ? $registeredMemory : 0,
    'countedReservedCpu': $counts ? $max([0, $registeredCpu - $remainingCpu]) : 0,
    'countedReservedMemory': $counts ? $max([0, $registeredMemory - $remainingMemory]) : 0,
    'expiresAt': $seconds + ($counts ? ${retention.afterRegistrationDays * 86400} : ${retention.afterDeregistrationDays * 86400})
  }`, ['version', 'registeredCpu', 'registeredMemory', 'remainingCpu', 'remainingMemory', 'countedCpu', 'countedMemory', 'countedReservedCpu', 'countedReservedMemory', 'expiresAt'])} }])
)`;
  return jsonataPass(expression, next);
}

/** JSONata: how much this event changes the totals (new counted values minus the old ones), into `$.change`. */
function workOutChange(next: string) {
  const expression = `(
  $e := $states.input;
  $old := $e.previous.Attributes;
  $n := function($attribute) { $exists($lookup($old, $attribute).N) ? $number($lookup($old, $attribute).N) : 0 };
  $c := $e.capacity;
  $merge([$e, { 'change': ${withNumberTexts(`{
    'cpu': $c.countedCpu - $n('countedCpu'),
    'memory': $c.countedMemory - $n('countedMemory'),
    'reservedCpu': $c.countedReservedCpu - $n('countedReservedCpu'),
    'reservedMemory': $c.countedReservedMemory - $n('countedReservedMemory'),
    'scopes': ['ce#' & $c.computeEnvironment, 'ce#' & $c.computeEnvironment & '#' & $c.instanceType & '#' & $c.availabilityZone]
  }`, ['cpu', 'memory', 'reservedCpu', 'reservedMemory'])} }])
)`;
  return jsonataPass(expression, next);
}

/** ADD the change to one totals item; returns the new totals. */
function addToTotals(resources: ContainerInstanceStateResources, scopeIndex: 0 | 1, resultPath: string, next: string): TaskState {
  return {
    Type: 'Task',
    Resource: integrationArn(resources.partition, 'updateItem'),
    Parameters: {
      TableName: resources.capacityTable,
      Key: { [CAPACITY_TABLE.partitionKey]: { 'S.$': `States.ArrayGetItem($.change.scopes, ${scopeIndex})` } },
      UpdateExpression: 'ADD registeredCpu :cpu, registeredMemory :memory, reservedCpu :reservedCpu, reservedMemory :reservedMemory',
      ExpressionAttributeValues: {
        ':cpu': num('$.change.n.cpu'),
        ':memory': num('$.change.n.memory'),
        ':reservedCpu': num('$.change.n.reservedCpu'),
        ':reservedMemory': num('$.change.n.reservedMemory'),
      },
      ReturnValues: 'ALL_NEW',
    },
    ResultSelector: {
      'registeredCpu.$': '$.Attributes.registeredCpu.N',
      'registeredMemory.$': '$.Attributes.registeredMemory.N',
      'reservedCpu.$': '$.Attributes.reservedCpu.N',
      'reservedMemory.$': '$.Attributes.reservedMemory.N',
    },
    ResultPath: resultPath,
    Retry: TRANSIENT_RETRY,
    Next: next,
  };
}

/** JSONata: the capacity levels as metric records (vCPUs = CPU units / 1024; memory in MiB). */
function recordCapacity() {
  const levels = (scope: '$ce' | '$detailed') =>
    ([
      ['RegisteredVcpus', `$number(${scope}.registeredCpu) / 1024`],
      ['ReservedVcpus', `$number(${scope}.reservedCpu) / 1024`],
      ['RegisteredMemory', `$number(${scope}.registeredMemory)`],
      ['ReservedMemory', `$number(${scope}.reservedMemory)`],
    ] as const).map(([metric, value]) => ({
      metric,
      value,
      dimensions:
        scope === '$ce'
          ? { ComputeEnvironment: '$c.computeEnvironment' }
          : { ComputeEnvironment: '$c.computeEnvironment', InstanceType: '$c.instanceType', AvailabilityZone: '$c.availabilityZone' },
      properties: { containerInstanceArn: '$d.containerInstanceArn', ec2InstanceId: '$c.ec2InstanceId', status: '$d.status' },
    }));
  const expression = `(
  $e := $states.input;
  $d := $e.detail;
  $c := $e.capacity;
  $ce := $e.totals.computeEnvironment;
  $detailed := $e.totals.byTypeAndZone;
  $merge([$e, { 'message': { 'source': ${literal(W)}, 'records': ${jsonataRecords([...levels('$ce'), ...levels('$detailed')])} } }])
)`;
  return jsonataPass(expression, SEND_STATE);
}

/**
 * ContainerInstanceState: ECS Container Instance State Change events of Batch clusters → the
 * instance item (created if batchmon never saw the instance register, so instances that started
 * before batchmon was deployed become known) with its registered and remaining CPU and memory, and
 * the compute environment's capacity levels: registered and reserved vCPUs and memory, by compute
 * environment and by compute environment, instance type and AZ.
 *
 * Levels without polling: each event adds its instance's change (new minus previously counted
 * values, taken atomically from the item) to running totals in the capacity table, and the
 * totals after the addition are the metric values. Events carry a per-instance `version`: an older
 * or repeated one changes nothing and is counted as skipped. An instance stops counting when it
 * leaves ACTIVE/DRAINING.
 *
 * @example
 * const definition = containerInstanceStateWorkflow({ instancesTable: 'I', capacityTable: 'C', metricsQueueUrl: url });
 */
export function containerInstanceStateWorkflow(
  resources: ContainerInstanceStateResources,
  retention: Retention = DEFAULT_INSTANCE_RETENTION,
): StateMachineDefinition {
  return {
    Comment: 'Keeps the instances of Batch compute environments and their registered and reserved capacity.',
    StartAt: 'Is the container instance change complete?',
    TimeoutSeconds: 60,
    States: {
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
      'Describe the instance’s capacity': describeCapacity(retention, 'Save the instance and its capacity'),
      'Save the instance and its capacity': {
        Type: 'Task',
        Resource: integrationArn(resources.partition, 'updateItem'),
        Comment:
          'Fields the registration owns are only filled in when missing; the old counted values come back to work out the change.',
        Parameters: {
          TableName: resources.instancesTable,
          Key: { [INSTANCES_TABLE.partitionKey]: str('$.detail.containerInstanceArn') },
          UpdateExpression:
            `SET ${setIdentity('fillIn')}, ` +
            'registeredCpu = :registeredCpu, registeredMemory = :registeredMemory, remainingCpu = :remainingCpu, ' +
            'remainingMemory = :remainingMemory, #status = :status, capacityVersion = :version, countedCpu = :countedCpu, ' +
            'countedMemory = :countedMemory, countedReservedCpu = :countedReservedCpu, ' +
            'countedReservedMemory = :countedReservedMemory, lastEventName = :eventName, lastEventTime = :time, expiresAt = :expiresAt ' +
            'ADD eventCount :one',
          ConditionExpression: 'attribute_not_exists(capacityVersion) OR capacityVersion < :version',
          ExpressionAttributeNames: { ...IDENTITY_NAMES, '#status': 'status' },
          ExpressionAttributeValues: {
            ...identityValues('$.capacity'),
            ':registeredCpu': num('$.capacity.n.registeredCpu'),
            ':registeredMemory': num('$.capacity.n.registeredMemory'),
            ':remainingCpu': num('$.capacity.n.remainingCpu'),
            ':remainingMemory': num('$.capacity.n.remainingMemory'),
            ':status': str('$.detail.status'),
            ':version': num('$.capacity.n.version'),
            ':countedCpu': num('$.capacity.n.countedCpu'),
            ':countedMemory': num('$.capacity.n.countedMemory'),
            ':countedReservedCpu': num('$.capacity.n.countedReservedCpu'),
            ':countedReservedMemory': num('$.capacity.n.countedReservedMemory'),
            ':eventName': { S: 'ECS Container Instance State Change' },
            ':time': str('$.time'),
            ':expiresAt': num('$.capacity.n.expiresAt'),
            ':one': { N: '1' },
          },
          ReturnValues: 'ALL_OLD',
        },
        // No ResultSelector: a new item has no old attributes, and selecting them would fail.
        ResultPath: '$.previous',
        Retry: TRANSIENT_RETRY,
        Catch: [{ ErrorEquals: [CONDITIONAL_CHECK_FAILED], Next: 'Skip: a newer change was already counted', ResultPath: null }],
        Next: 'Work out the change in capacity',
      },
      'Skip: a newer change was already counted': skip(W, 'stale-or-duplicate-version'),
      'Work out the change in capacity': workOutChange('Add the change to the compute environment’s totals'),
      'Add the change to the compute environment’s totals': addToTotals(
        resources,
        0,
        '$.totals.computeEnvironment',
        'Add the change to the instance type and AZ totals',
      ),
      'Add the change to the instance type and AZ totals': addToTotals(resources, 1, '$.totals.byTypeAndZone', 'Record the capacity'),
      'Record the capacity': recordCapacity(),
      [SEND_STATE]: sendMetricMessage(resources.metricsQueueUrl, resources.partition),
    },
  };
}
