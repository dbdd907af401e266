import { at, localMetrics } from '../__fixtures__/emf-lines';
import { runInsightsQuery } from './insights-table';
import { UnsupportedLogQueryError } from '../errors';

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

  it('sums a metric by a field and a time bin, over the records the filters before it kept', () => {
    const table = runInsightsQuery(['filter ispresent(FinishedJobs) and ispresent(State)', 'stats sum(FinishedJobs) as Sum by bin(1h), State'], records);
    expect(table.columns.map((column) => column.name)).toEqual(['bin(1h)', 'State', 'Sum']);
    expect(table.rows).toEqual([
      ['2024-05-01 08:00:00.000', 'SUCCEEDED', '2'],
      ['2024-05-01 08:00:00.000', 'FAILED', '1'],
    ]);
  });

  it('computes percentiles, averages, extremes and counts, each under its alias', () => {
    const table = runInsightsQuery(
      ['filter ispresent(totalSeconds)', 'stats pct(totalSeconds, 50) as p50, avg(totalSeconds) as mean, max(totalSeconds), min(totalSeconds) as fastest, count(jobId) as jobs'],
      records,
    );
    expect(table.columns.map((column) => column.name)).toEqual(['p50', 'mean', 'max(totalSeconds)', 'fastest', 'jobs']);
    expect(table.rows).toEqual([['120', String((120 + 900.5 + 45) / 3), '900.5', '45', '3']]);
  });

  it('sorts and limits the rows of stats', () => {
    const table = runInsightsQuery(['filter ispresent(totalSeconds)', 'stats max(totalSeconds) as slowest by State', 'sort slowest desc', 'limit 1'], records);
    expect(table.rows).toEqual([['FAILED', '900.5']]);
  });

  it('refuses a command it does not run, naming it', () => {
    expect(() => runInsightsQuery(['parse @message "* *" as a, b'], records)).toThrow(new UnsupportedLogQueryError('the command "parse" is not run locally'));
    expect(() => runInsightsQuery(['stats stddev(totalSeconds)'], records)).toThrow('the aggregation "stddev(totalSeconds)" is not run locally');
    expect(() => runInsightsQuery(["filter State = 'FAILED' or State = 'SUCCEEDED'"], records)).toThrow('"or" is not run locally');
  });
});
