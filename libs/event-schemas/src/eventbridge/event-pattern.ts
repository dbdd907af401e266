/**
 * A content filter on one event field, as documented in "Content filtering in Amazon EventBridge
 * event patterns". Only the filters batchmon uses are typed; anything else is a plain JSON value
 * that must equal the event's value.
 */
export type EventPatternFilter =
  | string
  | number
  | boolean
  | null
  | { readonly prefix: string }
  | { readonly suffix: string }
  | { readonly wildcard: string }
  | { readonly exists: boolean }
  | { readonly 'anything-but': string | number | readonly string[] | readonly number[] | { readonly prefix: string } };

/**
 * An EventBridge event pattern as a plain JSON object: each leaf is an array of filters (any may
 * match), each nested object narrows a nested field, and `$or` lists alternative sub-patterns.
 *
 * @example
 * ```ts
 * const pattern: EventPattern = { source: ['aws.batch'], detail: { status: ['FAILED'] } };
 * JSON.stringify(pattern); // what PutRule's EventPattern takes
 * ```
 */
export interface EventPattern {
  /** Alternative sub-patterns; the event matches if any of them matches (at least two, per the docs). */
  readonly $or?: readonly EventPattern[];
  readonly [field: string]: readonly EventPatternFilter[] | EventPattern | readonly EventPattern[] | undefined;
}

/**
 * Filters that match a Batch-managed ECS cluster given as a bare name **or** an ARN, as
 * CloudTrail `requestParameters.cluster` may carry either.
 *
 * Batch names clusters `AWSBatch-<compute environment>-<uuid>` (current) or
 * `<compute environment>_Batch_<uuid>` (older). Wildcards are kept few and never consecutive
 * (EventBridge rejects consecutive `*` and limits wildcard complexity); the exact uuid shape is
 * re-checked at run time by {@link isBatchCluster}, because a user could name a non-Batch cluster
 * `AWSBatch-x` or `a_Batch_b` and such names cannot be excluded cheaply at the rule.
 */
export const batchClusterNameOrArnFilters: readonly EventPatternFilter[] = [
  { prefix: 'AWSBatch-' },
  { wildcard: '*:cluster/AWSBatch-*' },
  { wildcard: '*_Batch_*' },
];

/**
 * Filters that match the ARN of a Batch-managed ECS cluster (ECS state change events always carry
 * `clusterArn` as a full ARN). See {@link batchClusterNameOrArnFilters} for the naming rules.
 */
export const batchClusterArnFilters: readonly EventPatternFilter[] = [
  { wildcard: '*:cluster/AWSBatch-*' },
  { wildcard: '*:cluster/*_Batch_*' },
];
