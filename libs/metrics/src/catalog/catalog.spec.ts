import {
  DEFAULT_METRICS_PROFILE,
  dimensionSetsFor,
  isMetricsProfile,
  lowestProfileOf,
  METRIC_CATALOG,
  METRIC_NAMES,
  METRICS_PROFILES,
  type Dimension,
  type MetricName,
} from './catalog';

const keyOf = (set: readonly string[]): string => [...set].sort().join(',');
const essentialSets = METRIC_NAMES.flatMap((metric) => dimensionSetsFor(metric, 'essential').map((set) => ({ metric, set: set as readonly Dimension[] })));
const describeSet = ({ metric, set }: { metric: MetricName; set: readonly Dimension[] }): string => `${metric} [${set.join(', ')}]`;

describe('the metric catalog', () => {
  it('publishes the essential profile by default', () => {
    expect(DEFAULT_METRICS_PROFILE).toBe(METRICS_PROFILES[0]);
  });

  it('publishes every metric under at least one essential set, so the default profile shows all of them', () => {
    expect(METRIC_NAMES.filter((metric) => dimensionSetsFor(metric, 'essential').length === 0)).toEqual([]);
  });

  it('keeps job definitions out of the essential sets: each multiplies the series by every definition', () => {
    expect(essentialSets.filter(({ set }) => set.includes('JobDefinition')).map(describeSet)).toEqual([]);
  });

  it('keeps instance types out of the essential sets, alone or crossed with Availability Zones', () => {
    expect(essentialSets.filter(({ set }) => set.includes('InstanceType')).map(describeSet)).toEqual([]);
  });

  it('crosses at most two dimensions in an essential set', () => {
    expect(essentialSets.filter(({ set }) => set.length > 2).map(describeSet)).toEqual([]);
  });

  it('keeps every property of the FinishedJobs record: the per-job record Logs Insights drills down to', () => {
    expect(METRIC_CATALOG.FinishedJobs.properties).toBe('all');
  });

  it('lists each dimension set of a metric once, under a single profile', () => {
    for (const metric of METRIC_NAMES) {
      const keys = dimensionSetsFor(metric, 'detailed').map(keyOf);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it('publishes in a richer profile every set of the cheaper ones, cheapest first', () => {
    for (const metric of METRIC_NAMES) {
      const essential = dimensionSetsFor(metric, 'essential');
      expect(dimensionSetsFor(metric, 'detailed').slice(0, essential.length)).toEqual(essential);
    }
  });

  it('publishes in the detailed profile every set the catalog declares', () => {
    for (const metric of METRIC_NAMES) {
      const sets: Readonly<Record<string, readonly (readonly string[])[]>> = METRIC_CATALOG[metric].dimensionSets;
      const declared = METRICS_PROFILES.flatMap((profile) => sets[profile] ?? []);
      expect(dimensionSetsFor(metric, 'detailed')).toEqual(declared);
    }
  });
});

describe('lowestProfileOf', () => {
  it('names the profile a set is listed under, whatever the order of its keys', () => {
    for (const profile of METRICS_PROFILES) {
      for (const metric of METRIC_NAMES) {
        for (const set of METRIC_CATALOG[metric].dimensionSets[profile]) expect(lowestProfileOf(metric, [...set].reverse())).toBe(profile);
      }
    }
  });

  it('returns undefined for a set no profile publishes', () => {
    expect(lowestProfileOf('JobStateTransitions', ['JobQueue'])).toBeUndefined();
  });
});

describe('isMetricsProfile', () => {
  it.each(METRICS_PROFILES)('accepts %s', (profile) => {
    expect(isMetricsProfile(profile)).toBe(true);
  });

  it.each([['full'], ['Essential'], [''], [undefined], [1]])('rejects %p', (value) => {
    expect(isMetricsProfile(value)).toBe(false);
  });
});
