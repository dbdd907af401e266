import { isStatistic, type Statistic } from '@batchmon/dashboards';

/**
 * Aggregates the values of one period (or one whole time range) the way CloudWatch's statistic
 * does: `Sum`, `Average`, `Maximum`, `Minimum`, `SampleCount`, or a percentile `pNN`.
 *
 * Percentiles use the nearest rank over the exact values (the smallest value with at least NN % of
 * the values at or below it). CloudWatch computes them from its own value distribution, which for
 * the small, repeated values batchmon emits (seconds, counts) gives the same or nearly the same number.
 *
 * @returns `undefined` for no values (CloudWatch draws no datapoint for an empty period)
 * @throws {RangeError} when `stat` is not a CloudWatch statistic
 *
 * @example
 * aggregate([3, 1, 2], 'Sum'); // 6
 * aggregate([10, 20, 30, 40], 'p50'); // 20
 */
export function aggregate(values: readonly number[], stat: Statistic): number | undefined {
  if (!isStatistic(stat)) throw new RangeError(`expected SampleCount, Average, Sum, Minimum, Maximum or a percentile like p90, found "${String(stat)}"`);
  if (values.length === 0) return undefined;
  switch (stat) {
    case 'SampleCount':
      return values.length;
    case 'Sum':
      return sum(values);
    case 'Average':
      return sum(values) / values.length;
    case 'Maximum':
      return values.reduce((max, value) => (value > max ? value : max), -Infinity);
    case 'Minimum':
      return values.reduce((min, value) => (value < min ? value : min), Infinity);
    default:
      return percentile(values, Number(stat.slice(1)));
  }
}

/**
 * The nearest-rank percentile: the value at rank `ceil(p / 100 × n)` of the sorted values (rank 1
 * for `p0`).
 *
 * @example
 * percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90); // 9
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1];
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
