import { failedJobsQuery, logBreakdownQuery, pipelineMetric } from '@batchmon/dashboards';
import { logQueryFields } from './log-query-fields';

describe('logQueryFields', () => {
  it('reads the metric and dimension fields of a breakdown, not its bin or its alias', () => {
    const lines = logBreakdownQuery([pipelineMetric('JobStateTransitions', ['State', 'JobQueue'], { stat: 'Sum', where: { State: 'FAILED' } })]);
    expect(logQueryFields([...lines, 'sort Sum desc'])).toEqual(['JobStateTransitions', 'State', 'JobQueue']);
  });

  it('reads the listed and filtered fields of a table, not the built-in @ fields or quoted values', () => {
    expect(logQueryFields(failedJobsQuery(10))).toEqual(expect.arrayContaining(['jobId', 'statusReason', 'FinishedJobs', 'State']));
    expect(logQueryFields(failedJobsQuery(10))).not.toEqual(expect.arrayContaining(['@timestamp', 'FAILED']));
  });

  it('reads the field of a percentile and skips count(*)', () => {
    expect(logQueryFields(['stats pct(RunTime, 90) as p90, count(*) by InstanceType'])).toEqual(['RunTime', 'InstanceType']);
  });
});
