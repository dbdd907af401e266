import { FaultInjector } from './faults';

const PUT = 'arn:aws:states:::dynamodb:putItem';
const UPDATE = 'arn:aws:states:::dynamodb:updateItem';

/** A generator that returns the given values in turn. */
const sequence = (...values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
};

describe('FaultInjector', () => {
  it('fails the next `times` matching calls, then none', () => {
    const faults = new FaultInjector();
    faults.inject({ resource: PUT, error: 'DynamoDB.ThrottlingException', times: 2 });
    expect([faults.take('Write', PUT), faults.take('Write', PUT), faults.take('Write', PUT)].map((f) => f?.error)).toEqual([
      'DynamoDB.ThrottlingException',
      'DynamoDB.ThrottlingException',
      undefined,
    ]);
  });

  it('leaves calls to other resources and states alone', () => {
    const faults = new FaultInjector();
    faults.inject({ state: 'Write', resource: PUT, error: 'DynamoDB.ThrottlingException' });
    expect(faults.take('Write', UPDATE)).toBeUndefined();
    expect(faults.take('Other', PUT)).toBeUndefined();
    expect(faults.remaining).toBe(1);
  });

  it('fails a call with the given probability, drawing from its random source, until cleared', () => {
    const faults = new FaultInjector(sequence(0.05, 0.5, 0.09, 0.95));
    faults.inject({ resource: PUT, error: 'DynamoDB.InternalServerErrorException', rate: 0.1 });
    expect([1, 2, 3, 4].map(() => faults.take('Write', PUT) !== undefined)).toEqual([true, false, true, false]);
    expect(faults.injected).toBe(2);
    faults.clear();
    expect(faults.take('Write', PUT)).toBeUndefined();
  });

  it('fails a whole burst of consecutive calls once a probabilistic fault strikes', () => {
    const faults = new FaultInjector(sequence(0.05, 0.99, 0.99, 0.99, 0.99, 0.99));
    faults.inject({ resource: PUT, error: 'DynamoDB.ThrottlingException', rate: 0.1, burst: 3 });
    expect([1, 2, 3, 4, 5].map(() => faults.take('Write', PUT) !== undefined)).toEqual([true, true, true, false, false]);
  });

  it('keeps the timing of a fault that strikes after the call took effect', () => {
    const faults = new FaultInjector();
    faults.inject({ resource: PUT, error: 'DynamoDB.InternalServerErrorException', timing: 'after-call' });
    expect(faults.take('Write', PUT)?.timing).toBe('after-call');
  });

  it('fails Lambda invocations before or after their output, separately', () => {
    const faults = new FaultInjector();
    faults.injectLambda({ timing: 'after-output', times: 1 });
    expect(faults.takeLambda('before-output')).toBeUndefined();
    expect(faults.takeLambda('after-output')).toEqual({ timing: 'after-output', times: 1 });
    expect(faults.takeLambda('after-output')).toBeUndefined();
  });

  it('refuses a rate that is not a probability', () => {
    expect(() => new FaultInjector().inject({ error: 'X', rate: 1.5 })).toThrow('expected rate to be a probability from 0 to 1, found 1.5');
  });
});
