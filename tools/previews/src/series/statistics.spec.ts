import type { Statistic } from '@batchmon/dashboards';
import { aggregate, percentile } from './statistics';

describe('aggregate', () => {
  const values = [4, 1, 3, 2];

  it.each<[Statistic, number]>([
    ['Sum', 10],
    ['Average', 2.5],
    ['Maximum', 4],
    ['Minimum', 1],
    ['SampleCount', 4],
  ])('computes %s over the values of a period', (stat, expected) => {
    expect(aggregate(values, stat)).toBe(expected);
  });

  it('gives no value for a period without datapoints, as CloudWatch draws none', () => {
    expect(aggregate([], 'Sum')).toBeUndefined();
    expect(aggregate([], 'p90')).toBeUndefined();
  });

  it('computes p50, p90 and p99 by nearest rank', () => {
    const hundred = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(aggregate(hundred, 'p50')).toBe(50);
    expect(aggregate(hundred, 'p90')).toBe(90);
    expect(aggregate(hundred, 'p99')).toBe(99);
  });

  it('gives the only value as every percentile of a single datapoint', () => {
    expect(aggregate([42], 'p50')).toBe(42);
    expect(aggregate([42], 'p99.9')).toBe(42);
  });

  it('rejects a statistic CloudWatch does not know, naming it', () => {
    expect(() => aggregate(values, 'Median' as Statistic)).toThrow('found "Median"');
  });
});

describe('percentile', () => {
  it('takes the smallest value for p0 and the largest for p100', () => {
    expect(percentile([5, 9, 7], 0)).toBe(5);
    expect(percentile([5, 9, 7], 100)).toBe(9);
  });

  it('does not reorder the values it is given', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});
