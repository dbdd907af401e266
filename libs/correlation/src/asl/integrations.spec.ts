import jsonata from 'jsonata';
import { countOnce } from '../deliveries/count-once';
import { num, retryBudgetSeconds, withNumberTexts } from './integrations';

/** Evaluates a JSONata Pass state's Output template against `input`, as Step Functions does. */
async function output(template: string, input: unknown): Promise<unknown> {
  const expression = /^\{% (.*) %\}$/s.exec(template)?.[1];
  if (expression === undefined) throw new Error(`expected a {% … %} template, found ${template}`);
  return jsonata(expression).evaluate({}, { states: { input } });
}

describe('withNumberTexts', () => {
  it.each([
    ['epoch seconds', 1.8e9, '1800000000'],
    ['epoch milliseconds', 1.7e12, '1700000000000'],
    ['a memory of 24 TiB in MiB', 25_165_824, '25165824'],
    ['a negative change', -2048, '-2048'],
  ])('writes %s as plain digits, never in exponent form', async (_what, value, text) => {
    const evaluated = await jsonata(withNumberTexts(`{ 'value': ${value} }`, ['value'])).evaluate({});
    expect(evaluated).toEqual({ value, n: { value: text } });
  });
});

describe('num', () => {
  it('passes the decimal text through as the DynamoDB number, without States.Format', () => {
    expect(num('$.delivery.n.expiresAt')).toEqual({ 'N.$': '$.delivery.n.expiresAt' });
  });
});

describe('a counted delivery', () => {
  it('expires at the digits of its epoch seconds for an event in 2027 (about 1.8 × 10^9)', async () => {
    const states = countOnce({ workflow: 'RunTask', identity: '$event.id', what: 'the call', table: 'Deliveries', partition: 'aws', duplicateReason: 'duplicate-call', name: 'Identify the call', next: 'Count' });
    const state = states['Identify the call'];
    if (state?.Type !== 'Pass' || !('Output' in state) || typeof state.Output !== 'string') throw new Error('expected the JSONata Pass "Identify the call"');
    const time = '2027-01-15T08:00:00Z';
    const expected = String(Date.parse(time) / 1000 + 86400);
    expect(await output(state.Output, { id: 'e-1', time })).toMatchObject({ delivery: { key: 'RunTask#e-1', n: { expiresAt: expected } } });
    expect(expected).toMatch(/^18\d{8}$/);
  });
});

describe('retryBudgetSeconds', () => {
  it('adds up each retry’s nominal interval, growing by the backoff rate and capped at the maximum delay', () => {
    expect(retryBudgetSeconds([{ ErrorEquals: ['X'], IntervalSeconds: 1, BackoffRate: 2, MaxAttempts: 6, MaxDelaySeconds: 8 }])).toBe(1 + 2 + 4 + 8 + 8 + 8);
  });

  it('takes the longest of several retriers, with Step Functions’ defaults for what they leave out', () => {
    expect(retryBudgetSeconds([{ ErrorEquals: ['X'], MaxAttempts: 1 }, { ErrorEquals: ['Y'] }])).toBe(1 + 2 + 4);
  });
});
