/** A fault to inject into Task calls: the next matching calls fail with this error instead of running. */
export interface FaultSpec {
  /** Only calls made by this state. @default any state */
  readonly state?: string;
  /** Only calls to this resource ARN (e.g. `arn:aws:states:::dynamodb:putItem`). @default any resource */
  readonly resource?: string;
  /** The error name, as Retry and Catch see it (e.g. `DynamoDB.ProvisionedThroughputExceededException`). */
  readonly error: string;
  /** The cause. @default 'Fault injected by the local emulator' */
  readonly cause?: string;
  /** How many calls fail. @default 1 */
  readonly times?: number;
  /**
   * When the call fails: `before` it is made (nothing changes), or `after` it was made and its
   * changes committed — as DynamoDB documents for an internal server error, which a write that
   * succeeded can still return, so that a retry repeats a committed write.
   * @default 'before'
   */
  readonly when?: 'before' | 'after';
}

/**
 * Faults the local services cannot produce on their own (throttling, internal errors), injected to
 * test Retry and Catch paths.
 * @example
 * ```ts
 * pipeline.faults.inject({ resource: 'arn:aws:states:::dynamodb:putItem', error: 'DynamoDB.ProvisionedThroughputExceededException', times: 2 });
 * pipeline.faults.inject({ state: 'Save the item', error: 'DynamoDB.InternalServerErrorException', when: 'after' }); // committed, then an error
 * ```
 */
export class FaultInjector {
  private readonly pending: { spec: FaultSpec; remaining: number }[] = [];

  /** Adds a fault; faults are matched in the order they were added. */
  inject(spec: FaultSpec): void {
    const times = spec.times ?? 1;
    if (!Number.isInteger(times) || times < 1) throw new Error(`Fault for ${spec.error}: expected times to be a whole number of at least 1, found ${times}`);
    this.pending.push({ spec, remaining: times });
  }

  /** Takes one use of the first fault matching a call, if any. */
  take(state: string, resource: string): FaultSpec | undefined {
    const entry = this.pending.find(({ spec }) => (spec.state === undefined || spec.state === state) && (spec.resource === undefined || spec.resource === resource));
    if (!entry) return undefined;
    entry.remaining--;
    if (entry.remaining === 0) this.pending.splice(this.pending.indexOf(entry), 1);
    return entry.spec;
  }

  /** How many injected failures are still to happen. */
  get remaining(): number {
    return this.pending.reduce((sum, { remaining }) => sum + remaining, 0);
  }

  /** Removes every pending fault. */
  clear(): void {
    this.pending.length = 0;
  }
}
