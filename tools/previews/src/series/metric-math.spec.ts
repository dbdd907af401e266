import { at } from '../__fixtures__/emf-lines';
import { evaluateMath, type MathEnvironment, type MathValue } from './metric-math';
import { UnsupportedExpressionError } from '../errors';

const series = (entries: [string, number][]): MathValue => ({ kind: 'series', points: new Map(entries.map(([time, value]) => [at(time), value])) });

function environment(values: Record<string, MathValue>, periods: Record<string, number> = {}): MathEnvironment {
  return { value: (id) => values[id], period: (id) => periods[id], periodStarts: [at('00:00'), at('05:00'), at('10:00')] };
}

const pointsOf = (value: MathValue): [number, number][] => (value.kind === 'series' ? [...value.points] : []);

describe('evaluateMath', () => {
  it('computes a ratio of two series at the timestamps both have', () => {
    const env = environment({ failed: series([['00:00', 1], ['05:00', 3]]), succeeded: series([['00:00', 3], ['10:00', 4]]) });
    expect(pointsOf(evaluateMath('100 * failed / (failed + succeeded)', env))).toEqual([[at('00:00'), 25]]);
  });

  it('gives no ratio in a period where one series has no datapoint, as CloudWatch does without FILL', () => {
    const env = environment({ failed: series([['00:00', 4]]), succeeded: series([]) });
    expect(pointsOf(evaluateMath('failed / (failed + succeeded)', env))).toEqual([]);
  });

  it('gives a ratio of 1 in a period where every job failed once both series are filled with 0', () => {
    const env = environment({ failed: series([['00:00', 4], ['05:00', 1]]), succeeded: series([['05:00', 3]]) });
    // 10:00 has neither: 0 / 0 has no value.
    expect(pointsOf(evaluateMath('FILL(failed, 0) / (FILL(failed, 0) + FILL(succeeded, 0))', env))).toEqual([[at('00:00'), 1], [at('05:00'), 0.25]]);
  });

  it('sums the series of a SEARCH per timestamp, ignoring missing values', () => {
    const calls: MathValue = {
      kind: 'array',
      members: [
        { label: 'critical', points: new Map([[at('00:00'), 2], [at('05:00'), 1]]) },
        { label: 'standard', points: new Map([[at('05:00'), 4]]) },
      ],
    };
    expect(pointsOf(evaluateMath('SUM(calls)', environment({ calls })))).toEqual([[at('00:00'), 2], [at('05:00'), 5]]);
  });

  it('divides by the period of a metric with PERIOD()', () => {
    const env = environment({ ec2: series([['00:00', 600]]) }, { ec2: 300 });
    expect(pointsOf(evaluateMath('ec2 / PERIOD(ec2)', env))).toEqual([[at('00:00'), 2]]);
  });

  it('keeps a value only where the condition of IF() holds', () => {
    const env = environment({ failed: series([['00:00', 1], ['05:00', 4]]), succeeded: series([['00:00', 1], ['05:00', 4]]) });
    expect(pointsOf(evaluateMath('IF(failed + succeeded >= 5, 100 * failed / (failed + succeeded))', env))).toEqual([[at('05:00'), 50]]);
  });

  it('fills the periods without data with FILL()', () => {
    const env = environment({ placed: series([['05:00', 7]]) });
    expect(pointsOf(evaluateMath('FILL(placed, 0)', env))).toEqual([[at('00:00'), 0], [at('05:00'), 7], [at('10:00'), 0]]);
  });

  it('drops the datapoints of a division by zero', () => {
    const env = environment({ a: series([['00:00', 1], ['05:00', 2]]), b: series([['00:00', 0], ['05:00', 4]]) });
    expect(pointsOf(evaluateMath('a / b', env))).toEqual([[at('05:00'), 0.5]]);
  });

  it('honours operator precedence and unary minus', () => {
    expect(evaluateMath('2 + 3 * -4', environment({}))).toEqual({ kind: 'scalar', value: -10 });
  });

  it.each([
    ['ANOMALY_DETECTION_BAND(m)', 'function ANOMALY_DETECTION_BAND() is not evaluated locally'],
    ["SEARCH('{AWS/EC2} CPUUtilization', 'Average')", 'is not evaluated locally'],
    ['missing + 1', '"missing" has no local data'],
  ])('refuses %s, saying why', (expression, reason) => {
    const env = environment({ m: series([['00:00', 1]]) });
    expect(() => evaluateMath(expression, env)).toThrow(UnsupportedExpressionError);
    expect(() => evaluateMath(expression, env)).toThrow(reason);
  });
});
