import { at } from '../__fixtures__/emf-lines';
import { periodStart, periodStarts, previewTimeRange } from './time-range';

describe('previewTimeRange', () => {
  it('covers every timestamp of one run, widened to whole 5-minute periods', () => {
    expect(previewTimeRange([at('01:10'), at('47:02'), at('12:00')])).toEqual({ start: at('00:00'), end: at('50:00') });
  });

  it('keeps the busiest cluster when a few datapoints are stamped far away', () => {
    const run = [at('01:00'), at('02:00'), at('03:00'), at('20:00')];
    const muchLater = Date.parse('2026-11-25T20:05:00Z');
    expect(previewTimeRange([...run, muchLater])).toEqual({ start: at('00:00'), end: at('25:00') });
  });

  it('gives one period for a single timestamp', () => {
    expect(previewTimeRange([at('07:30')])).toEqual({ start: at('05:00'), end: at('10:00') });
  });

  it('gives no range without timestamps', () => {
    expect(previewTimeRange([])).toBeUndefined();
  });
});

describe('periodStart', () => {
  it('aligns periods on the clock', () => {
    expect(periodStart(at('07:30'), 300)).toBe(at('05:00'));
    expect(periodStart(at('07:30'), 60)).toBe(at('07:00'));
  });

  it('lists every period start of a range', () => {
    expect(periodStarts({ start: at('00:00'), end: at('15:00') }, 300)).toEqual([at('00:00'), at('05:00'), at('10:00')]);
  });
});
