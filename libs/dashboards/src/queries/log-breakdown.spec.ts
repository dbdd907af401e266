import { DashboardValidationError } from '../errors';
import { logAggregation, logBreakdownQuery } from './log-breakdown';
import { pipelineMetric } from './pipeline-query';

describe('logBreakdownQuery', () => {
  it('sums a metric by the keys of its dimension set and a five-minute bin, over the lines carrying the metric and every key', () => {
    expect(logBreakdownQuery([pipelineMetric('JobStateTransitions', ['State', 'JobQueue'], { stat: 'Sum' })])).toEqual([
      'filter ispresent(JobStateTransitions) and ispresent(State) and ispresent(JobQueue)',
      'stats sum(JobStateTransitions) as Sum by bin(5m), State, JobQueue',
    ]);
  });

  it('keeps only the lines with the fixed dimension values', () => {
    const [filter] = logBreakdownQuery([pipelineMetric('JobStateTransitions', ['State', 'JobQueue'], { stat: 'Sum', where: { State: 'FAILED' } })]);
    expect(filter).toBe("filter ispresent(JobStateTransitions) and ispresent(State) and ispresent(JobQueue) and State = 'FAILED'");
  });

  it('computes one aggregation per statistic, percentiles with pct()', () => {
    const queries = (['p50', 'p90', 'p99'] as const).map((stat) => pipelineMetric('StartupTime', ['JobQueue'], { stat }));
    expect(logBreakdownQuery(queries)[1]).toBe('stats pct(StartupTime, 50) as p50, pct(StartupTime, 90) as p90, pct(StartupTime, 99) as p99 by bin(5m), JobQueue');
  });

  it('groups by the keys of every query, once each', () => {
    const queries = [pipelineMetric('RunTime', ['InstanceType'], { stat: 'p90' }), pipelineMetric('RunTime', ['AvailabilityZone'], { stat: 'p90' })];
    expect(logBreakdownQuery(queries)[1]).toBe('stats pct(RunTime, 90) as p90 by bin(5m), InstanceType, AvailabilityZone');
  });

  it('rejects queries on several metrics: one stats command aggregates one field', () => {
    const queries = [pipelineMetric('RunTime', ['JobQueue'], { stat: 'p90' }), pipelineMetric('TotalTime', ['JobQueue'], { stat: 'p90' })];
    expect(() => logBreakdownQuery(queries, 'widget "Latency"')).toThrow(new DashboardValidationError('widget "Latency"', 'expected queries on one catalog metric, found RunTime, TotalTime'));
  });
});

describe('logAggregation', () => {
  it.each([
    ['Sum', 'sum(RunTime)'],
    ['Average', 'avg(RunTime)'],
    ['Minimum', 'min(RunTime)'],
    ['Maximum', 'max(RunTime)'],
    ['SampleCount', 'count(RunTime)'],
    ['p99.9', 'pct(RunTime, 99.9)'],
  ] as const)('computes %s as %s', (stat, aggregation) => {
    expect(logAggregation('RunTime', stat)).toBe(aggregation);
  });
});
