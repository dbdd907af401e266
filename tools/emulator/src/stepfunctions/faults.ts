/** When an injected Task fault strikes: before the call (nothing happened), or after it took effect. */
export type FaultTiming = 'before-call' | 'after-call';

/** A fault to inject into Task calls: matching calls fail with this error. */
export interface FaultSpec {
  /** Only calls made by this state. @default any state */
  readonly state?: string;
  /** Only calls to this resource ARN (e.g. `arn:aws:states:::dynamodb:putItem`). @default any resource */
  readonly resource?: string;
  /** The error name, as Retry and Catch see it (e.g. `DynamoDB.ProvisionedThroughputExceededException`). */
  readonly error: string;
  /** The cause. @default 'Fault injected by the local emulator' */
  readonly cause?: string;
  /** How many calls fail (ignored with `rate`). @default 1 */
  readonly times?: number;
  /**
   * Each matching call fails with this probability, until the fault is cleared (a burst is `times`
   * consecutive calls instead).
   * @default none: the next `times` matching calls fail
   */
  readonly rate?: number;
  /**
   * With `rate`: when the fault strikes, this many consecutive matching calls fail (a throttling
   * burst), the first included.
   * @default 1
   */
  readonly burst?: number;
  /**
   * `after-call`: the call takes effect and then the error is returned — a DynamoDB write that
   * committed, a message that was sent — as AWS documents can happen (e.g. a 500 after a committed
   * write). The caller's retry then meets its own earlier effect.
   * @default 'before-call'
   */
  readonly timing?: FaultTiming;
}

/** When an injected Lambda fault strikes: before the handler runs, or after it wrote its output and returned. */
export type LambdaFaultTiming = 'before-output' | 'after-output';

/** A fault to inject into Lambda invocations by an event source mapping: the invocation fails as a whole. */
export interface LambdaFaultSpec {
  readonly timing: LambdaFaultTiming;
  /** How many invocations fail (ignored with `rate`). @default 1 */
  readonly times?: number;
  /** Each invocation fails with this probability, until cleared. */
  readonly rate?: number;
}

interface Pending<S> {
  readonly spec: S;
  remaining: number;
  /** Calls still to fail in the current burst. */
  burstLeft?: number;
}

const checkCount = (what: string, times: number | undefined, rate: number | undefined): number => {
  if (rate !== undefined) {
    if (!(rate >= 0 && rate <= 1)) throw new Error(`Fault for ${what}: expected rate to be a probability from 0 to 1, found ${rate}`);
    return Number.POSITIVE_INFINITY;
  }
  const count = times ?? 1;
  if (!Number.isInteger(count) || count < 1) throw new Error(`Fault for ${what}: expected times to be a whole number of at least 1, found ${count}`);
  return count;
};

/**
 * Faults the local services cannot produce on their own — throttling, internal errors, errors after
 * a call took effect, Lambda invocations that fail — injected to test Retry, Catch and the
 * pipeline's exactly-once guarantees. Probabilistic faults draw from `random` (pass a seeded one
 * for reproducible runs).
 * @example
 * ```ts
 * pipeline.faults.inject({ resource: 'arn:aws:states:::dynamodb:putItem', error: 'DynamoDB.ProvisionedThroughputExceededException', times: 2 });
 * pipeline.faults.inject({ resource: 'arn:aws:states:::dynamodb:updateItem', error: 'DynamoDB.InternalServerErrorException', rate: 0.1, timing: 'after-call' });
 * pipeline.faults.injectLambda({ timing: 'after-output', rate: 0.1 });
 * ```
 */
export class FaultInjector {
  private readonly pending: Pending<FaultSpec>[] = [];
  private readonly pendingLambda: Pending<LambdaFaultSpec>[] = [];
  private injectedCount = 0;

  constructor(private readonly random: () => number = Math.random) {}

  /** Adds a Task fault; faults are matched in the order they were added. */
  inject(spec: FaultSpec): void {
    this.pending.push({ spec, remaining: checkCount(spec.error, spec.times, spec.rate) });
  }

  /** Adds a Lambda invocation fault. */
  injectLambda(spec: LambdaFaultSpec): void {
    this.pendingLambda.push({ spec, remaining: checkCount(`Lambda ${spec.timing}`, spec.times, spec.rate) });
  }

  /** Takes one use of the first Task fault matching a call, if it strikes. */
  take(state: string, resource: string): FaultSpec | undefined {
    const entry = this.pending.find(({ spec }) => (spec.state === undefined || spec.state === state) && (spec.resource === undefined || spec.resource === resource));
    return entry ? this.use(this.pending, entry) : undefined;
  }

  /** Takes one use of the first Lambda fault of this timing, if it strikes. */
  takeLambda(timing: LambdaFaultTiming): LambdaFaultSpec | undefined {
    const entry = this.pendingLambda.find(({ spec }) => spec.timing === timing);
    return entry ? this.use(this.pendingLambda, entry) : undefined;
  }

  /** How many injected failures of a fixed count are still to happen (probabilistic faults not counted). */
  get remaining(): number {
    return [...this.pending, ...this.pendingLambda].reduce((sum, { remaining }) => sum + (Number.isFinite(remaining) ? remaining : 0), 0);
  }

  /** How many faults struck so far. */
  get injected(): number {
    return this.injectedCount;
  }

  /** Removes every pending fault. */
  clear(): void {
    this.pending.length = 0;
    this.pendingLambda.length = 0;
  }

  private use<S extends { readonly rate?: number; readonly burst?: number }>(list: Pending<S>[], entry: Pending<S>): S | undefined {
    if (entry.burstLeft !== undefined && entry.burstLeft > 0) entry.burstLeft--;
    else if (entry.spec.rate !== undefined) {
      if (this.random() >= entry.spec.rate) return undefined;
      entry.burstLeft = (entry.spec.burst ?? 1) - 1;
    }
    entry.remaining--;
    if (entry.remaining === 0) list.splice(list.indexOf(entry), 1);
    this.injectedCount++;
    return entry.spec;
  }
}
