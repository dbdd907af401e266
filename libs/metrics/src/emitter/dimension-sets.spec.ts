import { applicableDimensionSets } from './dimension-sets';

describe('applicableDimensionSets', () => {
  it('keeps only the catalog sets whose keys the record all carries, in catalog order', () => {
    expect(applicableDimensionSets('JobStateTransitions', { State: 'RUNNING', InstanceType: 'c5.large' })).toEqual([
      { State: 'RUNNING' },
      { State: 'RUNNING', InstanceType: 'c5.large' },
    ]);
  });

  it('returns no set when the record fills none', () => {
    expect(applicableDimensionSets('SkippedEvents', { Reason: 'not-batch' })).toEqual([]);
  });

  it('ignores dimensions that none of the metric sets use', () => {
    expect(applicableDimensionSets('UncorrelatedEvents', { Workflow: 'job-states', LaunchType: 'FARGATE' })).toEqual([
      { Workflow: 'job-states' },
    ]);
  });
});
