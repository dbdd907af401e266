import { DashboardValidationError } from '../errors';
import { awsMetric, awsSearch } from './aws-metric-query';
import { insightsQuery } from './insights-query';
import { mathExpression, periodArguments, referencedIds } from './math-expression';
import { pipelineMetric } from './pipeline-query';
import { insightsExpression, renderQuery, searchExpression } from './query';

const context = { namespace: 'AWSBatchMetrics', period: 300, location: 'here' };

describe('searchExpression', () => {
  it('escapes double quotes, backslashes and parentheses in exact-match values', () => {
    const expression = searchExpression(
      { namespace: 'NS', metricName: 'RunTime', keys: ['JobQueue'], where: { JobQueue: 'a"b\\c(d)' }, stat: 'p90', period: 60 },
      'here',
    );
    expect(expression).toBe(`SEARCH('{NS,JobQueue} MetricName="RunTime" JobQueue="a\\"b\\\\c\\(d\\)"', 'p90', 60)`);
  });

  it('rejects a single quote, which would end the SEARCH query', () => {
    expect(() => searchExpression({ namespace: 'NS', metricName: 'M', keys: ['JobQueue'], where: { JobQueue: "o'brien" }, stat: 'Sum', period: 60 }, 'here')).toThrow(
      new DashboardValidationError('here', `expected a value without single quotes (it would end the SEARCH query), found "o'brien"`),
    );
  });

  it('quotes a namespace with characters other than letters, digits, _ and /', () => {
    expect(searchExpression({ namespace: 'My-Batch', metricName: 'M', keys: [], stat: 'Sum', period: 60 }, 'here')).toBe(`SEARCH('{"My-Batch"} MetricName="M"', 'Sum', 60)`);
  });

  it('rejects a query longer than 1024 characters', () => {
    expect(() => searchExpression({ namespace: 'NS', metricName: 'M', keys: ['JobQueue'], where: { JobQueue: 'x'.repeat(1100) }, stat: 'Sum', period: 60 }, 'here')).toThrow(
      /expected a SEARCH query of at most 1024 characters/,
    );
  });
});

describe('renderQuery', () => {
  it('renders an AWS metric of one resource to a metric array', () => {
    const query = awsMetric('AWS/Lambda', 'Errors', { dimensions: { FunctionName: 'fn' }, stat: 'Sum', label: 'errors' });
    expect(renderQuery(query, 'e', context)).toEqual(['AWS/Lambda', 'Errors', 'FunctionName', 'fn', { id: 'e', label: 'errors', stat: 'Sum' }]);
  });

  it('renders an AWS search with a name token as a partial-match term', () => {
    const query = awsSearch('AWS/ECS', 'CPUReservation', { dimensionKeys: ['ClusterName'], nameToken: { key: 'ClusterName', token: 'Batch' }, stat: 'Average' });
    expect(renderQuery(query, 'q1', context)).toEqual([
      { expression: `SEARCH('{AWS/ECS,ClusterName} MetricName="CPUReservation" ClusterName=Batch', 'Average', 300)`, id: 'q1', label: "${PROP('Dim.ClusterName')}" },
    ]);
  });

  it('prefixes the series labels of a SEARCH with the query’s label', () => {
    const [entry] = renderQuery(pipelineMetric('RunTime', ['JobQueue'], { stat: 'p99', label: 'p99' }), 'q1', context);
    expect(entry).toMatchObject({ label: "p99 ${PROP('Dim.JobQueue')}" });
  });

  it('uses the query’s own period inside its SEARCH', () => {
    const [entry] = renderQuery(pipelineMetric('RunTime', ['JobQueue'], { stat: 'p99', period: 60 }), 'q1', context);
    expect(entry).toMatchObject({ expression: expect.stringContaining(`'p99', 60)`) });
  });

  it('renders a math expression with its id and label', () => {
    expect(renderQuery(mathExpression('ratio', '100 * a / b', { label: '%' }), 'ratio', context)).toEqual([{ expression: '100 * a / b', id: 'ratio', label: '%' }]);
  });

  it('renders a Metrics Insights query with the widget’s period', () => {
    expect(renderQuery(insightsQuery('PlacementFailures', ['ComputeEnvironment'], { aggregate: 'SUM' }), 'q1', context)).toEqual([
      { expression: 'SELECT SUM(PlacementFailures) FROM SCHEMA("AWSBatchMetrics", ComputeEnvironment)', id: 'q1', period: 300 },
    ]);
  });
});

describe('insightsExpression', () => {
  it('writes equality filters as a WHERE clause', () => {
    const query = insightsQuery('JobStateTransitions', ['State', 'JobQueue'], { aggregate: 'SUM', where: { State: 'FAILED' } });
    expect(insightsExpression(query, context)).toBe(`SELECT SUM(JobStateTransitions) FROM SCHEMA("AWSBatchMetrics", State, JobQueue) WHERE State = 'FAILED'`);
  });
});

describe('referencedIds', () => {
  it('finds the ids an expression uses, not its functions or quoted strings', () => {
    expect(referencedIds(`SUM(METRICS('errors')) / PERIOD(ec2) + fargate_2`)).toEqual(['ec2', 'fargate_2']);
  });

  it('finds the arguments of PERIOD()', () => {
    expect(periodArguments('SUM(calls) / PERIOD( ec2 )')).toEqual(['ec2']);
  });
});
