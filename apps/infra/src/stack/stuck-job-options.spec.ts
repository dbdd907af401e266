import { StackConfigurationError } from '../errors';
import { checkedStuckJobOptions, parseQueueMinutes } from './stuck-job-options';

describe('the stuck jobs option', () => {
  it('passes whole minutes through', () => {
    expect(checkedStuckJobOptions({ runnableMinutes: 15, runnableMinutesByQueue: { gpu: 60 } })).toEqual({ runnableMinutes: 15, runnableMinutesByQueue: { gpu: 60 } });
  });

  it('refuses zero minutes, naming the option', () => {
    expect(() => checkedStuckJobOptions({ runnableMinutes: 0 })).toThrow(new StackConfigurationError('stuckJobs.runnableMinutes: expected a whole number of minutes from 1 to 1440, found 0'));
  });

  it('refuses a queue’s threshold that is not a number, naming the queue', () => {
    expect(() => checkedStuckJobOptions({ runnableMinutesByQueue: { gpu: Number.NaN } })).toThrow(/stuckJobs\.runnableMinutesByQueue\.gpu/);
  });
});

describe('per-queue thresholds from the command line', () => {
  it('read queue=minutes pairs', () => {
    expect(parseQueueMinutes('gpu=30, cpu-small=20')).toEqual({ gpu: 30, 'cpu-small': 20 });
  });

  it('refuse a pair without minutes', () => {
    expect(() => parseQueueMinutes('gpu')).toThrow(StackConfigurationError);
  });
});
