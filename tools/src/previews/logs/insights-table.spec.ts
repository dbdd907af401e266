import { at, localMetrics } from '../__fixtures__/emf-lines';
import { runInsightsQuery, UnsupportedLogQueryError } from './insights-table';

const finished = (jobId: string, state: string, totalSeconds: number, time: string) => ({
  metric: 'FinishedJobs',
  value: 1,
  dimensions: { State: state, JobQueue: 'critical' },
  sets: [['State'], ['State', 'JobQueue']],
  at: at(time),
  properties: { jobId, totalSeconds, computeEnvironment: 'spot-ec2' },
});
const { records } = localMetrics([
  finished('job-a', 'SUCCEEDED', 120, '01:00'),
  finished('job-b', 'FAILED', 900.5, '02:00'),
  finished('job-c', 'SUCCEEDED', 45, '03:00'),
  { metric: 'JobStateTransitions', value: 1, dimensions: { State: 'RUNNING' }, at: at('04:00') },
]);

describe('runInsightsQuery', () => {
  it('lists the slowest jobs first, up to the limit', () => {
    const table = runInsightsQuery(['fields jobId, totalSeconds', 'filter ispresent(totalSeconds)', 'sort totalSeconds desc', 'limit 2'], records);
    expect(table.rows).toEqual([
      ['job-b', '900.5'],
      ['job-a', '120'],
    ]);
    expect(table.matched).toBe(3);
  });

  it('filters on a field value and on the presence of a metric', () => {
    const table = runInsightsQuery(["fields @timestamp, jobId, State", "filter ispresent(FinishedJobs) and State = 'FAILED'", 'sort @timestamp desc'], records);
    expect(table.rows).toEqual([['2024-05-01 08:02:00.000', 'job-b', 'FAILED']]);
  });

  it('compares numbers numerically', () => {
    const table = runInsightsQuery(['fields jobId', 'filter totalSeconds >= 100', 'sort jobId asc'], records);
    expect(table.rows).toEqual([['job-a'], ['job-b']]);
  });

  it('marks the fields no record has, since Logs Insights would show them empty', () => {
    const table = runInsightsQuery(['fields jobId, ComputeEnvironment, computeEnvironment', 'filter ispresent(jobId)'], records);
    expect(table.columns).toEqual([
      { name: 'jobId', present: true },
      { name: 'ComputeEnvironment', present: false },
      { name: 'computeEnvironment', present: true },
    ]);
  });

  it('refuses a command it does not run, naming it', () => {
    expect(() => runInsightsQuery(['stats count(*) by State'], records)).toThrow(new UnsupportedLogQueryError('the command "stats" is not run locally'));
    expect(() => runInsightsQuery(["filter State = 'FAILED' or State = 'SUCCEEDED'"], records)).toThrow('"or" is not run locally');
  });
});
