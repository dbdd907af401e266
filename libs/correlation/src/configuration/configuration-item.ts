import type { ConfigurationCallName } from '@batchmon/event-schemas';
import type { Expression } from '../records/jsonata-records';

/**
 * The configuration table: one item per compute environment and per job queue, learned from the
 * CloudTrail calls that create, update and delete them (and, once, from `infra:backfill-config`).
 * Keyed by `<kind>#<name>` (`compute-environment#gpu-spot`, `job-queue#high`). Every configuration
 * field is an attribute of its own (DynamoDB `NULL` when the resource has no such value, or was
 * deleted), and `fieldVersions` holds, per field, the version of the call that set it:
 * `<CloudTrail eventTime>#<eventID>`. A call changes only the fields it is newer for, so calls
 * applied in any order, any number of times, leave the same item (each field is a last-writer-wins
 * register: an older or repeated call changes nothing). `revision` counts the writes, for the
 * conditional write that keeps two concurrent executions from losing each other's fields.
 */
export const CONFIGURATION_TABLE = {
  /** Partition key (string): `<kind>#<name>`. */
  partitionKey: 'resourceKey',
  /** Per field, the version of the call that set it: a map of strings. */
  versionsAttribute: 'fieldVersions',
  /** Number of writes of the item; a write is conditional on the revision it read. */
  revisionAttribute: 'revision',
  /** The newest version applied to the item. */
  lastChangeAttribute: 'lastChange',
} as const;

/** The kinds of resource the configuration table holds. */
export const CONFIGURATION_KINDS = { computeEnvironment: 'compute-environment', jobQueue: 'job-queue' } as const;

/** `compute-environment` or `job-queue`. */
export type ConfigurationKind = (typeof CONFIGURATION_KINDS)[keyof typeof CONFIGURATION_KINDS];

/** How a request value becomes a DynamoDB attribute. */
type Conversion = 'string' | 'number' | 'strings' | 'orderedComputeEnvironments' | 'orchestration' | 'launchTemplate';

/** A field of a configuration item: its attribute and where a create or update request carries it. */
export interface ConfigurationField {
  /** Attribute name in the item. */
  readonly attribute: string;
  /** Path in the request (or, for `arn`, in the response). */
  readonly path: string;
  readonly conversion: Conversion;
  /** What the value means, for the docs. */
  readonly description: string;
  /** What a create request that omits the field means (the API's documented default). @default NULL */
  readonly createDefault?: string;
}

/**
 * The fields kept per compute environment: what a stuck-job diagnosis needs (can the environment
 * grow, can it run the job's size, on what capacity). Names follow the Batch API.
 */
export const COMPUTE_ENVIRONMENT_FIELDS: readonly ConfigurationField[] = [
  { attribute: 'arn', path: 'computeEnvironmentArn', conversion: 'string', description: 'The compute environment’s ARN (from the response).' },
  { attribute: 'type', path: 'type', conversion: 'string', description: '`MANAGED` or `UNMANAGED`.' },
  // "If the state is ENABLED, then the compute environment accepts jobs" — ENABLED when omitted
  // (CreateComputeEnvironment, AWS Batch API reference).
  { attribute: 'state', path: 'state', conversion: 'string', description: '`ENABLED` or `DISABLED`.', createDefault: 'ENABLED' },
  { attribute: 'maxvCpus', path: 'computeResources.maxvCpus', conversion: 'number', description: 'The most vCPUs the environment may reach.' },
  { attribute: 'minvCpus', path: 'computeResources.minvCpus', conversion: 'number', description: 'The vCPUs it keeps even when idle.' },
  {
    attribute: 'instanceTypes',
    path: 'computeResources.instanceTypes',
    conversion: 'strings',
    description: 'Allowed instance types and families (`c5`, `optimal`); none on Fargate.',
  },
  {
    attribute: 'provisioningModel',
    path: 'computeResources.type',
    conversion: 'string',
    description: '`EC2`, `SPOT`, `FARGATE` or `FARGATE_SPOT` (the compute resources’ type).',
  },
  { attribute: 'allocationStrategy', path: 'computeResources.allocationStrategy', conversion: 'string', description: 'How instance types are chosen.' },
  {
    attribute: 'launchTemplate',
    path: 'computeResources.launchTemplate',
    conversion: 'launchTemplate',
    description: 'The launch template’s name (else its id) the instances start from.',
  },
  { attribute: 'orchestration', path: 'eksConfiguration', conversion: 'orchestration', description: '`EKS` when the request has an EKS configuration, else `ECS`.' },
];

