import { dimensionSetsFor, type MetricName, type MetricsProfile } from '../catalog/catalog';
import type { DimensionValues } from './normalize-dimensions';

/**
 * The dimension sets of `metric` that `profile` publishes and `dimensions` can fill, each with its
 * values, cheapest profile first. A set missing any key is skipped rather than published with a
 * placeholder: a partial set would be a different CloudWatch metric than the one dashboards and
 * alarms query.
 *
 * @example
 * applicableDimensionSets('FinishedJobs', { State: 'FAILED', JobQueue: 'high', JobDefinition: 'etl' }, 'essential');
 * // [{ State: 'FAILED' }, { State: 'FAILED', JobQueue: 'high' }]
 */
export function applicableDimensionSets(metric: MetricName, dimensions: DimensionValues, profile: MetricsProfile): Record<string, string>[] {
  const sets: Record<string, string>[] = [];
  for (const keys of dimensionSetsFor(metric, profile)) {
    const set: Record<string, string> = {};
    let complete = true;
    for (const key of keys) {
      const value = dimensions[key];
      if (value === undefined) {
        complete = false;
        break;
      }
      set[key] = value;
    }
    if (complete) sets.push(set);
  }
  return sets;
}
