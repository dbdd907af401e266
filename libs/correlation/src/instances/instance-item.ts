/**
 * The instances table: one item per ECS container instance of a Batch compute environment,
 * keyed by container instance ARN (the only instance id that Batch job events carry).
 *
 * Attributes, all written by the workflows through direct DynamoDB integrations:
 * `ec2InstanceId`, `cluster`, `computeEnvironment`, `availabilityZone`, `instanceType`,
 * `cpuArchitecture`, `amiId`, `registeredCpu`, `registeredMemory` (CPU units and MiB, as
 * registered), `registeredAt` and `deregisteredAt` with the marks of the executions that wrote
 * them (`registeredBy`, `deregisteredBy`), `status`, `capacityVersion` and `capacityBy` (the
 * latest container instance state change applied, and its execution), `cap` (see
 * {@link INSTANCES_TABLE}), `expiresAt`. The history is a fixed set of attributes (first time
 * of each lifecycle event), so an item never grows: DynamoDB caps items at 400 KB. Items stay well
 * under 1 KB, so each write costs one write unit.
 */
export const INSTANCES_TABLE = {
  /** Partition key (string). */
  partitionKey: 'containerInstanceArn',
  /** TTL attribute (epoch seconds). */
  timeToLiveAttribute: 'expiresAt',
  /**
   * The instance's capacity while it counts (ACTIVE or DRAINING), absent otherwise: `cap`
   * (`capacity` is a reserved word) is
   * `<instance type>|<AZ>|<registered CPU>|<registered MiB>|<remaining CPU>|<remaining MiB>`, one
   * short string the CapacityLevels workflow sums every minute. No index carries it: the levels
   * are read by a paginated Scan of this small table once a minute, which costs less than an index
   * entry written at every container instance change (see `CapacityLevels`).
   */
  capacityAttribute: 'cap',
} as const;

/** Value written where the event does not tell (an attribute missing from a registration). */
export const UNKNOWN = 'unknown';

/**
 * The jobs table: one item per Batch job (key: job id; multi-node nodes and array children have
 * ids of their own), written by JobStates and JobsPlaced. Items expire some days after the job
 * ends. Only what a later event reads is kept, under short names, so that the item of a job's
 * whole life stays under 1 KB (one write unit per write; "Item sizes and formats", DynamoDB
 * developer guide):
 * - `<STATE>#<attempt>` (e.g. `RUNNING#0`): the mark of the execution that counted the attempt's
 *   entry into the state;
 * - `<STATE>` (e.g. `RUNNING`): the job's first entry into the state, `{ t: epoch milliseconds,
 *   a: attempt }`, whatever attempt got there first — durations are measured between these;
 * - {@link JOBS_TABLE.placementAttribute}: the instance the job was placed on;
 * - `task#<task id>`: the mark of the execution that counted the ECS task placed (JobStates for a
 *   task on a container instance, from the job's events; JobsPlaced from the task's own events,
 *   Fargate tasks by its rule): whichever comes first counts it, the other finds its mark;
 * - {@link JOBS_TABLE.stateSetAttribute}, {@link JOBS_TABLE.liveAttribute} or
 *   {@link JOBS_TABLE.endedAttribute}: the job's state entries and queue, for the live counts.
 */
export const JOBS_TABLE = {
  /** Partition key (string). */
  partitionKey: 'jobId',
  /** TTL attribute (epoch seconds). */
  timeToLiveAttribute: 'expiresAt',
  /** The instance the job was placed on: `{ arn, ec2, ce, az, type }`. */
  placementAttribute: 'placed',
  /** Prefix of the attribute of each ECS task of the job. */
  taskAttributePrefix: 'task#',
  /**
   * The job's entries into states, a string set (`s`): one `<attempt>|<state order>|<epoch
   * seconds>[|<compute environment>]` per attempt and state seen (the order of `JOB_STATUSES`,
   * `@batchmon/event-schemas`; the compute environment of the container instance the event names,
   * when known). Each transition
   * adds its entry (`ADD`): a set union is idempotent and commutative, so a repeated or older event
   * never changes which entry ranks highest — the job's current state is the entry of the greatest
   * attempt and state order, whatever the order of arrival, with no condition on the write.
   */
  stateSetAttribute: 's',
  /**
   * The job's queue name while the job is live (not SUCCEEDED or FAILED): the key of
   * {@link JOBS_TABLE.liveIndex}. A terminal event moves it to {@link JOBS_TABLE.endedAttribute},
   * so that the job leaves the index.
   */
  liveAttribute: 'live',
  /** The job's queue name once a terminal event was seen. */
  endedAttribute: 'ended',
  /**
   * A sparse global secondary index of the live jobs (those with {@link JOBS_TABLE.liveAttribute}),
   * projecting the state set and the expiry: MinuteLevels counts the jobs in each
   * state by a Scan of this index, whose size follows the jobs running and waiting, not the days
   * of finished jobs the table keeps. An index entry is written only when a projected attribute
   * changes (a new state, a job ending), never for a repeated delivery
   * ("Provisioned throughput considerations for global secondary indexes", DynamoDB developer guide).
   */
  liveIndex: 'live',
} as const;

