/**
 * An EventBridge envelope `time`: ISO 8601 to the second, as AWS services stamp their events
 * (`2024-05-01T08:00:00Z`); the milliseconds of the simulated instant are dropped.
 */
export function envelopeTime(at: number): string {
  return new Date(at - (at % 1000)).toISOString().replace('.000Z', 'Z');
}

/** An ISO 8601 timestamp with milliseconds, as ECS writes task and instance timestamps. */
export function isoMillis(at: number): string {
  return new Date(at).toISOString();
}

/** The simulated instant as batchmon sees it in `time`: truncated to the second. */
export function wholeSecond(at: number): number {
  return at - (at % 1000);
}
