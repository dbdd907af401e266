import type { LocalRuleSpec } from '../template/model';
import { ratePeriodMs, ScheduleClock } from './schedule-clock';

const rule = (scheduleExpression: string, overrides: Partial<LocalRuleSpec> = {}): LocalRuleSpec => ({
  logicalId: 'EveryMinuteRule',
  name: 'EveryMinuteRule',
  arn: 'arn:aws:events:us-east-1:000000000000:rule/EveryMinuteRule',
  eventBusName: 'default',
  enabled: true,
  scheduleExpression,
  targets: [],
  ...overrides,
});
const at = (time: string): number => Date.parse(time);
const times = (clock: ScheduleClock, time: string): string[] => clock.advance(at(time)).map((firing) => firing.event.time);

describe('ratePeriodMs', () => {
  it('reads rate expressions in minutes, hours and days, singular or plural', () => {
    expect(ratePeriodMs('rate(1 minute)')).toBe(60_000);
    expect(ratePeriodMs('rate(5 minutes)')).toBe(300_000);
    expect(ratePeriodMs('rate(2 hours)')).toBe(7_200_000);
    expect(ratePeriodMs('rate(1 day)')).toBe(86_400_000);
  });

  it('gives no period for cron and one-time expressions, which the emulator does not fire', () => {
    expect(ratePeriodMs('cron(0 12 * * ? *)')).toBeUndefined();
    expect(ratePeriodMs('at(2024-05-01T12:00:00)')).toBeUndefined();
    expect(ratePeriodMs('rate(0 minutes)')).toBeUndefined();
  });
});

describe('ScheduleClock', () => {
  it('fires nothing for the first time it is shown: the clock only starts', () => {
    expect(times(new ScheduleClock([rule('rate(1 minute)')]), '2024-05-01T12:00:30Z')).toEqual([]);
  });

  it('fires each whole minute an event time crosses, oldest first, stamped with the minute', () => {
    const clock = new ScheduleClock([rule('rate(1 minute)')]);
    clock.advance(at('2024-05-01T12:00:30Z'));
    expect(times(clock, '2024-05-01T12:00:59Z')).toEqual([]);
    expect(times(clock, '2024-05-01T12:03:00Z')).toEqual(['2024-05-01T12:01:00Z', '2024-05-01T12:02:00Z', '2024-05-01T12:03:00Z']);
  });

  it('fires nothing for a late event, older than the latest time', () => {
    const clock = new ScheduleClock([rule('rate(1 minute)')]);
    clock.advance(at('2024-05-01T12:00:30Z'));
    clock.advance(at('2024-05-01T12:01:30Z'));
    expect(times(clock, '2024-05-01T12:00:45Z')).toEqual([]);
    expect(times(clock, '2024-05-01T12:02:10Z')).toEqual(['2024-05-01T12:02:00Z']);
  });

  it('fires only the latest boundaries of a long gap, and counts those it skipped', () => {
    const clock = new ScheduleClock([rule('rate(1 minute)')], 2);
    clock.advance(at('2024-05-01T12:00:30Z'));
    expect(times(clock, '2024-05-01T12:05:30Z')).toEqual(['2024-05-01T12:04:00Z', '2024-05-01T12:05:00Z']);
    expect(clock.skippedFirings).toBe(3);
  });

  it('sends the targets a Scheduled Event from aws.events naming the rule, with the same id for the same boundary', () => {
    const fire = () => {
      const clock = new ScheduleClock([rule('rate(1 minute)')]);
      clock.advance(at('2024-05-01T12:00:30Z'));
      return clock.advance(at('2024-05-01T12:01:30Z'));
    };
    const [firing] = fire();
    expect(firing?.event).toMatchObject({ source: 'aws.events', 'detail-type': 'Scheduled Event', resources: [rule('').arn], detail: {} });
    expect(firing?.event.id).toBe(fire()[0]?.event.id);
  });

  it('fires neither disabled rules nor rules without a rate schedule', () => {
    const clock = new ScheduleClock([rule('rate(1 minute)', { enabled: false }), rule('cron(* * * * ? *)')]);
    expect(clock.active).toBe(false);
    clock.advance(at('2024-05-01T12:00:30Z'));
    expect(times(clock, '2024-05-01T12:10:30Z')).toEqual([]);
  });
});
