import { row } from '../layout/grid';
import { insightsQuery } from '../queries/insights-query';
import { mathExpression } from '../queries/math-expression';
import { pipelineMetric } from '../queries/pipeline-query';
import { graph, text } from '../widgets/widgets';
import { pipelineQueries, renderDashboard, type Dashboard } from './dashboard';

const dashboard = (overrides: Partial<Dashboard> = {}): Dashboard => ({
  name: 'us-east-1-batchmon-test',
  region: 'us-east-1',
  namespace: 'AWSBatchMetrics',
  rows: [
    row(text('# Test')),
    row(
      graph('By state', [pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum' })]),
      graph('Failed %', [
        pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'FAILED' }, id: 'failed' }),
        pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'SUCCEEDED' }, id: 'succeeded' }),
        mathExpression('ratio', '100 * failed / (failed + succeeded)'),
      ]),
    ),
  ],
  ...overrides,
});

describe('renderDashboard', () => {
  it('computes every position from the rows', () => {
    expect(renderDashboard(dashboard()).widgets.map(({ type, x, y, width, height }) => ({ type, x, y, width, height }))).toEqual([
      { type: 'text', x: 0, y: 0, width: 24, height: 2 },
      { type: 'metric', x: 0, y: 2, width: 12, height: 6 },
      { type: 'metric', x: 12, y: 2, width: 12, height: 6 },
    ]);
  });

  it('carries the time range and period override into the body', () => {
    expect(renderDashboard(dashboard({ start: '-PT6H', periodOverride: 'inherit' }))).toMatchObject({ start: '-PT6H', periodOverride: 'inherit' });
  });

  it('rejects a name with characters CloudWatch does not allow', () => {
    expect(() => renderDashboard(dashboard({ name: 'job states' }))).toThrow('dashboard "job states" › name: expected only A-Z, a-z, 0-9, - and _, found "job states"');
  });

  it('accepts a CDK token in the name and region', () => {
    expect(() => renderDashboard(dashboard({ name: '${Token[AWS.Region.7]}-batchmon-test', region: '${Token[AWS.Region.7]}' }))).not.toThrow();
  });

  it('names the dashboard and widget when a widget is invalid', () => {
    const bad = dashboard({ rows: [row(graph('Broken', [mathExpression('e', 'missing * 2')]))] });
    expect(() => renderDashboard(bad)).toThrow('dashboard "us-east-1-batchmon-test" › widget "Broken" › queries[0].expression: refers to "missing"');
  });
});

describe('pipelineQueries', () => {
  it('lists each pipeline query with its metric, dimension set, fixed values, statistic and widget', () => {
    expect(pipelineQueries(dashboard())).toEqual([
      { metric: 'JobStateTransitions', dimensionKeys: ['State'], where: {}, stat: 'Sum', source: 'By state' },
      { metric: 'JobStateTransitions', dimensionKeys: ['State'], where: { State: 'FAILED' }, stat: 'Sum', source: 'Failed %' },
      { metric: 'JobStateTransitions', dimensionKeys: ['State'], where: { State: 'SUCCEEDED' }, stat: 'Sum', source: 'Failed %' },
    ]);
  });

  it('lists Metrics Insights queries with the statistic of their aggregation', () => {
    const withInsights = dashboard({ rows: [row(graph('Failures', [insightsQuery('PlacementFailures', ['ComputeEnvironment'], { aggregate: 'SUM' })]))] });
    expect(pipelineQueries(withInsights)).toEqual([{ metric: 'PlacementFailures', dimensionKeys: ['ComputeEnvironment'], where: {}, stat: 'Sum', source: 'Failures' }]);
  });
});
