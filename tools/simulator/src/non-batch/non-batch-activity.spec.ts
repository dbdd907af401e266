import { TASK_STARTING_STATUSES, eventPatterns, familyOf } from '@batchmon/event-schemas';
import { compileEventPattern } from '../../emulator/eventbridge/event-pattern';
import { simulateWorkload } from '../simulate-workload';
import { isNonBatchEvent } from '../__fixtures__/workload-views';

const matchers = Object.fromEntries(Object.entries(eventPatterns).map(([family, pattern]) => [family, compileEventPattern(pattern, family)]));
const { events, truth } = simulateWorkload({ jobs: 200, seed: 17 });

/**
 * A task event no rule lets through: a task stopping can never add a placement, and a task on a
 * container instance is placed by its job's own events (JobStates).
 */
function isTaskLeftToOthers(event: (typeof events)[number]): boolean {
  if (familyOf(event) !== 'EcsTaskStateChange') return false;
  const detail = event.detail as { lastStatus?: string; desiredStatus?: string; containerInstanceArn?: string };
  const stopping = !(TASK_STARTING_STATUSES as readonly (string | undefined)[]).includes(detail.lastStatus) || detail.desiredStatus !== 'RUNNING';
  return stopping || detail.containerInstanceArn !== undefined;
}

describe('non-Batch activity', () => {
  it('mixes tasks, RunTask calls and instance changes of non-Batch clusters into the stream', () => {
    const nonBatch = events.filter(isNonBatchEvent);
    expect(nonBatch.length).toBe(truth.nonBatchEvents);
    expect(new Set(nonBatch.map(familyOf))).toEqual(new Set(['EcsTaskStateChange', 'EcsRunTaskCall', 'EcsContainerInstanceStateChange']));
  });

  it('is filtered out by batchmon rule patterns, while every Batch event that can add a metric matches its family rule', () => {
    for (const event of events) {
      const family = familyOf(event) ?? '';
      expect(matchers[family]?.(event)).toBe(!isNonBatchEvent(event) && !isTaskLeftToOthers(event));
    }
  });

  it('stops when asked to', () => {
    expect(simulateWorkload({ jobs: 50, nonBatchActivity: false }).truth.nonBatchEvents).toBe(0);
  });
});
