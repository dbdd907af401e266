import type { StateMachineDefinition, TaskState } from '../asl/asl';
import {
  CONDITIONAL_CHECK_FAILED,
  TRANSIENT_RETRY,
  getItem,
  putItem,
  sendMetricMessage,
  str,
  type AttributeMap,
  type AttributeNames,
  type PartitionResources,
} from '../asl/integrations';
import { jsonataPass } from '../asl/jsonata';
import { OWN_MARKS_JSONATA } from '../failures/writer-mark';
import { jsonataRecords, literal } from '../records/jsonata-records';
import { SEND_STATE, requireFields, skip } from '../records/skips';
import { CONFIGURATION_CALL_NAMES, type ConfigurationCallName } from '@batchmon/event-schemas';
import { CONFIGURATION_MERGE, CONFIGURATION_TABLE, configurationChange } from './configuration-item';
import { WORKFLOW_NAMES } from '../workflow-names';

/** What the BatchConfiguration workflow reads and writes. */
export interface BatchConfigurationResources extends PartitionResources {
  /** One item per compute environment and job queue (see {@link CONFIGURATION_TABLE}). */
  readonly configurationTable: string;
  readonly metricsQueueUrl: string;
}

/** Skip reason of a configuration call that was refused (`errorCode`): nothing changed. */
export const CONFIGURATION_CALL_FAILED = 'api-call-failed';

/** Skip reason of a call whose request names no compute environment or job queue. */
export const UNNAMED_RESOURCE = 'unnamed-resource';

/**
 * Skip reason of a call newer for no field of the item: a repeated delivery, a call older than
 * every field it sets (delivered late), or an update of fields batchmon does not keep.
 */
export const NOTHING_NEWER = 'nothing-newer';

/**
 * How many times an execution reads the item again after another execution wrote it between its
 * read and its write. Configuration calls are rare (a handful a day): two at once on one resource
 * is already unusual, five in a row is a fault worth handing to the failed-events queue.
 */
export const MAX_WRITE_ATTEMPTS = 5;

/** Attribute naming the execution that last wrote the item: a retry finding its own write counts it. */
export const WRITTEN_BY_ATTRIBUTE = 'writtenBy';

/** Skip reason of an event the rule let through that is none of the six configuration calls. */
export const UNEXPECTED_CALL = 'unexpected-call';

const W = WORKFLOW_NAMES.batchConfiguration;
const readChange = (name: ConfigurationCallName): string => `Read what ${name} changes`;

/**
 * JSONata: the call's change (see {@link configurationChange}), versioned by its CloudTrail
 * `eventTime` and `eventID`. Which fields a call sets depends on the call and on what its request
 * holds, which JSONPath cannot express; one state per call keeps each on a screen.
 */
const readChangeState = (name: ConfigurationCallName) =>
  jsonataPass(
    `(
  $e := $states.input;
  $d := $e.detail;
  $version := ($type($d.eventTime) = 'string' ? $d.eventTime : $e.time) & '#' & ($type($d.eventID) = 'string' and $d.eventID != '' ? $d.eventID : $e.id);
  $call := $merge([$d, { 'version': $version }]);
  $change := ${configurationChange(name)};
  $merge([$e, { 'change': $merge([$change, { 'key': $exists($change.name) ? $change.kind & '#' & $change.name }]), 'attempt': 0 }])
)`,
    'Does the call name its resource?',
  );
const READ = 'Read the configuration item';
const COUNT = 'Count the change';

/**
 * BatchConfiguration: CloudTrail calls creating, updating and deleting compute environments and job
 * queues → the configuration table (per compute environment: type, state, max vCPUs, allowed
 * instance types, provisioning model, allocation strategy, launch template; per job queue: state,
 * priority, ordered compute environments), then `ConfigurationChanges`. What a stuck job's
 * diagnosis reads, learned from events: never a Describe call on a schedule.
 *
 * Ordered and idempotent: each field keeps the version (`eventTime#eventID`) of the call that set
 * it, and a call replaces only the fields it is newer for (see {@link CONFIGURATION_MERGE}), so a
 * late or repeated call changes nothing and is counted as skipped (`nothing-newer`). The write is
 * conditional on the revision read: when another execution wrote in between, the item is read
 * again (at most {@link MAX_WRITE_ATTEMPTS} times). A retry whose earlier write had committed finds
 * its own execution in `writtenBy` and counts the change once.
 *
 * @example
 * const definition = batchConfigurationWorkflow({ configurationTable: 'Configuration', metricsQueueUrl: url, partition: 'aws' });
 */
