import { computeEnvironmentName, jobDefinitionName, jobQueueName } from '@batchmon/event-schemas';
import type { Dimension } from '../catalog/catalog';
import { UNKNOWN_DIMENSION_VALUE } from '../constants';

/** Dimension values of a record, keyed by catalog dimension. */
export type DimensionValues = Partial<Record<Dimension, string>>;

/**
 * A bare compute environment name: no ARN separators. Workflows that already know the name (from
 * the instances table) may send it as is; anything ARN-like that the Batch naming rules do not
 * recognize is collapsed to `unknown` rather than published raw, because a raw ARN or cluster id
 * would create one CloudWatch metric per value.
 */
const BARE_NAME = /^[^:/]+$/;

function computeEnvironment(raw: string): string | undefined {
  return computeEnvironmentName(raw) ?? (BARE_NAME.test(raw) ? raw : undefined);
}

/** Keys whose raw AWS identifiers carry unbounded parts (ARN prefixes, revisions, cluster ids). */
const NORMALIZERS: Partial<Record<Dimension, (raw: string) => string | undefined>> = {
  JobQueue: jobQueueName,
  JobDefinition: jobDefinitionName,
  ComputeEnvironment: computeEnvironment,
};

/**
 * Turns one raw dimension value into the bounded name published to CloudWatch: the job queue name
 * from its ARN, the job definition name without `:revision`, the compute environment name from a
 * Batch ECS cluster name/ARN or a compute environment ARN; other keys unchanged. A value that is
 * empty (or becomes empty) is published as `unknown`, which CloudWatch accepts and dashboards show.
 *
 * @example
 * normalizeDimensionValue('JobDefinition', 'arn:aws:batch:eu-west-1:123456789012:job-definition/render:7'); // 'render'
 * normalizeDimensionValue('ComputeEnvironment', 'AWSBatch-gpu-spot-1f2e3d4c-0000-1111-2222-333344445555'); // 'gpu-spot'
 * normalizeDimensionValue('State', ''); // 'unknown'
 */
export function normalizeDimensionValue(key: Dimension, raw: string): string {
  const normalize = NORMALIZERS[key];
  const value = normalize === undefined ? raw : normalize(raw);
  // CloudWatch rejects blank dimension values, and aws-embedded-metrics throws on them.
  return value === undefined || value.trim() === '' ? UNKNOWN_DIMENSION_VALUE : value;
}

/**
 * Normalizes every dimension value of a record (see {@link normalizeDimensionValue}).
 *
 * @example
 * normalizeDimensions({ State: 'RUNNING', JobQueue: 'arn:aws:batch:eu-west-1:123456789012:job-queue/high' });
 * // { State: 'RUNNING', JobQueue: 'high' }
 */
export function normalizeDimensions(dimensions: DimensionValues): DimensionValues {
  const normalized: DimensionValues = {};
  for (const [key, raw] of Object.entries(dimensions) as [Dimension, string | undefined][]) {
    if (raw !== undefined) normalized[key] = normalizeDimensionValue(key, raw);
  }
  return normalized;
}