/** The fields kept per job queue. */
export const JOB_QUEUE_FIELDS: readonly ConfigurationField[] = [
  { attribute: 'arn', path: 'jobQueueArn', conversion: 'string', description: 'The job queue’s ARN (from the response).' },
  // "The state of the job queue. If the job queue state is ENABLED, it is able to accept jobs" —
  // ENABLED when omitted (CreateJobQueue, AWS Batch API reference).
  { attribute: 'state', path: 'state', conversion: 'string', description: '`ENABLED` or `DISABLED`.', createDefault: 'ENABLED' },
  { attribute: 'priority', path: 'priority', conversion: 'number', description: 'Higher is scheduled first among queues sharing compute environments.' },
  {
    attribute: 'computeEnvironments',
    path: 'computeEnvironmentOrder',
    conversion: 'orderedComputeEnvironments',
    description: 'The compute environments’ names, in the order the scheduler tries them.',
  },
  { attribute: 'schedulingPolicyArn', path: 'schedulingPolicyArn', conversion: 'string', description: 'The fair-share scheduling policy, if any.' },
];

/** Attribute telling a deleted resource from a live one (a create sets it false, a delete true). */
export const DELETED_ATTRIBUTE = 'deleted';

const CONVERT: Readonly<Record<Conversion, (value: Expression) => Expression>> = {
  string: (v) => `$s(${v})`,
  number: (v) => `$n(${v})`,
  strings: (v) => `$strings(${v})`,
  orderedComputeEnvironments: (v) => `$order(${v})`,
  orchestration: (v) => `{ 'S': $exists(${v}) ? 'EKS' : 'ECS' }`,
  launchTemplate: (v) => `$s($text(${v}.launchTemplateName) ? ${v}.launchTemplateName : ${v}.launchTemplateId)`,
};

/** Where a field's value is read from: the response for the ARN, else the request. */
const source = (field: ConfigurationField): Expression => (field.attribute === 'arn' ? `$response.${field.path}` : `$request.${field.path}`);

const created = (fields: readonly ConfigurationField[]): Expression =>
  `{ ${[
    ...fields.map((field) => {
      const value = field.createDefault === undefined ? source(field) : `($exists(${source(field)}) ? ${source(field)} : ${JSON.stringify(field.createDefault)})`;
      return `${JSON.stringify(field.attribute)}: ${CONVERT[field.conversion](value)}`;
    }),
    `${JSON.stringify(DELETED_ATTRIBUTE)}: { 'BOOL': false }`,
  ].join(', ')} }`;

// An update names only what it changes: a field absent from the request keeps its value (the
// eksConfiguration cannot be updated, so the orchestration is never in an update).
const updated = (fields: readonly ConfigurationField[]): Expression =>
  `$merge([{}, ${fields
    .filter((field) => field.conversion !== 'orchestration')
    .map((field) => `($exists(${source(field)}) ? { ${JSON.stringify(field.attribute)}: ${CONVERT[field.conversion](source(field))} })`)
    .join(', ')}])`;

const deleted = (fields: readonly ConfigurationField[]): Expression =>
  `{ ${[...fields.map((field) => `${JSON.stringify(field.attribute)}: { 'NULL': true }`), `${JSON.stringify(DELETED_ATTRIBUTE)}: { 'BOOL': true }`].join(', ')} }`;

/** The helpers every change expression starts with: request, response, names, typed attribute values. */
const PRELUDE: Expression = `$request := $call.requestParameters;
  $response := $call.responseElements;
  $text := function($v) { $type($v) = 'string' and $v != '' };
  $nameOf := function($v) { $text($v) ? $split($v, '/')[-1] };
  $s := function($v) { $text($v) ? { 'S': $v } : { 'NULL': true } };
  $n := function($v) { $type($v) = 'number' ? { 'N': $string($v) } : { 'NULL': true } };
  $strings := function($v) { $type($v) = 'array' ? { 'L': [$v[$type($) = 'string'].{ 'S': $ }] } : { 'NULL': true } };
  $order := function($v) { $type($v) = 'array' ? { 'L': [$sort([$v[$text(computeEnvironment)]], function($a, $b) { $a.order > $b.order }).{ 'S': $nameOf(computeEnvironment) }] } : { 'NULL': true } };`;

/**
 * The request (or response) fields that name a call's resource, in the order they are tried: a
 * create names it in `…Name`, an update or delete in the field named for the resource (a name or
 * an ARN); the response names it too.
 */
