import { TASK_STARTING_STATUSES, eventPatterns, familyOf, isBatchCluster } from '@batchmon/event-schemas';
import { compileEventPattern } from '@batchmon/emulator';
import { simulateWorkload, type SimulatedEvent } from '@batchmon/simulator';

// Story: an account runs ECS work of its own beside Batch. The simulator mixes tasks, RunTask calls
// and instance changes of clusters Batch did not create into the stream; batchmon's rules, matched
// as EventBridge matches them, let none of it through, while every Batch event that can add a
// metric reaches its family's workflow.

const matchers = Object.fromEntries(Object.entries(eventPatterns).map(([family, pattern]) => [family, compileEventPattern(pattern, family)]));
const { events } = simulateWorkload({ jobs: 200, seed: 17 });

/** The cluster an ECS-side event is about (bare name or ARN, as the event has it). */
function clusterOf(event: SimulatedEvent): string | undefined {
  const detail = event.detail as { clusterArn?: unknown; requestParameters?: { cluster?: unknown } };
  const cluster = detail.clusterArn ?? detail.requestParameters?.cluster;
  return typeof cluster === 'string' ? cluster : undefined;
}

/** Whether an event concerns an ECS cluster that Batch did not create. */
function isNonBatchEvent(event: SimulatedEvent): boolean {
  const cluster = clusterOf(event);
  return cluster !== undefined && !isBatchCluster(cluster);
}

/**
 * A task event or RunTask call no rule lets through: a task stopping can never add a placement, a
 * task on a container instance is placed by its job's own events (JobStates), and a RunTask call
 * that placed its task is counted by that job's STARTING event (only calls with placement failures
 * start the RunTask workflow).
 */
function isTaskLeftToOthers(event: SimulatedEvent): boolean {
  if (familyOf(event) === 'EcsRunTaskCall') {
    const failures = (event.detail as { responseElements?: { failures?: readonly { reason?: unknown }[] } | null }).responseElements?.failures ?? [];
    return !failures.some((failure) => failure.reason !== undefined);
  }
  if (familyOf(event) !== 'EcsTaskStateChange') return false;
  const detail = event.detail as { lastStatus?: string; desiredStatus?: string; containerInstanceArn?: string };
  const stopping = !(TASK_STARTING_STATUSES as readonly (string | undefined)[]).includes(detail.lastStatus) || detail.desiredStatus !== 'RUNNING';
  return stopping || detail.containerInstanceArn !== undefined;
}

describe('non-Batch ECS activity in the account', () => {
  it('is in the simulated stream', () => {
    expect(events.some(isNonBatchEvent)).toBe(true);
  });

  it('is filtered out by batchmon rule patterns, while every Batch event that can add a metric matches its family rule', () => {
    for (const event of events) {
      const family = familyOf(event) ?? '';
      expect(matchers[family]?.(event)).toBe(!isNonBatchEvent(event) && !isTaskLeftToOthers(event));
    }
  });
});
