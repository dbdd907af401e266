import type { Branch, State, TaskState } from '../asl/asl';
import { TRANSIENT_RETRY, scan, sendMessage, sendMetricMessage, type PartitionResources } from '../asl/integrations';
import { jsonataPass } from '../asl/jsonata';
import { INSTANCES_TABLE } from '../instances/instance-item';
import { jsonataRecord, literal, type AnyJsonataRecordTemplate } from '../records/jsonata-records';
import { skip } from '../records/skips';

/** What the capacity levels branch reads and where it sends them. */
export interface CapacityLevelsResources extends PartitionResources {
  readonly instancesTable: string;
  readonly metricsQueueUrl: string;
}

/** Skip reasons of the capacity levels branch: a bound was reached, and nothing was published for the minute. */
export const CapacityLevelsSkip = {
  /** The instances table has more items than {@link CAPACITY_LEVELS_BOUNDS} lets one execution read. */
  TooManyInstances: 'too-many-instances',
  /** The instance items name more compute environments than AWS Batch allows in a Region. */
  TooManyComputeEnvironments: 'too-many-compute-environments',
} as const;

/**
 * The bounds of one execution's reads and sends.
 *
 * - `itemsPerPage`: a Scan page of the instances table, projected to the four attributes the sum
 *   reads, is about 150 bytes per item in Step Functions' JSON (up to about 280 with 128-character
 *   names): 500 items stay well under the 256 KB a state's payload may hold ("Quotas related to
 *   state machine executions", Step Functions developer guide).
 * - `pages`: 40 pages, 20,000 instance items — instances that count and those that left within the
 *   items' retention. Beyond that the minute is skipped and counted, never published partially.
 * - `computeEnvironments`: AWS Batch allows 50 compute environments per Region ("AWS Batch service
 *   quotas", https://docs.aws.amazon.com/batch/latest/userguide/service_limits.html); one message
 *   is sent per compute environment, so this bounds the Map's iterations.
 */
export const CAPACITY_LEVELS_BOUNDS = { itemsPerPage: 500, pages: 40, computeEnvironments: 50 } as const;

/** The capacity levels, in the order the sums hold them: CPU units and MiB. */
const LEVELS = [
  ['RegisteredVcpus', 0, ' / 1024'],
  ['ReservedVcpus', 1, ' / 1024'],
  ['RegisteredMemory', 2, ''],
  ['ReservedMemory', 3, ''],
] as const;

const CAP = INSTANCES_TABLE.capacityAttribute;
const FIRST_PAGE = 'Read the first page of instances';
const NEXT_PAGE = 'Read the next page of instances';
const ADD_PAGE = 'Add the page to the capacity sums';
const MORE_PAGES = 'Is there another page of instances?';
const DESCRIBE = 'Describe each compute environment’s levels';
const HOW_MANY = 'Are there more compute environments than Batch allows?';
const SEND_EACH = 'Send each compute environment’s levels';
/** Sends a skip's message (state names are unique in a state machine, branches included). */
const SEND_SKIP = 'Send the skipped minute’s record';

/** A Scan page of the instances table, projected to what the sum reads, into `$.page`. */
function readPage(resources: CapacityLevelsResources, next: boolean): TaskState {
  return scan(
    resources.partition,
    {
      TableName: resources.instancesTable,
      ProjectionExpression: `computeEnvironment, instanceType, availabilityZone, ${CAP}`,
      Limit: CAPACITY_LEVELS_BOUNDS.itemsPerPage,
      ...(next ? { 'ExclusiveStartKey.$': '$.capacity.next' } : {}),
    },
    {
      Comment: next
        ? 'Carries on from where the previous page stopped.'
        : 'Eventually consistent (half the read units): a change saved a moment ago shows at the next minute.',
      // No ResultSelector: `LastEvaluatedKey` is absent on the last page, and selecting it would fail.
      ResultPath: '$.page',
      Retry: TRANSIENT_RETRY,
      Next: ADD_PAGE,
    },
  );
}