const NAMED_BY = {
  computeEnvironment: ['$request.computeEnvironmentName', '$request.computeEnvironment', '$response.computeEnvironmentName'],
  jobQueue: ['$request.jobQueueName', '$request.jobQueue', '$response.jobQueueName'],
} as const;

/**
 * JSONata, over `$call` (`{ eventName, requestParameters, responseElements, version }`), of the
 * change configuration call `call` makes: `{ kind, name, version, call, fields }`, where `fields`
 * maps each attribute the call sets to its DynamoDB attribute value. A create sets every field
 * (absent ones to `NULL`, or the API's default), an update the fields its request names, a delete
 * sets every field to `NULL` and `deleted` to true. `name` is left out when the request names no
 * resource. One expression per call, so that each workflow state reads on a screen; the workflow
 * and `infra:backfill-config` both evaluate them, so their items cannot drift.
 *
 * The resource may be named by ARN (`arn:aws:batch:…:job-queue/high`): the name is the part after
 * the last `/` (names cannot contain one).
 *
 * @example
 * configurationChange('UpdateJobQueue'); // "( $request := $call.requestParameters; … )"
 */
export function configurationChange(call: ConfigurationCallName): Expression {
  const computeEnvironment = call.endsWith('ComputeEnvironment');
  const fields = computeEnvironment ? COMPUTE_ENVIRONMENT_FIELDS : JOB_QUEUE_FIELDS;
  const change = call.startsWith('Create') ? created(fields) : call.startsWith('Update') ? updated(fields) : deleted(fields);
  const [first, second, third] = computeEnvironment ? NAMED_BY.computeEnvironment : NAMED_BY.jobQueue;
  return `(
  ${PRELUDE}
  {
    'kind': '${computeEnvironment ? CONFIGURATION_KINDS.computeEnvironment : CONFIGURATION_KINDS.jobQueue}',
    'name': $nameOf($text(${first}) ? ${first} : ($text(${second}) ? ${second} : ${third})),
    'version': $call.version,
    'call': '${call}',
    'fields': ${change}
  }
)`;
}

/**
 * JSONata, over `$change` (from {@link configurationChange}) and `$item` (the item as DynamoDB
 * returns it, or nothing), of the write: `{ changed, fields, exists, revision, item }`. `fields`
 * are the attributes the change is newer for; `item` is the stored item with them replaced, their
 * versions recorded and the revision incremented; `revision` is the one read, for the condition.
 * A change newer for no field (`changed` false) was applied before, or is older than what is there.
 */
export const CONFIGURATION_MERGE: Expression = `(
  $versions := $item.${CONFIGURATION_TABLE.versionsAttribute}.M ? $item.${CONFIGURATION_TABLE.versionsAttribute}.M : {};
  $newer := function($f) { (
    $v := $lookup($versions, $f).S;
    $not($exists($v)) or $v < $change.version
  ) };
  $taken := [$keys($change.fields)[$newer($)]];
  $revision := $item.${CONFIGURATION_TABLE.revisionAttribute}.N ? $number($item.${CONFIGURATION_TABLE.revisionAttribute}.N) : 0;
  $last := $item.${CONFIGURATION_TABLE.lastChangeAttribute}.S;
  {
    'changed': $count($taken) > 0,
    'fields': $taken,
    'exists': $exists($item),
    'revision': $string($revision),
    'item': $merge([
      $exists($item) ? $item : {},
      $merge([{}, $taken.{ $: $lookup($change.fields, $) }]),
      {
        '${CONFIGURATION_TABLE.partitionKey}': { 'S': $change.kind & '#' & $change.name },
        'kind': { 'S': $change.kind },
        'name': { 'S': $change.name },
        '${CONFIGURATION_TABLE.versionsAttribute}': { 'M': $merge([$versions, $merge([{}, $taken.{ $: { 'S': $change.version } }])]) },
        '${CONFIGURATION_TABLE.revisionAttribute}': { 'N': $string($revision + 1) },
        '${CONFIGURATION_TABLE.lastChangeAttribute}': { 'S': $exists($last) and $last > $change.version ? $last : $change.version }
      }
    ])
  }
)`;

/**
 * The version of a call: CloudTrail's `eventTime` (whole seconds, `2024-05-01T12:00:00Z`), then its
 * `eventID` to order calls of the same second the same way wherever they are applied. Versions
 * compare as strings.
 *
 * @example
 * configurationVersion('2024-05-01T12:00:00Z', '874f89fa-…'); // '2024-05-01T12:00:00Z#874f89fa-…'
 */
export function configurationVersion(eventTime: string, eventId: string): string {
  return `${eventTime}#${eventId}`;
}
