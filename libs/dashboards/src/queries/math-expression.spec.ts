import { DashboardValidationError } from '../errors';
import { filled, unfilledSeriesIds } from './math-expression';

describe('filled', () => {
  it('wraps a query id in FILL with 0 by default', () => {
    expect(filled('succeeded')).toBe('FILL(succeeded, 0)');
  });

  it('fills with the value it is given', () => {
    expect(filled('level', 5)).toBe('FILL(level, 5)');
  });

  it('rejects what is not a query id', () => {
    expect(() => filled('Failed + 1')).toThrow(DashboardValidationError);
    expect(() => filled('Failed + 1')).toThrow('filled("Failed + 1"): expected a query id (a lowercase letter, then letters, digits or _), found "Failed + 1"');
  });
});

describe('unfilledSeriesIds', () => {
  it('names the series a ratio combines without FILL', () => {
    expect(unfilledSeriesIds('100 * failed / (failed + succeeded)')).toEqual(['failed', 'succeeded']);
  });

  it('names the series a condition combines without FILL', () => {
    expect(unfilledSeriesIds('IF(failed + succeeded >= 5, 1)')).toEqual(['failed', 'succeeded']);
  });

  it('accepts series that are each filled', () => {
    expect(unfilledSeriesIds('100 * FILL(failed, 0) / (FILL(failed, 0) + FILL(succeeded, 0))')).toEqual([]);
  });

  it('does not count FILL around an operation as filling its operands', () => {
    expect(unfilledSeriesIds('FILL(failed + timedOut, 0)')).toEqual(['failed', 'timedOut']);
  });

  it('accepts one series with scalars, PERIOD() included', () => {
    expect(unfilledSeriesIds('SUM(calls) / PERIOD(ec2)')).toEqual([]);
    expect(unfilledSeriesIds('100 * errors / 60')).toEqual([]);
  });

  it('names an unfilled series beside a filled one', () => {
    expect(unfilledSeriesIds('FILL(failed, 0) + timedOut + other')).toEqual(['timedOut', 'other']);
  });
});