export function batchConfigurationWorkflow(resources: BatchConfigurationResources): StateMachineDefinition {
  // DynamoDB refuses attribute names or values the expression does not use: each write names its own.
  const conditionalWrite = (condition: string, names: AttributeNames, values?: AttributeMap): TaskState =>
    putItem(
      resources.partition,
      {
        TableName: resources.configurationTable,
        'Item.$': '$.write.item',
        ConditionExpression: condition,
        ExpressionAttributeNames: names,
        ...(values === undefined ? {} : { ExpressionAttributeValues: values }),
      },
      {
        ResultPath: null,
        Retry: TRANSIENT_RETRY,
        // Another execution wrote the item after this one read it: read it again and merge anew.
        Catch: [{ ErrorEquals: [CONDITIONAL_CHECK_FAILED], ResultPath: null, Next: READ }],
        Next: COUNT,
      },
    );
  return {
    Comment: 'Keeps the configuration of Batch compute environments and job queues, from CloudTrail create, update and delete calls.',
    StartAt: 'Did the API call succeed?',
    TimeoutSeconds: 60,
    States: {
      'Did the API call succeed?': {
        Type: 'Choice',
        Comment: 'A refused call (errorCode present) changed nothing.',
        Choices: [{ Variable: '$.detail.errorCode', IsPresent: true, Next: 'Skip: the API call failed' }],
        Default: 'Is the configuration call complete?',
      },
      'Skip: the API call failed': skip(W, CONFIGURATION_CALL_FAILED),
      ...requireFields(
        W,
        'Is the configuration call complete?',
        [
          { path: '$.time', label: 'time' },
          { path: '$.id', label: 'event id' },
          { path: '$.detail.eventName', label: 'event name' },
          { path: '$.detail.requestParameters', label: 'request parameters' },
        ],
        'Which call is it?',
      ),
      'Which call is it?': {
        Type: 'Choice',
        Choices: CONFIGURATION_CALL_NAMES.map((name) => ({ Variable: '$.detail.eventName', StringEquals: name, Next: readChange(name) })),
        Default: 'Skip: not a configuration call',
      },
      'Skip: not a configuration call': skip(W, UNEXPECTED_CALL),
      ...Object.fromEntries(CONFIGURATION_CALL_NAMES.map((name) => [readChange(name), readChangeState(name)])),
      'Does the call name its resource?': {
        Type: 'Choice',
        Choices: [{ Variable: '$.change.key', IsPresent: true, Next: READ }],
        Default: 'Skip: the call names no resource',
      },
      'Skip: the call names no resource': skip(W, UNNAMED_RESOURCE),
      [READ]: getItem(
        resources.partition,
        // The revision read must be the latest, or the conditional write fails for nothing.
        { TableName: resources.configurationTable, Key: { [CONFIGURATION_TABLE.partitionKey]: str('$.change.key') }, ConsistentRead: true },
        { ResultPath: '$.read', Retry: TRANSIENT_RETRY, Next: 'Apply the change to the item' },
      ),
      // JSONata: a per-field comparison of versions over a map whose keys vary.
      'Apply the change to the item': jsonataPass(
        `(
  $e := $states.input;
  $item := $e.read.Item;
  $change := $e.change;
  $write := ${CONFIGURATION_MERGE};
  $execution := $e.writer.execution;
  $own := $not($write.changed) and $exists($item.${WRITTEN_BY_ATTRIBUTE}.S) and $item.${WRITTEN_BY_ATTRIBUTE}.S in ${OWN_MARKS_JSONATA};
  $versions := $item.${CONFIGURATION_TABLE.versionsAttribute}.M;
  $ownFields := [$keys($versions)[$lookup($versions, $).S = $change.version]];
  $merge([$e, {
    'attempt': $e.attempt + 1,
    'write': $merge([$write, {
      'own': $own,
      'fields': $own ? $ownFields : $write.fields,
      'item': $merge([$write.item, $exists($execution) ? { '${WRITTEN_BY_ATTRIBUTE}': { 'S': $execution } } : {}])
    }])
  }])
)`,
        'Is the call newer than the item?',
      ),
      'Is the call newer than the item?': {
        Type: 'Choice',
        Choices: [
          { Variable: '$.write.own', BooleanEquals: true, Next: COUNT },
          { Variable: '$.write.changed', BooleanEquals: false, Next: 'Skip: nothing in the call is newer' },
          { Variable: '$.attempt', NumericGreaterThan: MAX_WRITE_ATTEMPTS, Next: 'Fail: the item kept changing' },
          { Variable: '$.write.exists', BooleanEquals: false, Next: 'Create the configuration item' },
        ],
        Default: 'Replace the configuration item',
      },
      'Skip: nothing in the call is newer': skip(W, NOTHING_NEWER),
      'Fail: the item kept changing': {
        Type: 'Fail',
        Error: 'Batchmon.ConfigurationContention',
        Cause: `Another execution wrote the configuration item between every read and write, ${MAX_WRITE_ATTEMPTS} times.`,
      },
      'Create the configuration item': conditionalWrite('attribute_not_exists(#key)', { '#key': CONFIGURATION_TABLE.partitionKey }),
      'Replace the configuration item': conditionalWrite('#revision = :revision', { '#revision': CONFIGURATION_TABLE.revisionAttribute }, { ':revision': { 'N.$': '$.write.revision' } }),
      [COUNT]: jsonataPass(
        `{ 'message': { 'source': ${literal(W)}, 'records': ${jsonataRecords([
          {
            metric: 'ConfigurationChanges',
            dimensions: {},
            properties: { resource: '$states.input.change.key', call: '$states.input.change.call', fields: '$states.input.write.fields' },
          },
        ])} } }`,
        SEND_STATE,
      ),
      [SEND_STATE]: sendMetricMessage(resources.metricsQueueUrl, resources.partition),
    },
  };
}