/**
 * JSONata: the page's items added to `$.capacity.sums`, keyed `<compute environment>|<instance
 * type>|<AZ>` → [registered CPU, reserved CPU, registered MiB, reserved MiB]. The page is grouped by
 * key once (`$rows{key: …}`), so the work grows with the page, not with keys × rows. An instance without
 * `cap` (it no longer counts) adds zeros, so that its compute environment's levels fall to zero
 * when its last instance leaves. Reserved is registered minus remaining.
 */
function addPage() {
  const expression = `(
  $e := $states.input;
  $previous := $exists($e.capacity) ? $e.capacity : { 'pages': 0, 'sums': {} };
  $row := function($item) { (
    $p := $exists($item.${CAP}.S) ? $split($item.${CAP}.S, '|') : ['', '', '0', '0', '0', '0'];
    {
      'key': $item.computeEnvironment.S & '|' & ($exists($item.instanceType.S) ? $item.instanceType.S : 'unknown') & '|' & ($exists($item.availabilityZone.S) ? $item.availabilityZone.S : 'unknown'),
      'v': [$number($p[2]), $max([0, $number($p[2]) - $number($p[4])]), $number($p[3]), $max([0, $number($p[3]) - $number($p[5])])]
    }
  ) };
  $rows := $map($e.page.Items[$exists(computeEnvironment.S)], $row);
  $page := $rows{ key: [$sum(v[0]), $sum(v[1]), $sum(v[2]), $sum(v[3])] };
  $keys := $distinct($append($keys($previous.sums), $keys($page)));
  $total := function($k, $i) { $sum($append($lookup($previous.sums, $k)[$i], $lookup($page, $k)[$i])) };
  $sums := $merge($map($keys, function($k) { { $k: [$total($k, 0), $total($k, 1), $total($k, 2), $total($k, 3)] } }));
  $capacity := $merge([{ 'pages': $previous.pages + 1, 'sums': $sums }, $exists($e.page.LastEvaluatedKey) ? { 'next': $e.page.LastEvaluatedKey } : {}]);
  $merge([$sift($e, function($v, $k) { $k != 'page' and $k != 'capacity' }), { 'capacity': $capacity }])
)`;
  return jsonataPass(expression, MORE_PAGES);
}

/** Records of the four levels at one dimension set, from `$v` (the sums) and the dimension variables in scope. */
function levelRecords(dimensions: 'computeEnvironment' | 'instanceTypeAndZone'): string {
  const records: AnyJsonataRecordTemplate[] = LEVELS.map(([metric, index, unit]) => ({
    metric,
    value: `$v[${index}]${unit}`,
    time: '$minute',
    dimensions:
      dimensions === 'computeEnvironment'
        ? { ComputeEnvironment: '$ce' }
        : { ComputeEnvironment: '$ce', InstanceType: '$type', AvailabilityZone: '$az' },
  }));
  return `[${records.map(jsonataRecord).join(', ')}]`;
}

/**
 * JSONata: one metric message per compute environment, in `$.levels`: its four levels, and the
 * same by instance type and AZ, stamped with the minute. `$append([], …)` keeps a single compute
 * environment a list (JSONata unwraps a sequence of one).
 */
function describeLevels(workflow: string) {
  const expression = `(
  $e := $states.input;
  $minute := $e.minute;
  $entries := $map($keys($e.capacity.sums), function($k) { (
    $p := $split($k, '|');
    { 'ce': $p[0], 'type': $p[1], 'az': $p[2], 'v': $lookup($e.capacity.sums, $k) }
  ) });
  $ces := $append([], $distinct($entries.ce));
  $levels := $map($ces, function($ce) { (
    $mine := $append([], $entries[ce = $ce]);
    $v := [$sum($mine.v[0]), $sum($mine.v[1]), $sum($mine.v[2]), $sum($mine.v[3])];
    $detailed := $mine.( $type := type; $az := az; $v := v; ${levelRecords('instanceTypeAndZone')} );
    {
      'computeEnvironment': $ce,
      'minute': $substring($minute, 0, 16),
      'message': { 'source': ${literal(workflow)}, 'records': $append(${levelRecords('computeEnvironment')}, $detailed) }
    }
  ) });
  $merge([$sift($e, function($v, $k) { $k != 'capacity' }), { 'levels': $append([], $levels), 'computeEnvironments': $count($ces) }])
)`;
  return jsonataPass(expression, HOW_MANY);
}

