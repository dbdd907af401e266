// Dimension values must be names, not ARNs (readable dashboards) and job definitions must lose
// their revision (otherwise every re-registration starts a new metric series).

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
// Cluster and compute environment names are letters, digits, hyphens and underscores.
const NAME = '[A-Za-z0-9_-]+';

// The greedy name group backtracks until the anchored uuid fits, so hyphens and underscores
// inside the compute environment's own name are kept.
const CURRENT_BATCH_CLUSTER = new RegExp(`^AWSBatch-(${NAME})-${UUID}$`);
const OLDER_BATCH_CLUSTER = new RegExp(`^(${NAME})_Batch_${UUID}$`);

/**
 * The two names AWS Batch gives the ECS cluster of a compute environment; group 1 is the compute
 * environment's name. Exported so the workflows' JSONata derives it with the very same expressions.
 */
export const BATCH_CLUSTER_NAME_PATTERNS = { current: CURRENT_BATCH_CLUSTER, older: OLDER_BATCH_CLUSTER } as const;

const ECS_CLUSTER_ARN = /^arn:[^:]+:ecs:[^:]*:[^:]*:cluster\/(.+)$/;
const JOB_QUEUE_ARN = /^arn:[^:]+:batch:[^:]*:[^:]*:job-queue\/(.+)$/;
const JOB_DEFINITION_ARN = /^arn:[^:]+:batch:[^:]*:[^:]*:job-definition\/(.+)$/;
const COMPUTE_ENVIRONMENT_ARN = /^arn:[^:]+:batch:[^:]*:[^:]*:compute-environment\/(.+)$/;
const REVISION = /:\d+$/;

/**
 * The name of an ECS cluster given as a name or an ARN.
 *
 * @example
 * ```ts
 * clusterName('arn:aws:ecs:us-east-1:123456789012:cluster/AWSBatch-ce-0f3e…'); // 'AWSBatch-ce-0f3e…'
 * clusterName('default'); // 'default'
 * ```
 */
export function clusterName(clusterOrArn: string): string {
  return ECS_CLUSTER_ARN.exec(clusterOrArn)?.[1] ?? clusterOrArn;
}

function computeEnvironmentOfCluster(clusterOrArn: string): string | undefined {
  const name = clusterName(clusterOrArn);
  return CURRENT_BATCH_CLUSTER.exec(name)?.[1] ?? OLDER_BATCH_CLUSTER.exec(name)?.[1];
}

/**
 * Whether an ECS cluster (name or ARN) is one that AWS Batch created for a compute environment:
 * `AWSBatch-<ce>-<uuid>` or the older `<ce>_Batch_<uuid>`.
 *
 * @example
 * ```ts
 * isBatchCluster('AWSBatch-gpu-ce-5b7e9d2c-1a4f-4c1e-9f0a-2b3c4d5e6f70'); // true
 * isBatchCluster('default'); // false
 * ```
 */
export function isBatchCluster(clusterOrArn: string): boolean {
  return computeEnvironmentOfCluster(clusterOrArn) !== undefined;
}

/**
 * The compute environment name behind a Batch ECS cluster (name or ARN, both naming formats) or a
 * Batch compute environment ARN; `undefined` when the input is neither.
 *
 * @example
 * ```ts
 * computeEnvironmentName('AWSBatch-my-ce-5b7e9d2c-1a4f-4c1e-9f0a-2b3c4d5e6f70'); // 'my-ce'
 * computeEnvironmentName('my_ce_Batch_5b7e9d2c-1a4f-4c1e-9f0a-2b3c4d5e6f70'); // 'my_ce'
 * computeEnvironmentName('arn:aws:batch:us-east-1:123456789012:compute-environment/my-ce'); // 'my-ce'
 * computeEnvironmentName('default'); // undefined
 * ```
 */
export function computeEnvironmentName(clusterOrCe: string): string | undefined {
  return COMPUTE_ENVIRONMENT_ARN.exec(clusterOrCe)?.[1] ?? computeEnvironmentOfCluster(clusterOrCe);
}

/**
 * The job queue name from a job queue ARN; a bare name passes through.
 *
 * @example
 * ```ts
 * jobQueueName('arn:aws:batch:us-east-1:123456789012:job-queue/q1'); // 'q1'
 * jobQueueName('q1'); // 'q1'
 * ```
 */
export function jobQueueName(arnOrName: string): string {
  return JOB_QUEUE_ARN.exec(arnOrName)?.[1] ?? arnOrName;
}

/**
 * The job definition name without its revision, from an ARN, `name:revision` or a bare name.
 *
 * @example
 * ```ts
 * jobDefinitionName('arn:aws:batch:us-east-1:123456789012:job-definition/def:3'); // 'def'
 * jobDefinitionName('def:3'); // 'def'
 * jobDefinitionName('def'); // 'def'
 * ```
 */
export function jobDefinitionName(arnOrName: string): string {
  const nameAndRevision = JOB_DEFINITION_ARN.exec(arnOrName)?.[1] ?? arnOrName;
  return nameAndRevision.replace(REVISION, '');
}
