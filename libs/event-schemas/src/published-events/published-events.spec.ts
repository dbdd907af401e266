import { EVENT_FAMILIES } from '../eventbridge/event-families';
import { familyOf } from '../validation/family-of';
import { validateEvent } from '../validation/validate-event';
import { jobShapeOf, type JobShape } from '../batch-jobs/job-detail';
import { jobStateChangeSchema } from '../batch-jobs/job-state-change';
import { PUBLISHED_EVENTS } from './published-events';

const byName = new Map(PUBLISHED_EVENTS.map((published) => [published.name, published.event]));
const published = (name: string): unknown => {
  const event = byName.get(name);
  if (event === undefined) throw new Error(`PUBLISHED_EVENTS: expected an event named "${name}", found none`);
  return event;
};

describe('PUBLISHED_EVENTS', () => {
  it('names each event once', () => {
    expect(byName.size).toBe(PUBLISHED_EVENTS.length);
  });

  it.each(PUBLISHED_EVENTS.map((p) => [p.name, p] as const))('classifies %s as its family', (_name, p) => {
    expect(familyOf(p.event)).toBe(p.family);
  });

  it.each(PUBLISHED_EVENTS.map((p) => [p.name, p.event] as const))('validates %s', (_name, event) => {
    const validation = validateEvent(event);
    expect(validation.ok ? [] : validation.issues).toEqual([]);
  });

  it('holds events from before 2018 and after 2024', () => {
    const years = PUBLISHED_EVENTS.map((p) => p.year);
    expect(Math.min(...years)).toBeLessThan(2018);
    expect(Math.max(...years)).toBeGreaterThan(2024);
  });

  it('covers the four EventBridge-native families', () => {
    const families = new Set(PUBLISHED_EVENTS.map((p) => p.family));
    expect(EVENT_FAMILIES.filter((family) => families.has(family))).toEqual([
      'BatchJobStateChange',
      'BatchJobQueueBlocked',
      'EcsTaskStateChange',
      'EcsContainerInstanceStateChange',
    ]);
  });
});

describe('the shapes of the published Batch jobs', () => {
  it.each<[string, JobShape]>([
    ['Batch RUNNABLE job, 2017 documentation sample', 'container'],
    ['Batch RUNNABLE job, 2022 documentation sample', 'container'],
    ['Batch RUNNING job defined with ECS properties, 2025 capture', 'multiContainer'],
    ['Batch SUCCEEDED job defined with ECS properties, 2025 capture', 'multiContainer'],
    ['Batch multi-node main node RUNNING, 2025 capture', 'multiNode'],
    ['Batch multi-node child node FAILED, 2025 capture', 'multiNode'],
  ])('%s is a %s job', (name, shape) => {
    expect(jobShapeOf(jobStateChangeSchema.parse(published(name)).detail)).toBe(shape);
  });

  it('the 2017 sample has no jobArn, tags or platformCapabilities', () => {
    const detail = jobStateChangeSchema.parse(published('Batch RUNNABLE job, 2017 documentation sample')).detail;
    expect([detail.jobArn, detail.tags, detail.platformCapabilities]).toEqual([undefined, undefined, undefined]);
  });

  it('the 2025 captures carry an empty eksAttempts list on ECS jobs', () => {
    const detail = jobStateChangeSchema.parse(published('Batch RUNNING job defined with ECS properties, 2025 capture')).detail;
    expect(detail.eksAttempts).toEqual([]);
  });
});
