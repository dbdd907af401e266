import { JOB_STATUSES } from '@batchmon/event-schemas';
import { dimensionSetsFor, METRIC_NAMES, METRICS_PROFILES, UNKNOWN_DIMENSION_VALUE, type Dimension, type MetricName } from '@batchmon/metrics';
import { dimensionSetsOfProfile } from './metric-profiles';
import { countSeries, setKey, shapeCombinations, totalSeries, valuesKey, type AccountShape, type ObservedSeries, type ReasonDomains } from './series-count';

const shape: AccountShape = {
  jobQueues: 20,
  computeEnvironments: 10,
  jobDefinitions: 50,
  availabilityZones: 6,
  instanceTypes: 30,
  queuesPerJobDefinition: 2,
  computeEnvironmentsPerQueue: 2,
  instanceTypesPerComputeEnvironment: 3,
  availabilityZonesPerComputeEnvironment: 3,
};
const noReasons: ReasonDomains = { pairs: new Map(), reasons: new Map() };
const observe = (metric: MetricName, dimensions: readonly Dimension[], ...combinations: string[][]): ObservedSeries =>
  new Map([[metric, new Map([[setKey(dimensions), new Set(combinations.map(valuesKey))]])]]);

describe('shape combinations', () => {
  it('bounds job queue × job definition pairs by the queues each definition is used in', () => {
    expect(shapeCombinations(['JobQueue', 'JobDefinition'], shape)).toBe(shape.jobDefinitions * shape.queuesPerJobDefinition);
  });

  it('bounds compute environment × instance type × AZ by each environment’s types and AZs', () => {
    expect(shapeCombinations(['ComputeEnvironment', 'InstanceType', 'AvailabilityZone'], shape)).toBe(
      shape.computeEnvironments * shape.instanceTypesPerComputeEnvironment * shape.availabilityZonesPerComputeEnvironment,
    );
  });

  it('caps a combination by the account’s totals when the wiring would allow more', () => {
    const small = { ...shape, availabilityZones: 2, instanceTypes: 2 };
    expect(shapeCombinations(['ComputeEnvironment', 'InstanceType', 'AvailabilityZone'], small)).toBe(small.computeEnvironments * 2 * 2);
  });

  it('counts instance types in use: at most each compute environment’s types', () => {
    expect(shapeCombinations(['InstanceType'], { ...shape, computeEnvironments: 2 })).toBe(2 * shape.instanceTypesPerComputeEnvironment);
  });

  it('counts one series for a set without dimensions', () => {
    expect(shapeCombinations([], shape)).toBe(1);
  });
});

describe('series count', () => {
  const catalog: Partial<Record<MetricName, readonly (readonly Dimension[])[]>> = {
    JobStateTransitions: [['State'], ['State', 'JobQueue']],
  };
  const setsOf = (fake: typeof catalog) => (metric: MetricName) => fake[metric] ?? [];

  it('multiplies the states that occurred under a set by the job queues', () => {
    const observed = observe('JobStateTransitions', ['State', 'JobQueue'], ['RUNNING', 'q1'], ['FAILED', 'q2'], ['RUNNING', 'q2']);
    const sets = countSeries({ shape, dimensionSetsOf: setsOf(catalog), observed, reasons: noReasons, metrics: ['JobStateTransitions'] });
    expect(sets.find((set) => set.dimensions.length === 2)?.series).toBe(2 * shape.jobQueues);
  });

  it('counts every job status under a set the run never filled', () => {
    const sets = countSeries({ shape, dimensionSetsOf: setsOf(catalog), observed: new Map(), reasons: noReasons, metrics: ['JobStateTransitions'] });
    expect(sets.find((set) => set.dimensions.length === 1)?.series).toBe(JOB_STATUSES.length);
  });

  it('adds the series of a metric added to the catalog', () => {
    const before = totalSeries(countSeries({ shape, dimensionSetsOf: setsOf(catalog), observed: new Map(), reasons: noReasons }));
    const grown = { ...catalog, FailedRunTaskCalls: [['JobQueue', 'ComputeEnvironment']] as const };
    const after = totalSeries(countSeries({ shape, dimensionSetsOf: setsOf(grown), observed: new Map(), reasons: noReasons }));
    expect(after - before).toBe(shape.jobQueues * shape.computeEnvironmentsPerQueue);
  });

  it('adds one series per combination published with an unknown instance type', () => {
    const dimensions = ['State', 'InstanceType'] as const;
    const observed = observe('JobStateTransitions', dimensions, ['RUNNING', 'm5.large'], ['RUNNING', UNKNOWN_DIMENSION_VALUE], ['FAILED', UNKNOWN_DIMENSION_VALUE]);
    const sets = countSeries({ shape, dimensionSetsOf: () => [dimensions], observed, reasons: noReasons, metrics: ['JobStateTransitions'] });
    expect(sets[0]?.series).toBe(1 * shape.instanceTypes + 2);
  });

  it('counts workflow × reason pairs from the code, and workflows alone once each', () => {
    const reasons: ReasonDomains = { pairs: new Map([['SkippedEvents', [['A', 'x'], ['A', 'y'], ['B', 'x']]]]), reasons: new Map() };
    const sets = countSeries({ shape, dimensionSetsOf: () => [['Workflow'], ['Workflow', 'Reason']], observed: new Map(), reasons, metrics: ['SkippedEvents'] });
    expect(sets.map((set) => set.series)).toEqual([2, 3]);
  });

  it('counts computed reasons beside a shape dimension', () => {
    const reasons: ReasonDomains = { pairs: new Map(), reasons: new Map([['PlacementFailures', ['RESOURCE:MEMORY', 'other']]]) };
    const sets = countSeries({ shape, dimensionSetsOf: () => [['ComputeEnvironment', 'Reason']], observed: new Map(), reasons, metrics: ['PlacementFailures'] });
    expect(sets[0]?.series).toBe(shape.computeEnvironments * 2);
  });
});

describe('series count over the catalog', () => {
  it('counts one entry per dimension set each metrics profile publishes', () => {
    for (const profile of METRICS_PROFILES) {
      const sets = countSeries({ shape, dimensionSetsOf: dimensionSetsOfProfile(profile), observed: new Map(), reasons: noReasons });
      expect(sets.length).toBe(METRIC_NAMES.reduce((sum, metric) => sum + dimensionSetsFor(metric, profile).length, 0));
    }
  });
});
