// Every random choice of the simulator goes through this class, so that a seed reproduces a run
// exactly: Math.random and crypto.randomUUID are never used.

const UINT32 = 4294967296;

/** FNV-1a over a string: turns a stream label into 32 bits to mix into the seed. */
function hashLabel(label: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < label.length; i += 1) {
    hash ^= label.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/**
 * A small, fast, seeded pseudo-random generator (mulberry32: 32 bits of state, period 2^32),
 * with the distributions the simulator draws from.
 *
 * Not cryptographic; good enough for workloads. Independent streams come from {@link fork}, so
 * that consuming more numbers in one concern (e.g. delivery faults) never shifts another (the
 * simulated workload).
 *
 * @example
 * ```ts
 * const random = new SeededRandom(42);
 * random.between(1, 3); // same value for seed 42, every time
 * random.fork('delivery').chance(0.05);
 * ```
 */
export class SeededRandom {
  private state: number;

  /** @param seed any integer; equal seeds give equal sequences. */
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** An independent stream derived from this generator's seed and a label. */
  fork(label: string): SeededRandom {
    return new SeededRandom((Math.imul(this.seed ^ 0x9e3779b9, 0x85ebca6b) ^ hashLabel(label)) >>> 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / UINT32;
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  /** Uniform real in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** Uniform integer in [min, max] (both included). */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /**
   * One element of a non-empty list.
   * @throws when the list is empty (a configuration error upstream).
   */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error('SeededRandom.pick: expected a non-empty list, found an empty one');
    return item;
  }

  /**
   * One value chosen with probability proportional to its weight; zero weights are never chosen.
   * @throws when no weight is positive.
   */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, weight] of entries) total += Math.max(0, weight);
    if (total <= 0) throw new Error('SeededRandom.weighted: expected at least one positive weight');
    let target = this.next() * total;
    for (const [value, weight] of entries) {
      if (weight <= 0) continue;
      target -= weight;
      if (target < 0) return value;
    }
    // Floating-point leftovers land on the last positive entry.
    const last = [...entries].reverse().find(([, weight]) => weight > 0);
    if (last === undefined) throw new Error('SeededRandom.weighted: expected at least one positive weight');
    return last[0];
  }

  /** Exponentially distributed with the given mean (waiting times between independent arrivals). */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /**
   * Log-normally distributed with the given median and spread (sigma of the underlying normal):
   * durations of real jobs and boots are skewed, with a long tail.
   */
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  /** `digits` lowercase hexadecimal characters. */
  hex(digits: number): string {
    let out = '';
    while (out.length < digits) out += Math.floor(this.next() * UINT32).toString(16).padStart(8, '0');
    return out.slice(0, digits);
  }

  /** A version-4-shaped UUID (random, lowercase). */
  uuid(): string {
    const h = this.hex(32);
    const variant = ((parseInt(h.charAt(16), 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}
