import type { SeededRandom } from '../randomness/seeded-random';
import type { DeliveryTally } from '../ground-truth/truth-recorder';
import type { SimulatedEvent } from '../simulated-event';

/** How many events later a duplicate arrives, at most (EventBridge redelivers soon after). */
const MAX_DUPLICATE_LAG = 8;

/**
 * EventBridge's delivery of the generated events: at least once and in no guaranteed order.
 *
 * - Duplicates: each event, with probability `duplicateRate`, is delivered a second time (the same
 *   event, same `id`) 1 to 8 events later.
 * - Reordering: each delivered event, with probability `reorderRate`, trades places with the event
 *   after it; a swapped pair is not swapped again, and an event never swaps with its own copy.
 *
 * It holds at most one event plus the pending copies, so streams of any length pass through it.
 * It draws from its own random stream: the workload is identical whatever the delivery knobs.
 */
export class DeliveryChannel {
  private held: SimulatedEvent | undefined;
  private readonly copies: { due: number; event: SimulatedEvent }[] = [];
  private generated = 0;
  private delivered = 0;
  private duplicates = 0;
  private swaps = 0;

  constructor(
    private readonly random: SeededRandom,
    private readonly duplicateRate: number,
    private readonly reorderRate: number,
  ) {}

  /** Takes the next generated event; appends what is ready for delivery to `out`. */
  push(event: SimulatedEvent, out: SimulatedEvent[]): void {
    this.generated += 1;
    this.reorder(event, out);
    if (this.random.chance(this.duplicateRate)) {
      this.copies.push({ due: this.generated + this.random.integer(1, MAX_DUPLICATE_LAG), event });
      this.duplicates += 1;
    }
    for (let index = 0; index < this.copies.length; ) {
      const copy = this.copies[index];
      if (copy !== undefined && copy.due <= this.generated) {
        this.copies.splice(index, 1);
        this.reorder(copy.event, out);
      } else {
        index += 1;
      }
    }
  }

  /** Delivers everything still held, once the generation is over. */
  flush(out: SimulatedEvent[]): void {
    for (const copy of this.copies.splice(0)) this.reorder(copy.event, out);
    if (this.held !== undefined) {
      out.push(this.held);
      this.delivered += 1;
      this.held = undefined;
    }
  }

  /** What the channel did so far. */
  tally(): DeliveryTally {
    return { delivered: this.delivered, duplicates: this.duplicates, reorderedPairs: this.swaps };
  }

  private reorder(event: SimulatedEvent, out: SimulatedEvent[]): void {
    const held = this.held;
    if (held === undefined) {
      this.held = event;
      return;
    }
    if (held.id !== event.id && this.random.chance(this.reorderRate)) {
      out.push(event, held);
      this.delivered += 2;
      this.swaps += 1;
      this.held = undefined;
      return;
    }
    out.push(held);
    this.delivered += 1;
    this.held = event;
  }
}
