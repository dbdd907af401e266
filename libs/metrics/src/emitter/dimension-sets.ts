import { METRIC_CATALOG, type MetricName } from '../catalog/catalog';
import type { DimensionValues } from './normalize-dimensions';

/**
 * The catalog dimension sets of `metric` that `dimensions` can fill, each with its values, in
 * catalog order. A set missing any key is skipped rather than published with a placeholder: a
 * partial set would be a different CloudWatch metric than the one dashboards and alarms query.
 *
 * @example
 * applicableDimensionSets('JobStateTransitions', { State: 'RUNNING', JobQueue: 'high' });
 * // [{ State: 'RUNNING' }, { State: 'RUNNING', JobQueue: 'high' }]
 */
export function applicableDimensionSets(metric: MetricName, dimensions: DimensionValues): Record<string, string>[] {
  const sets: Record<string, string>[] = [];
  for (const keys of METRIC_CATALOG[metric].dimensionSets) {
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
