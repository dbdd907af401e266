import { dimensionSetsFor, emfSeries, METRIC_NAMES } from '@batchmon/metrics';
import { matchesSeries, pipelineMetric, pipelineQueryProblem } from './pipeline-query';
import { renderQuery } from './query';

const context = { namespace: 'AWSBatchMetrics', period: 300, location: 'here' };

describe('pipelineMetric', () => {
  it('renders a query with searched keys to a SEARCH over the catalog dimension set', () => {
    const query = pipelineMetric('JobStateTransitions', ['State', 'JobQueue'], { stat: 'Sum' });
    expect(renderQuery(query, 'q1', context)).toEqual([
      {
        expression: `SEARCH('{AWSBatchMetrics,State,JobQueue} MetricName="JobStateTransitions"', 'Sum', 300)`,
        id: 'q1',
        label: "${PROP('Dim.State')} ${PROP('Dim.JobQueue')}",
      },
    ]);
  });

  it('renders a query with every key fixed to a metric array', () => {
    const query = pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'FAILED' }, visible: false });
    expect(renderQuery(query, 'failed', context)).toEqual(['AWSBatchMetrics', 'JobStateTransitions', 'State', 'FAILED', { id: 'failed', visible: false, stat: 'Sum' }]);
  });

  it('writes fixed values of a partly fixed query as exact-match search terms', () => {
    const query = pipelineMetric('JobStateTransitions', ['State', 'JobQueue'], { stat: 'Sum', where: { State: 'FAILED' } });
    const [entry] = renderQuery(query, 'q1', context);
    expect(entry).toEqual({
      expression: `SEARCH('{AWSBatchMetrics,State,JobQueue} MetricName="JobStateTransitions" State="FAILED"', 'Sum', 300)`,
      id: 'q1',
      label: "${PROP('Dim.JobQueue')}",
    });
  });

  it('renders the metric without dimensions to a bare metric array', () => {
    expect(renderQuery(pipelineMetric('AutoScalingGroupsMonitored', [], { stat: 'Sum' }), 'q1', context)).toEqual([
      'AWSBatchMetrics',
      'AutoScalingGroupsMonitored',
      { id: 'q1', stat: 'Sum' },
    ]);
  });

  it('cannot express a dimension set the catalog does not declare for the metric', () => {
    // @ts-expect-error -- FailedRunTaskCalls is not published under [State]
    const wrongSet = pipelineMetric('FailedRunTaskCalls', ['State'], { stat: 'Sum' });
    // @ts-expect-error -- the catalog order is [State, JobQueue]
    const wrongOrder = pipelineMetric('JobStateTransitions', ['JobQueue', 'State'], { stat: 'Sum' });
    // @ts-expect-error -- a filter on a key outside the set
    const wrongFilter = pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { JobQueue: 'high' } });
    expect([wrongSet, wrongOrder, wrongFilter]).toHaveLength(3);
  });
});

describe('pipelineQueryProblem', () => {
  it('accepts every dimension set of every catalog metric', () => {
    for (const metric of METRIC_NAMES) {
      for (const dimensionKeys of dimensionSetsFor(metric, 'detailed')) expect(pipelineQueryProblem({ metric, dimensionKeys, stat: 'Sum' })).toBeUndefined();
    }
  });

  it('names the declared dimension sets when a query reads another', () => {
    expect(pipelineQueryProblem({ metric: 'FailedRunTaskCalls', dimensionKeys: ['State'], stat: 'Sum' })).toEqual({
      path: 'dimensionKeys',
      problem: 'FailedRunTaskCalls is not published under [State]; the catalog declares [ComputeEnvironment] [JobQueue] [JobQueue, ComputeEnvironment]',
    });
  });

  it('rejects a metric outside the catalog', () => {
    expect(pipelineQueryProblem({ metric: 'JobStates', dimensionKeys: [], stat: 'Sum' })).toEqual({
      path: 'metric',
      problem: 'expected a metric of the catalog, found "JobStates"',
    });
  });

  it('rejects a fixed value for a key outside the set', () => {
    expect(pipelineQueryProblem({ metric: 'JobStateTransitions', dimensionKeys: ['State'], where: { JobQueue: 'high' }, stat: 'Sum' })?.path).toBe('where.JobQueue');
  });

  it('rejects a statistic CloudWatch does not know', () => {
    expect(pipelineQueryProblem({ metric: 'RunTime', dimensionKeys: ['JobQueue'], stat: 'P90' })?.path).toBe('stat');
  });

  it('rejects a period that is not 1, 5, 10, 30 or a multiple of 60 seconds', () => {
    expect(pipelineQueryProblem({ metric: 'RunTime', dimensionKeys: ['JobQueue'], stat: 'p90', period: 90 })?.path).toBe('period');
  });
});

describe('matchesSeries', () => {
  const query = { metric: 'JobStateTransitions', dimensionKeys: ['State', 'JobQueue'], where: { State: 'FAILED' } } as const;

  it('matches a series with exactly the query’s keys and its fixed values', () => {
    expect(matchesSeries(query, { metric: 'JobStateTransitions', dimensions: { JobQueue: 'high', State: 'FAILED' } })).toBe(true);
  });

  it('does not match a series with more keys: CloudWatch treats it as another metric', () => {
    expect(matchesSeries(query, { metric: 'JobStateTransitions', dimensions: { JobQueue: 'high', State: 'FAILED', JobDefinition: 'etl' } })).toBe(false);
  });

  it('does not match a series with another value for a fixed key', () => {
    expect(matchesSeries(query, { metric: 'JobStateTransitions', dimensions: { JobQueue: 'high', State: 'SUCCEEDED' } })).toBe(false);
  });

  it('does not match a series of another namespace', () => {
    expect(matchesSeries({ ...query, namespace: 'AWSBatchMetrics' }, { namespace: 'Other', metric: 'JobStateTransitions', dimensions: { JobQueue: 'q', State: 'FAILED' } })).toBe(false);
  });

  it('matches the datapoints emfSeries extracts from an EMF line, as a contract test would', () => {
    const line = JSON.stringify({
      State: 'FAILED',
      JobQueue: 'high',
      _aws: {
        Timestamp: 1717000000000,
        CloudWatchMetrics: [{ Namespace: 'AWSBatchMetrics', Dimensions: [['State'], ['State', 'JobQueue']], Metrics: [{ Name: 'JobStateTransitions', Unit: 'Count' }] }],
      },
      JobStateTransitions: 1,
    });
    const searched = pipelineMetric('JobStateTransitions', ['State', 'JobQueue'], { stat: 'Sum', where: { State: 'FAILED' } });
    expect(emfSeries(line).filter((series) => matchesSeries({ ...searched, namespace: 'AWSBatchMetrics' }, series))).toEqual([
      expect.objectContaining({ dimensions: { State: 'FAILED', JobQueue: 'high' } }),
    ]);
  });
});
