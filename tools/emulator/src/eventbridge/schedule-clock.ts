import { createHash } from 'node:crypto';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../constants';
import type { LocalRuleSpec } from '../template/model';
import type { EventBridgeEnvelope } from './event-bus';

const UNIT_MS = { minute: 60_000, hour: 3_600_000, day: 86_400_000 } as const;

/**
 * The period of a `rate(value unit)` schedule expression in milliseconds, or `undefined` for any
 * other expression (`cron(…)`, `at(…)`), which the emulator does not fire. EventBridge takes
 * `minute` for a value of 1 and `minutes` otherwise ("Schedule types on EventBridge Scheduler" /
 * "Creating a rule that runs on a schedule").
 *
 * @example
 * ratePeriodMs('rate(1 minute)'); // 60000
 * ratePeriodMs('cron(0 12 * * ? *)'); // undefined
 */
export function ratePeriodMs(expression: string): number | undefined {
  const match = /^rate\(\s*(\d+)\s+(minute|minutes|hour|hours|day|days)\s*\)$/.exec(expression.trim());
  if (match === null) return undefined;
  const value = Number(match[1]);
  const unit = (match[2] ?? '').replace(/s$/, '') as keyof typeof UNIT_MS;
  return value > 0 ? value * UNIT_MS[unit] : undefined;
}

/** One firing of a scheduled rule: the rule and the event its targets get. */
export interface ScheduledFiring {
  readonly rule: LocalRuleSpec;
  readonly event: EventBridgeEnvelope;
}

/**
 * EventBridge's scheduled rules on simulated time. The clock follows the latest event time it is
 * shown; when a time crosses one or more boundaries of a rule's period (multiples of the period
 * since the epoch, so `rate(1 minute)` fires on each whole minute), it yields one firing per
 * boundary, oldest first, for the pipeline to run before the event that crossed them. An event
 * older than the latest (a late delivery) fires nothing. A gap longer than `maxFiringsPerGap`
 * periods fires only its latest boundaries, and what is skipped is counted: a replay of a capture
 * with days between events, or a test whose events mix fixed times with the current one, stays
 * bounded (nothing moves in a gap without events, so its minutes would all publish the same levels).
 *
 * Deterministic: a firing's event id is derived from the rule and the boundary, its time is the
 * boundary (EventBridge stamps a scheduled event with the time it was due).
 *
 * @example
 * const clock = new ScheduleClock(template.rules);
 * clock.advance(Date.parse('2024-05-01T12:01:30Z')); // firings for the minutes crossed since the last time
 */
export class ScheduleClock {
  private readonly scheduled: readonly { readonly rule: LocalRuleSpec; readonly periodMs: number }[];
  private latest: number | undefined;
  /** Boundaries a gap longer than `maxFiringsPerGap` periods did not fire. */
  skippedFirings = 0;

  /**
   * @param rules the template's rules: the enabled ones with a `rate(…)` schedule are fired
   * @param maxFiringsPerGap the most boundaries of one rule fired for one advance
   */
  constructor(
    rules: readonly LocalRuleSpec[],
    private readonly maxFiringsPerGap = 10,
  ) {
    this.scheduled = rules.flatMap((rule) => {
      const periodMs = rule.enabled && rule.scheduleExpression !== undefined ? ratePeriodMs(rule.scheduleExpression) : undefined;
      return periodMs === undefined ? [] : [{ rule, periodMs }];
    });
  }

  /** Whether the template has a rule this clock fires. */
  get active(): boolean {
    return this.scheduled.length > 0;
  }

  /**
   * Moves the clock to `time` (epoch milliseconds) and returns the firings of every boundary in
   * (previous latest time, `time`], oldest first. The first time shown only starts the clock.
   */
  advance(time: number): ScheduledFiring[] {
    if (!Number.isFinite(time)) return [];
    const previous = this.latest;
    if (previous !== undefined && time <= previous) return [];
    this.latest = time;
    if (previous === undefined) return [];
    const firings: ScheduledFiring[] = [];
    for (const { rule, periodMs } of this.scheduled) {
      const first = Math.floor(previous / periodMs) * periodMs + periodMs;
      const last = Math.floor(time / periodMs) * periodMs;
      if (last < first) continue;
      const count = (last - first) / periodMs + 1;
      const skipped = Math.max(0, count - this.maxFiringsPerGap);
      this.skippedFirings += skipped;
      for (let at = first + skipped * periodMs; at <= last; at += periodMs) firings.push({ rule, event: scheduledEvent(rule, at) });
    }
    return firings.sort((a, b) => Date.parse(a.event.time) - Date.parse(b.event.time));
  }
}

/** The event EventBridge sends a scheduled rule's targets ("Amazon EventBridge events": `Scheduled Event` from `aws.events`). */
function scheduledEvent(rule: LocalRuleSpec, at: number): EventBridgeEnvelope {
  const time = new Date(at).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const hex = createHash('sha1').update(`${rule.arn}@${time}`).digest('hex');
  return {
    version: '0',
    id: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`,
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT_ID,
    time,
    region: LOCAL_REGION,
    resources: [rule.arn],
    detail: {},
  };
}
