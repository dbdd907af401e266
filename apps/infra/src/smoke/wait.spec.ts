import { WaitTimeoutError } from '../errors';
import { waitFor } from './wait';

/** A fake clock that sleeping advances. */
function fakeClock() {
  let time = 1_000_000;
  const sleeps: number[] = [];
  return {
    now: () => time,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      time += ms;
    },
    sleeps,
  };
}

describe('waitFor', () => {
  it('returns the first value the probe finds, pausing between probes', async () => {
    const clock = fakeClock();
    let probes = 0;
    const value = await waitFor(async () => (++probes === 3 ? 'found' : undefined), { what: 'lines', timeoutMs: 60_000, intervalMs: 10_000, ...clock });
    expect(value).toBe('found');
    expect(clock.sleeps).toEqual([10_000, 10_000]);
  });

  it('gives up at the deadline, the last pause shortened to end there, naming what it waited for', async () => {
    const clock = fakeClock();
    const waiting = waitFor(async () => undefined, { what: 'EMF lines', timeoutMs: 25_000, intervalMs: 10_000, ...clock });
    await expect(waiting).rejects.toThrow(new WaitTimeoutError('EMF lines: expected within 25 s, found nothing after 4 probe(s)'));
    expect(clock.sleeps).toEqual([10_000, 10_000, 5_000]);
  });

  it('lets a probe that throws fail the wait at once', async () => {
    const clock = fakeClock();
    await expect(waitFor(async () => Promise.reject(new Error('AccessDenied')), { what: 'x', timeoutMs: 60_000, intervalMs: 1, ...clock })).rejects.toThrow('AccessDenied');
    expect(clock.sleeps).toEqual([]);
  });
});
