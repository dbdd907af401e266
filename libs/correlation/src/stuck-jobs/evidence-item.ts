/**
 * The evidence table: what the diagnosis of stuck jobs reads about each compute environment,
 * written as the events arrive, one item per compute environment and ten-minute bucket (partition
 * key the compute environment's name, sort key the bucket's start, `2024-05-01T12:10`). Each
 * entry is added to a string set (`ADD`): a set union is idempotent and order-free, so a repeated
 * or late event changes nothing it should not, without a condition or a read. Buckets keep items
 * small (an update is billed by the item's size, one write unit per KB) and let the diagnosis read
 * only the last hour by one Query per compute environment. Items expire a day after their bucket.
 *
 * - {@link EVIDENCE_TABLE.launchFailuresAttribute}: `<epoch seconds>|<failure class>|<activity id>`
 *   per unsuccessful launch of the compute environment's Auto Scaling group;
 * - {@link EVIDENCE_TABLE.launchFailureMessageAttribute}: the status message of the latest one
 *   written (evidence text for the record);
 * - {@link EVIDENCE_TABLE.launchesAttribute}: `<epoch seconds>|<EC2 instance id>` per successful launch;
 * - {@link EVIDENCE_TABLE.placementFailuresAttribute}: `<epoch seconds>|<reason>` per distinct
 *   reason of a RunTask call's placement failures (`RESOURCE:MEMORY`).
 */
export const EVIDENCE_TABLE = {
  /** Partition key (string): the compute environment's name. */
  partitionKey: 'computeEnvironment',
  /** Sort key (string): the bucket's start, `YYYY-MM-DDTHH:MM`, minutes a multiple of ten. */
  sortKey: 'bucket',
  /** TTL attribute (epoch seconds). */
  timeToLiveAttribute: 'expiresAt',
  launchFailuresAttribute: 'lf',
  launchFailureMessageAttribute: 'lfm',
  launchesAttribute: 'ls',
  placementFailuresAttribute: 'pf',
} as const;

/** Minutes in one evidence bucket. */
export const EVIDENCE_BUCKET_MINUTES = 10;

/** How long evidence items are kept after their bucket, in seconds: far longer than any diagnosis reads. */
export const EVIDENCE_RETENTION_SECONDS = 86400;

/**
 * JSONata: the bucket of an epoch-milliseconds expression (`2024-05-01T12:10`).
 *
 * @example
 * evidenceBucket('$toMillis($event.time)');
 */
export function evidenceBucket(millis: string): string {
  const size = EVIDENCE_BUCKET_MINUTES * 60000;
  return `$fromMillis($floor((${millis}) / ${size}) * ${size}, '[Y0001]-[M01]-[D01]T[H01]:[m01]')`;
}
