import { buildJobStateChange } from '@batchmon/event-schemas';
import { SeededRandom } from '../randomness/seeded-random';
import { simulateWorkload } from '../simulate-workload';
import type { SimulatedEvent } from '../simulated-event';
import { truthOfWhatHappened } from '../__fixtures__/workload-views';
import { DeliveryChannel } from './delivery-channel';

const generated: SimulatedEvent[] = Array.from({ length: 200 }, (_, index) => ({ ...buildJobStateChange(), id: `event-${index}` }));

function deliver(duplicateRate: number, reorderRate: number): { out: SimulatedEvent[]; channel: DeliveryChannel } {
  const channel = new DeliveryChannel(new SeededRandom(1), duplicateRate, reorderRate);
  const out: SimulatedEvent[] = [];
  for (const event of generated) channel.push(event, out);
  channel.flush(out);
  return { out, channel };
}

describe('DeliveryChannel', () => {
  it('delivers every event once, in order, when both rates are zero', () => {
    expect(deliver(0, 0).out.map((event) => event.id)).toEqual(generated.map((event) => event.id));
  });

  it('delivers every event twice when the duplicate rate is one, the copy a few events later', () => {
    const { out, channel } = deliver(1, 0);
    expect(out).toHaveLength(400);
    expect(channel.tally()).toEqual({ delivered: 400, duplicates: 200, reorderedPairs: 0 });
    for (const event of generated) {
      const positions = out.flatMap((delivered, index) => (delivered.id === event.id ? [index] : []));
      expect(positions).toHaveLength(2);
      const [first = 0, second = 0] = positions;
      expect(second - first).toBeGreaterThanOrEqual(1);
      expect(second - first).toBeLessThanOrEqual(20);
    }
  });

  it('swaps adjacent pairs only, never an event with its own copy', () => {
    const { out, channel } = deliver(0, 1);
    expect(channel.tally().reorderedPairs).toBe(100);
    expect(out.map((event) => event.id).slice(0, 4)).toEqual(['event-1', 'event-0', 'event-3', 'event-2']);
    const both = deliver(0.5, 1).out;
    expect(both.every((event, index) => index === 0 || both[index - 1]?.id !== event.id || both[index - 1] === event)).toBe(true);
  });
});

describe('delivery faults in a simulated workload', () => {
  const clean = simulateWorkload({ jobs: 150, seed: 14 });

  it('delivers a duplicateRate fraction of events twice, same id, and leaves the truth of what happened unchanged', () => {
    const noisy = simulateWorkload({ jobs: 150, seed: 14, duplicateRate: 0.1 });
    const copies = noisy.events.length - clean.events.length;
    expect(copies).toBe(noisy.truth.duplicatesDelivered);
    expect(copies / clean.events.length).toBeGreaterThan(0.07);
    expect(copies / clean.events.length).toBeLessThan(0.13);
    expect(new Set(noisy.events.map((event) => event.id))).toEqual(new Set(clean.events.map((event) => event.id)));
    expect(truthOfWhatHappened(noisy.truth)).toEqual(truthOfWhatHappened(clean.truth));
  });

  it('swaps about a reorderRate fraction of adjacent events, and leaves the truth of what happened unchanged', () => {
    const shuffled = simulateWorkload({ jobs: 150, seed: 14, reorderRate: 0.1 });
    let swaps = 0;
    for (let index = 0; index < clean.events.length; index += 1) {
      const expected = clean.events[index]?.id;
      if (shuffled.events[index]?.id === expected) continue;
      // Only adjacent swaps: the two positions hold each other's event.
      expect(shuffled.events[index]?.id).toBe(clean.events[index + 1]?.id);
      expect(shuffled.events[index + 1]?.id).toBe(expected);
      swaps += 1;
      index += 1;
    }
    expect(swaps).toBe(shuffled.truth.reorderedPairs);
    expect(swaps / clean.events.length).toBeGreaterThan(0.06);
    expect(swaps / clean.events.length).toBeLessThan(0.12);
    expect(truthOfWhatHappened(shuffled.truth)).toEqual(truthOfWhatHappened(clean.truth));
  });
});
