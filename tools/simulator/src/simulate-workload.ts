import { DeliveryChannel } from './delivery/delivery-channel';
import type { GroundTruth } from './ground-truth/ground-truth';
import { resolveWorkloadOptions, type ResolvedWorkloadOptions, type WorkloadOptions } from './options/workload-options';
import { SeededRandom } from './randomness/seeded-random';
import type { SimulatedEvent } from './simulated-event';
import { Simulation } from './simulation';
import { WorkloadNotFinishedError } from './errors';

/** A simulated workload held in memory: its events in delivery order and its ground truth. */
export interface SimulatedWorkload {
  readonly events: readonly SimulatedEvent[];
  readonly truth: GroundTruth;
}

function* generate(options: ResolvedWorkloadOptions, finish: (truth: GroundTruth) => void): Generator<SimulatedEvent, void, undefined> {
  const simulation = new Simulation(options);
  const delivery = new DeliveryChannel(new SeededRandom(options.seed).fork('delivery'), options.duplicateRate, options.reorderRate);
  const ready: SimulatedEvent[] = [];
  const deliver = (event: SimulatedEvent): void => delivery.push(event, ready);
  while (simulation.step()) {
    simulation.drain(deliver);
    if (ready.length === 0) continue;
    for (const event of ready) yield event;
    ready.length = 0;
  }
  delivery.flush(ready);
  for (const event of ready) yield event;
  finish(simulation.truth.toGroundTruth(delivery.tally()));
}

/**
 * A simulated workload as a stream: events in delivery order, produced as the simulation advances,
 * with memory bounded by what is alive at once (jobs, instances, pending actions), never by the
 * length of the run. The ground truth is available once the stream has been read to its end.
 *
 * @example
 * ```ts
 * const stream = simulateWorkloadStream({ jobs: 1_000_000, seed: 7 });
 * for (const event of stream) write(JSON.stringify(event));
 * console.log(stream.truth.batchJobs);
 * ```
 */
export class WorkloadStream implements IterableIterator<SimulatedEvent> {
  private result: GroundTruth | undefined;
  private readonly events: Generator<SimulatedEvent, void, undefined>;

  /** @throws WorkloadOptionsError when an option is invalid (checked here, before any event). */
  constructor(options: WorkloadOptions = {}) {
    const resolved = resolveWorkloadOptions(options);
    this.events = generate(resolved, (truth) => {
      this.result = truth;
    });
  }

  /** Whether the stream has been read to its end. */
  get finished(): boolean {
    return this.result !== undefined;
  }

  /**
   * The ground truth of the whole workload.
   * @throws WorkloadNotFinishedError until the stream has been read to its end.
   */
  get truth(): GroundTruth {
    if (this.result === undefined) throw new WorkloadNotFinishedError('the ground truth is known once every event of the stream has been read');
    return this.result;
  }

  next(): IteratorResult<SimulatedEvent, undefined> {
    const result = this.events.next();
    return result.done === true ? { done: true, value: undefined } : result;
  }

  [Symbol.iterator](): WorkloadStream {
    return this;
  }
}

/**
 * Simulates a workload and streams its events (see {@link WorkloadStream}).
 *
 * @throws WorkloadOptionsError naming the first invalid option.
 * @example
 * ```ts
 * const stream = simulateWorkloadStream({ jobs: 500, duplicateRate: 0.05 });
 * let count = 0;
 * for (const _event of stream) count += 1;
 * stream.truth.duplicatesDelivered; // about 5% of count
 * ```
 */
export function simulateWorkloadStream(options: WorkloadOptions = {}): WorkloadStream {
  return new WorkloadStream(options);
}

/**
 * Simulates a workload in memory: every event in delivery order and the ground truth. Same
 * options, same events, byte for byte.
 *
 * @throws WorkloadOptionsError naming the first invalid option.
 * @example
 * ```ts
 * const { events, truth } = simulateWorkload({ jobs: 100, seed: 3 });
 * events.every((event) => validateEvent(event).ok); // true
 * truth.terminalJobs.SUCCEEDED + truth.terminalJobs.FAILED === truth.batchJobs; // true
 * ```
 */
export function simulateWorkload(options: WorkloadOptions = {}): SimulatedWorkload {
  const stream = simulateWorkloadStream(options);
  const events = [...stream];
  return { events, truth: stream.truth };
}
