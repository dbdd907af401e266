import { redriveInput } from './redrive-input';

describe('redriveInput', () => {
  it('marks the event with the name of the execution that failed on it', () => {
    expect(redriveInput({ event: { id: 'e-1' }, executionName: 'failed-1' })).toEqual({ id: 'e-1', batchmon: { redriveOf: 'failed-1' } });
  });

  it('keeps the mark of the first failed execution when an event sent back fails again', () => {
    expect(redriveInput({ event: { id: 'e-1', batchmon: { redriveOf: 'first' } }, executionName: 'second' })).toEqual({ id: 'e-1', batchmon: { redriveOf: 'first' } });
  });
});
