import type { Dimension } from './catalog/catalog';

/** CloudWatch namespace metrics are published to when neither an option nor the environment names one. */
export const DEFAULT_NAMESPACE = 'AWSBatchMetrics';

/** Environment variable the metrics Lambda reads its CloudWatch namespace from. */
export const NAMESPACE_ENV_VAR = 'METRICS_NAMESPACE';

/**
 * Environment variable the metrics Lambda reads its metrics profile from (`essential` or
 * `detailed`); the stack sets it from its `metricsProfile` option.
 */
export const PROFILE_ENV_VAR = 'METRICS_PROFILE';

/**
 * Dimension value published when a record carries a dimension without a usable value. An empty
 * string is not a valid CloudWatch dimension value, and dropping the dimension would silently move
 * the datapoint out of the series a dashboard queries, so it is counted under this value instead.
 */
export const UNKNOWN_DIMENSION_VALUE = 'unknown';

/**
 * Field naming the workflow (the message's source) on every EMF line: `infra:smoke` finds each
 * workflow's line by it in the log group.
 */
export const WORKFLOW_PROPERTY = 'Workflow' satisfies Dimension;
