import { dimensionSetsFor } from '../catalog/catalog';
import { applicableDimensionSets } from './dimension-sets';

describe('applicableDimensionSets', () => {
  it('keeps only the sets of the profile whose keys the record all carries, in profile order', () => {
    expect(applicableDimensionSets('JobStateTransitions', { State: 'RUNNING', InstanceType: 'c5.large' }, 'detailed')).toEqual([
      { State: 'RUNNING' },
      { State: 'RUNNING', InstanceType: 'c5.large' },
    ]);
  });

  it('leaves out the sets of a richer profile than the configured one', () => {
    const dimensions = { State: 'FAILED', JobQueue: 'high', JobDefinition: 'etl' };
    const keysOf = (profile: 'essential' | 'detailed'): string[][] =>
      applicableDimensionSets('FinishedJobs', dimensions, profile).map((set) => Object.keys(set));
    expect(keysOf('essential')).toEqual(dimensionSetsFor('FinishedJobs', 'essential'));
    expect(keysOf('detailed')).toEqual(dimensionSetsFor('FinishedJobs', 'detailed'));
  });

  it('returns no set when the record fills none', () => {
    expect(applicableDimensionSets('SkippedEvents', { Reason: 'not-batch' }, 'detailed')).toEqual([]);
  });

  it('ignores dimensions that none of the metric sets use', () => {
    expect(applicableDimensionSets('UncorrelatedEvents', { Workflow: 'job-states', LaunchType: 'FARGATE' }, 'essential')).toEqual([
      { Workflow: 'job-states' },
    ]);
  });
});
