import { TIME_RANGE_ALIGNMENT_MS, TIME_RANGE_GAP_MS } from '../constants';

/** A time range in epoch milliseconds: `start` included, `end` excluded. */
export interface TimeRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The time range a preview shows for datapoints stamped `timestamps`: the busiest cluster of
 * activity (datapoints closer than 6 hours to the next belong to one cluster), widened to whole
 * 5-minute periods. A dashboard in CloudWatch shows the last hours up to now; a local run replays
 * events of any date, and a few records (skipped events) are stamped with the local execution's
 * start instead, so the span of every timestamp would squeeze the run into a corner of each graph.
 *
 * @returns `undefined` when there is no timestamp
 *
 * @example
 * previewTimeRange([Date.parse('2024-05-01T08:01:00Z'), Date.parse('2024-05-01T09:28:00Z')]);
 * // { start: 2024-05-01T08:00:00Z, end: 2024-05-01T09:30:00Z } in epoch milliseconds
 */
export function previewTimeRange(timestamps: Iterable<number>): TimeRange | undefined {
  const sorted = [...timestamps].sort((a, b) => a - b);
  const first = sorted[0];
  if (first === undefined) return undefined;
  let best = { start: first, end: first, count: 0 };
  let current = { start: first, end: first, count: 0 };
  for (const time of sorted) {
    if (time - current.end > TIME_RANGE_GAP_MS) current = { start: time, end: time, count: 0 };
    current.end = time;
    current.count += 1;
    if (current.count > best.count) best = { ...current };
  }
  const start = Math.floor(best.start / TIME_RANGE_ALIGNMENT_MS) * TIME_RANGE_ALIGNMENT_MS;
  const end = Math.floor(best.end / TIME_RANGE_ALIGNMENT_MS) * TIME_RANGE_ALIGNMENT_MS + TIME_RANGE_ALIGNMENT_MS;
  return { start, end };
}

/** Whether `time` lies in `range`. */
export function inRange(time: number, range: TimeRange): boolean {
  return time >= range.start && time < range.end;
}

/**
 * The start of the period of `periodSeconds` holding `time` (periods are aligned on the epoch, as
 * CloudWatch aligns periods of a minute and more on the clock).
 *
 * @example
 * periodStart(Date.parse('2024-05-01T08:07:30Z'), 300); // 2024-05-01T08:05:00Z in epoch milliseconds
 */
export function periodStart(time: number, periodSeconds: number): number {
  const period = periodSeconds * 1000;
  return Math.floor(time / period) * period;
}

/** Every period start of `periodSeconds` in `range`. */
export function periodStarts(range: TimeRange, periodSeconds: number): number[] {
  const starts: number[] = [];
  for (let time = periodStart(range.start, periodSeconds); time < range.end; time += periodSeconds * 1000) starts.push(time);
  return starts;
}
