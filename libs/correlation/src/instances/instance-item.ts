/**
 * The instances table: one item per ECS container instance of a Batch compute environment,
 * keyed by container instance ARN (the only instance id that Batch job events carry).
 *
 * Attributes, all written by the workflows through direct DynamoDB integrations:
 * `ec2InstanceId`, `cluster`, `computeEnvironment`, `availabilityZone`, `instanceType`,
 * `cpuArchitecture`, `amiId`, `registeredCpu`, `registeredMemory` (CPU units and MiB),
 * `registeredAt`, `deregisteredAt`, `lastEventName`, `lastEventTime`, `eventCount`, `expiresAt`.
 * The history is a fixed set of attributes (first time of each lifecycle event, the last event and
 * a count), so an item never grows: DynamoDB caps items at 400 KB.
 */
export const INSTANCES_TABLE = {
  /** Partition key (string). */
  partitionKey: 'containerInstanceArn',
  /** TTL attribute (epoch seconds). */
  timeToLiveAttribute: 'expiresAt',
} as const;

/** Value written where the event does not tell (an attribute missing from a registration). */
export const UNKNOWN = 'unknown';

/**
 * The jobs table: one item per Batch job (key: job id; multi-node nodes and array children have
 * ids of their own), written by JobStates (first time seen in each state, attempts, instance) and
 * by JobsPlaced (the task placed for the job). Items expire some days after the job ends.
 */
export const JOBS_TABLE = {
  /** Partition key (string). */
  partitionKey: 'jobId',
  /** TTL attribute (epoch seconds). */
  timeToLiveAttribute: 'expiresAt',
} as const;

/**
 * The capacity table: running totals of registered and reserved CPU and memory, one item per
 * compute environment (`ce#<name>`) and per compute environment, instance type and AZ
 * (`ce#<name>#<type>#<az>`). ContainerInstanceState adds each instance's change to them
 * atomically (ADD), so the totals are levels that need no polling.
 */
export const CAPACITY_TABLE = {
  /** Partition key (string). */
  partitionKey: 'scope',
} as const;

/**
 * The deliveries table: one item per event (or thing) a workflow without a table of its own has
 * counted — RunTask calls, blocked-queue events, monitored Auto Scaling groups — keyed by
 * `<workflow>#<identity>`. EventBridge delivers at least once: a conditional put on this key makes a
 * repeated delivery count once. Items expire a day after the event, well past the rules' maximum
 * event age (2 hours), so the table stays small.
 */
export const DELIVERIES_TABLE = {
  /** Partition key (string). */
  partitionKey: 'deliveryKey',
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