/**
 * The non-key attributes {@link JOBS_TABLE.liveIndex} projects: the state set and the expiry, so
 * that the minute's Scan reads each live job's current state, queue (the key), compute environment
 * and RUNNABLE entry time from the index alone. A transition changes the job's current state, so it
 * writes the index once whatever the design that lets the index answer (1 write unit per job state
 * event, about $0.23 per million events on the reference account); the others cost more:
 * - KEYS_ONLY would write the index only when a job enters and leaves it, but the minute would then
 *   read every live job's item (0.5 read unit a job a minute): dearer as soon as jobs live more than
 *   about half an hour, which Batch jobs commonly do;
 * - the state in the index key (or a sparse index per state) moves the entry at each transition: a
 *   delete and a put, two writes instead of one.
 * A repeated delivery changes neither attribute, so it writes nothing to the index.
 */
export const LIVE_INDEX_PROJECTION = [JOBS_TABLE.stateSetAttribute, JOBS_TABLE.timeToLiveAttribute] as const;

/**
 * The deliveries table: one item per event (or thing) a workflow without a table of its own has
 * counted — RunTask calls, blocked-queue events, monitored Auto Scaling groups — keyed by
 * `<workflow>#<identity>`. EventBridge delivers at least once: the mark of the execution that
 * counted the key makes a repeated delivery count once. Items expire a day after the event, well past the rules' maximum
 * event age (2 hours), so the table stays small.
 */
export const DELIVERIES_TABLE = {
  /** Partition key (string). */
  partitionKey: 'deliveryKey',
  /** The mark of the execution that counted the delivery. */
  markAttribute: 'countedBy',
  /** TTL attribute (epoch seconds). */
  timeToLiveAttribute: 'expiresAt',
} as const;

/** The instance's identity and placement attributes, which every instance-writing workflow sets. */
const IDENTITY_ATTRIBUTES = [
  'ec2InstanceId',
  'cluster',
  'computeEnvironment',
  'availabilityZone',
  'instanceType',
  'cpuArchitecture',
  'amiId',
] as const;

/** `cluster` is a DynamoDB reserved word: expressions name it `#cluster` (see {@link IDENTITY_NAMES}). */
const name = (attribute: string): string => (attribute === 'cluster' ? '#cluster' : attribute);

/** ExpressionAttributeNames the identity clause needs. */
export const IDENTITY_NAMES = { '#cluster': 'cluster' } as const;

/**
 * The SET actions of the identity attributes, from values `:<attribute>`: overwriting them (a
 * registration is the authority), or only filling in what the item does not have yet.
 */
export function setIdentity(mode: 'overwrite' | 'fillIn'): string {
  return IDENTITY_ATTRIBUTES.map((attribute) =>
    mode === 'overwrite' ? `${name(attribute)} = :${attribute}` : `${name(attribute)} = if_not_exists(${name(attribute)}, :${attribute})`,
  ).join(', ');
}

/** The ExpressionAttributeValues of {@link setIdentity}, each a string at `<path>.<attribute>`. */
export function identityValues(path: `$.${string}`): Record<string, { readonly 'S.$': string }> {
  return Object.fromEntries(IDENTITY_ATTRIBUTES.map((attribute) => [`:${attribute}`, { 'S.$': `${path}.${attribute}` }]));
}
