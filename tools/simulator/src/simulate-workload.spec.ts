import { validateEvent } from '@batchmon/event-schemas';
import { simulateWorkload, simulateWorkloadStream } from './simulate-workload';
import { WorkloadNotFinishedError } from './errors';
import { WorkloadOptionsError } from './errors';
import { timeOf } from './__fixtures__/workload-views';

describe('simulateWorkload', () => {
  const base = simulateWorkload({ jobs: 200, seed: 11 });

  it('produces byte-identical events and truth for the same options', () => {
    const again = simulateWorkload({ jobs: 200, seed: 11 });
    expect(JSON.stringify(again.events)).toBe(JSON.stringify(base.events));
    expect(again.truth).toEqual(base.truth);
  });

  it('produces different events for a different seed', () => {
    const other = simulateWorkload({ jobs: 200, seed: 12 });
    expect(other.events.map((event) => event.id)).not.toEqual(base.events.map((event) => event.id));
    expect(other.truth.jobStateTransitions).not.toEqual(base.truth.jobStateTransitions);
  });

  it('produces only events that pass validateEvent', () => {
    const invalid = base.events
      .map((event) => ({ event, result: validateEvent(event) }))
      .filter(({ result }) => !result.ok)
      .slice(0, 3);
    expect(invalid).toEqual([]);
  });

  it('gives every event a unique id when nothing is duplicated', () => {
    expect(new Set(base.events.map((event) => event.id)).size).toBe(base.events.length);
  });

  it('delivers events in simulated time order when reordering is off', () => {
    const times = base.events.map(timeOf);
    expect(times.every((time, index) => index === 0 || time >= (times[index - 1] ?? time))).toBe(true);
  });

  it('starts at the requested time', () => {
    const { events } = simulateWorkload({ jobs: 5, start: '2025-01-02T03:04:05Z' });
    expect(Math.min(...events.map(timeOf))).toBeGreaterThanOrEqual(Date.parse('2025-01-02T03:04:05Z'));
    expect(events[0]?.time.startsWith('2025-01-02T03:0')).toBe(true);
  });

  it('counts in the truth exactly the events it delivers', () => {
    expect(base.truth.eventsDelivered).toBe(base.events.length);
    expect(base.truth.events).toBe(base.events.length);
    expect(Object.values(base.truth.eventsByFamily).reduce((sum, count) => sum + count, 0)).toBe(base.truth.events);
  });

  it('makes the number of SubmitJob calls asked for', () => {
    expect(base.truth.submissions).toBe(200);
  });

  it('finishes a 1,000-job run', () => {
    const { truth } = simulateWorkload({ jobs: 1000, seed: 5, keepFinishedJobs: false });
    expect(truth.terminalJobs.SUCCEEDED + truth.terminalJobs.FAILED).toBe(truth.batchJobs);
    expect(truth.finishedJobs).toEqual([]);
  });

  it('rejects invalid options before producing anything, naming the option', () => {
    expect(() => simulateWorkload({ jobs: 0 })).toThrow(new WorkloadOptionsError('jobs: expected a positive integer, found 0'));
  });
});

describe('simulateWorkloadStream', () => {
  it('yields the same events, in the same order, as the array variant', () => {
    const { events, truth } = simulateWorkload({ jobs: 120, seed: 3, duplicateRate: 0.05, reorderRate: 0.05 });
    const stream = simulateWorkloadStream({ jobs: 120, seed: 3, duplicateRate: 0.05, reorderRate: 0.05 });
    expect(JSON.stringify([...stream])).toBe(JSON.stringify(events));
    expect(stream.truth).toEqual(truth);
  });

  it('withholds the ground truth until the stream has been read to its end', () => {
    const stream = simulateWorkloadStream({ jobs: 10 });
    stream.next();
    expect(stream.finished).toBe(false);
    expect(() => stream.truth).toThrow(WorkloadNotFinishedError);
    const rest = [...stream];
    expect(rest.length).toBeGreaterThan(0);
    expect(stream.finished).toBe(true);
    expect(stream.truth.submissions).toBe(10);
  });
});
