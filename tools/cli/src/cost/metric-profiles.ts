import { dimensionSetsFor, type MetricsProfile } from '@batchmon/metrics';
import type { DimensionSetsOf } from './series-count';

/**
 * The dimension sets a metric profile publishes, as the series count takes them.
 * @example dimensionSetsOfProfile('essential')('JobStateTransitions'); // [['State'], …]
 */
export function dimensionSetsOfProfile(profile: MetricsProfile): DimensionSetsOf {
  return (metric) => dimensionSetsFor(metric, profile);
}