/**
 * The branch of the minute workflow that publishes the capacity levels of every compute
 * environment: registered and reserved vCPUs and memory, by compute environment and by compute
 * environment, instance type and AZ — summed from the instance items ContainerInstanceState keeps,
 * never from a Describe or List call.
 *
 * Reads: a paginated, eventually consistent Scan of the instances table (bounded by
 * {@link CAPACITY_LEVELS_BOUNDS}). Sends: one message per compute environment, whose
 * deduplication id is the workflow, the minute and a hash of the compute environment's name, so
 * that a retried send, or a second execution for the same minute (a schedule delivered twice, a
 * redrive), is kept once by the FIFO queue within its five-minute deduplication interval.
 *
 * @param input what the branch starts from: the scheduled event with `minute` (ISO 8601, seconds zero)
 *
 * @example
 * const branch = capacityLevelsBranch('MinuteLevels', { instancesTable: 'I', metricsQueueUrl: url, partition: 'aws' });
 */
export function capacityLevelsBranch(workflow: string, resources: CapacityLevelsResources): Branch {
  const states: Record<string, State> = {
    [FIRST_PAGE]: readPage(resources, false),
    [NEXT_PAGE]: readPage(resources, true),
    [ADD_PAGE]: addPage(),
    [MORE_PAGES]: {
      Type: 'Choice',
      Choices: [
        {
          And: [
            { Variable: '$.capacity.next', IsPresent: true },
            { Variable: '$.capacity.pages', NumericLessThan: CAPACITY_LEVELS_BOUNDS.pages },
          ],
          Next: NEXT_PAGE,
        },
        { Variable: '$.capacity.next', IsPresent: true, Next: 'Skip: more instances than one minute reads' },
      ],
      Default: DESCRIBE,
    },
    'Skip: more instances than one minute reads': skip(workflow, CapacityLevelsSkip.TooManyInstances, SEND_SKIP),
    [DESCRIBE]: describeLevels(workflow),
    [HOW_MANY]: {
      Type: 'Choice',
      Choices: [{ Variable: '$.computeEnvironments', NumericGreaterThan: CAPACITY_LEVELS_BOUNDS.computeEnvironments, Next: 'Skip: more compute environments than Batch allows' }],
      Default: SEND_EACH,
    },
    'Skip: more compute environments than Batch allows': skip(workflow, CapacityLevelsSkip.TooManyComputeEnvironments, SEND_SKIP),
    [SEND_EACH]: {
      Type: 'Map',
      ItemsPath: '$.levels',
      MaxConcurrency: 10,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Name the message by minute and compute environment',
        States: {
          'Name the message by minute and compute environment': {
            Type: 'Pass',
            Comment: 'A FIFO deduplication id holds 128 characters, a compute environment name as many: its hash keeps the id short.',
            Parameters: {
              'message.$': '$.message',
              'deduplicationId.$': `States.Format('${workflow}#{}#{}', $.minute, States.Hash($.computeEnvironment, 'SHA-1'))`,
            },
            Next: 'Send the compute environment’s levels',
          },
          'Send the compute environment’s levels': sendMessage(
            resources.partition,
            {
              QueueUrl: resources.metricsQueueUrl,
              'MessageBody.$': '$.message',
              // The group is the message's own (deduplication is per message group on the metrics queue).
              'MessageGroupId.$': '$.deduplicationId',
              'MessageDeduplicationId.$': '$.deduplicationId',
            },
            { ResultPath: null, Retry: TRANSIENT_RETRY, End: true },
          ),
        },
      },
      ResultPath: null,
      End: true,
    },
    [SEND_SKIP]: sendMetricMessage(resources.metricsQueueUrl, resources.partition),
  };
  return { StartAt: FIRST_PAGE, States: states };
}
