import { setTimeout as delay } from 'node:timers/promises';
import { WaitTimeoutError } from '../errors';

/** How a bounded wait polls. */
export interface WaitOptions {
  /** What is awaited, for the timeout message ("EMF lines of JobStates"). */
  readonly what: string;
  /** Give up after this long, in milliseconds. */
  readonly timeoutMs: number;
  /** Pause between two probes, in milliseconds. */
  readonly intervalMs: number;
  /** The clock. @default Date.now */
  readonly now?: () => number;
  /** How to pause. @default node:timers/promises setTimeout */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Probes until the probe returns a value, never longer than `timeoutMs`: the last probe starts no
 * later than the deadline, and the pause before it is shortened to end there.
 *
 * @throws {WaitTimeoutError} saying what was awaited and for how long, with the probe count
 * @example
 * const lines = await waitFor(async () => ((await read()).length > 0 ? read() : undefined), { what: 'EMF lines', timeoutMs: 600_000, intervalMs: 15_000 });
 */
export async function waitFor<T>(probe: () => Promise<T | undefined>, options: WaitOptions): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const deadline = now() + options.timeoutMs;
  let probes = 0;
  for (;;) {
    probes += 1;
    const found = await probe();
    if (found !== undefined) return found;
    const remaining = deadline - now();
    if (remaining <= 0) {
      throw new WaitTimeoutError(`${options.what}: expected within ${Math.round(options.timeoutMs / 1000)} s, found nothing after ${probes} probe(s)`);
    }
    await sleep(Math.min(options.intervalMs, remaining));
  }
}
