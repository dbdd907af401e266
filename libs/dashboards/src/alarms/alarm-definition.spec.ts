import { awsSearch } from '../queries/aws-metric-query';
import { insightsQuery } from '../queries/insights-query';
import { mathExpression } from '../queries/math-expression';
import { pipelineMetric } from '../queries/pipeline-query';
import { alarmGraph, alarmPipelineQueries, renderAlarm, thresholdAnnotation, validateAlarm, type AlarmDefinition } from './alarm-definition';

const base: AlarmDefinition = {
  id: 'test',
  title: 'Test',
  description: 'A test alarm.',
  dashboard: 'job-states',
  queries: [insightsQuery('BlockedJobQueues', ['JobQueue'], { aggregate: 'SUM', id: 'blocked' })],
  evaluates: 'blocked',
  period: 300,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  threshold: 0,
  comparison: 'GreaterThanThreshold',
  treatMissingData: 'notBreaching',
};
const context = { namespace: 'AWSBatchMetrics' };

describe('renderAlarm', () => {
  it('renders a Metrics Insights alarm as one returned expression with the alarm’s period', () => {
    expect(renderAlarm(base, context)).toEqual({
      alarmDescription: 'A test alarm.',
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      threshold: 0,
      treatMissingData: 'notBreaching',
      metrics: [{ id: 'blocked', returnData: true, expression: 'SELECT SUM(BlockedJobQueues) FROM SCHEMA("AWSBatchMetrics", JobQueue)', period: 300 }],
    });
  });

  it('renders a percentile of a fixed pipeline metric as a metric stat', () => {
    const alarm = { ...base, queries: [pipelineMetric('RunnableWaitTime', ['JobQueue'], { stat: 'p90', where: { JobQueue: 'high' }, id: 'wait' })], evaluates: 'wait' };
    expect(renderAlarm(alarm, context).metrics).toEqual([
      {
        id: 'wait',
        returnData: true,
        metricStat: { metric: { namespace: 'AWSBatchMetrics', metricName: 'RunnableWaitTime', dimensions: [{ name: 'JobQueue', value: 'high' }] }, period: 300, stat: 'p90' },
      },
    ]);
  });

  it('returns data only from the evaluated expression of a math alarm', () => {
    const alarm = {
      ...base,
      queries: [
        pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'FAILED' }, id: 'failed' }),
        pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'SUCCEEDED' }, id: 'succeeded' }),
        mathExpression('ratio', '100 * failed / (failed + succeeded)'),
      ],
      evaluates: 'ratio',
    };
    expect(renderAlarm(alarm, context).metrics.map((query) => [query.id, query.returnData])).toEqual([
      ['failed', false],
      ['succeeded', false],
      ['ratio', true],
    ]);
  });
});

describe('validateAlarm', () => {
  it('rejects a pipeline query with a searched key: an alarm cannot watch a SEARCH', () => {
    const alarm = { ...base, queries: [pipelineMetric('RunnableWaitTime', ['JobQueue'], { stat: 'p90', id: 'wait' })], evaluates: 'wait' };
    expect(() => validateAlarm(alarm)).toThrow('alarm "test" › queries[0].where: an alarm cannot watch a SEARCH expression; expected values for JobQueue (or a Metrics Insights query)');
  });

  it('rejects an AWS search', () => {
    const alarm = { ...base, queries: [awsSearch('AWS/EC2', 'CPUUtilization', { dimensionKeys: ['AutoScalingGroupName'], stat: 'Average', id: 'cpu' })], evaluates: 'cpu' };
    expect(() => validateAlarm(alarm)).toThrow('an alarm cannot watch a SEARCH expression');
  });

  it('rejects more datapoints to alarm than evaluation periods', () => {
    expect(() => validateAlarm({ ...base, evaluationPeriods: 2, datapointsToAlarm: 3 })).toThrow('alarm "test" › datapointsToAlarm: expected 1 to evaluationPeriods (2), found 3');
  });

  it('rejects an evaluated id that no query has', () => {
    expect(() => validateAlarm({ ...base, evaluates: 'other' })).toThrow('alarm "test" › evaluates: expected the id of one of its queries (blocked), found "other"');
  });

  it('rejects more than 10 metrics', () => {
    const queries = Array.from({ length: 11 }, (_, index) =>
      pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'FAILED' }, id: `m${index}` }),
    );
    expect(() => validateAlarm({ ...base, queries, evaluates: 'm0' })).toThrow('alarm "test" › queries: expected 1 to 10 metrics, found 11');
  });

  it('rejects a period an alarm cannot evaluate', () => {
    expect(() => validateAlarm({ ...base, period: 5 })).toThrow('alarm "test" › period: expected 10, 30 or a multiple of 60 seconds, found 5');
  });
});

describe('thresholdAnnotation', () => {
  it('draws the threshold, shaded on the side where the alarm fires', () => {
    expect(thresholdAnnotation({ ...base, threshold: 20, unit: ' %', title: 'Failed jobs' })).toEqual({ value: 20, label: 'Failed jobs > 20 %', color: '#d62728', fill: 'above' });
  });
});

describe('alarmGraph', () => {
  it('graphs the evaluated series with the threshold, inputs hidden', () => {
    const alarm = {
      ...base,
      title: 'Failed jobs',
      threshold: 20,
      queries: [
        pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'FAILED' }, id: 'failed' }),
        mathExpression('ratio', '2 * failed'),
      ],
      evaluates: 'ratio',
    };
    const widget = alarmGraph(alarm);
    expect(widget.queries.map((query) => [query.id, query.visible])).toEqual([
      ['failed', false],
      ['ratio', undefined],
    ]);
    expect(widget.annotations?.[0]?.value).toBe(20);
    expect(widget.period).toBe(300);
  });
});

describe('alarmPipelineQueries', () => {
  it('lists the pipeline metrics an alarm watches', () => {
    expect(alarmPipelineQueries(base)).toEqual([{ metric: 'BlockedJobQueues', dimensionKeys: ['JobQueue'], where: {}, stat: 'Sum', source: 'test' }]);
  });
});
