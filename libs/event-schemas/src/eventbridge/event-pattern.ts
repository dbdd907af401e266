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

/** Current Batch cluster names start with this: `AWSBatch-<compute environment>-<uuid>`. */
export const BATCH_CLUSTER_NAME_PREFIX = 'AWSBatch-';

/*
 * Wildcards: EventBridge allows only 30 rules with wildcard filters per event bus, and the quota
 * cannot be raised ("Amazon EventBridge quotas",
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-quota.html), so batchmon's seven rules
 * use them in two only, where the cluster is the only sign of Batch in the event:
 * - ECS Container Instance State Change (`detail.clusterArn`, an ARN: `arn:<partition>:ecs:<region>:
 *   <account>:cluster/<name>` cannot be matched by prefix without the region and account, and the
 *   older `<ce>_Batch_<uuid>` names have their marker in the middle);
 * - RegisterContainerInstance / DeregisterContainerInstance (`requestParameters.cluster`, the ECS
 *   agent's call on the instance: a bare name or an ARN, in either naming form).
 * The others match exactly or by prefix: task state changes by the `AWS_BATCH_JOB_ID` variable in
 * their container overrides, RunTask calls by Batch as caller, its tags or a bare `AWSBatch-` name,
 * CreateAutoScalingGroup calls by a `Batch-lt-` launch template name (or any launch template id).
 */

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
  { prefix: BATCH_CLUSTER_NAME_PREFIX },
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
