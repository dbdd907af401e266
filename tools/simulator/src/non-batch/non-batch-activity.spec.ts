import { familyOf } from '@batchmon/event-schemas';
import { simulateWorkload } from '../simulate-workload';
import { isNonBatchEvent } from '../__fixtures__/workload-views';

const { events, truth } = simulateWorkload({ jobs: 200, seed: 17 });

describe('non-Batch activity', () => {
  // That batchmon's rules let none of it through is a story of tools/scenarios (non-batch-activity.spec.ts).
  it('mixes tasks, RunTask calls and instance changes of non-Batch clusters into the stream', () => {
    const nonBatch = events.filter(isNonBatchEvent);
    expect(nonBatch.length).toBe(truth.nonBatchEvents);
    expect(new Set(nonBatch.map(familyOf))).toEqual(new Set(['EcsTaskStateChange', 'EcsRunTaskCall', 'EcsContainerInstanceStateChange']));
  });

  it('stops when asked to', () => {
    expect(simulateWorkload({ jobs: 50, nonBatchActivity: false }).truth.nonBatchEvents).toBe(0);
  });
});
