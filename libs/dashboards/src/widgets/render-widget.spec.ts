import { awsSearch } from '../queries/aws-metric-query';
import { mathExpression } from '../queries/math-expression';
import { pipelineMetric } from '../queries/pipeline-query';
import type { Query } from '../queries/query';
import { DashboardValidationError } from '../errors';
import { renderWidget } from './render-widget';
import { alarmStatus, graph, logQuery, singleValue, text } from './widgets';

const box = { x: 0, y: 0, width: 12, height: 6 };
const context = { region: 'eu-west-1', namespace: 'AWSBatchMetrics', location: 'widget "W"' };
const failed = pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'FAILED' }, id: 'failed' });

describe('renderWidget', () => {
  it('renders a graph with its region, view, period and the stacked flag', () => {
    const widget = renderWidget(graph('Transitions', [failed], { stacked: true }), box, context);
    expect(widget).toMatchObject({ type: 'metric', ...box, properties: { title: 'Transitions', region: 'eu-west-1', view: 'timeSeries', period: 300, stacked: true } });
  });

  it('renders a single value as a metric widget with the singleValue view', () => {
    expect(renderWidget(singleValue('Failed', [failed], { setPeriodToTimeRange: true }), box, context).properties).toMatchObject({
      view: 'singleValue',
      setPeriodToTimeRange: true,
    });
  });

  it('assigns ids to queries without one, skipping ids already taken', () => {
    const queries = [pipelineMetric('RunTime', ['JobQueue'], { stat: 'p90' }), pipelineMetric('RunTime', ['JobQueue'], { stat: 'p50', id: 'q1' })];
    const metrics = renderWidget(graph('Run time', queries), box, context).properties['metrics'] as { id?: string }[][];
    expect(metrics.map((entry) => entry[entry.length - 1]?.id)).toEqual(['q2', 'q1']);
  });

  it('renders threshold annotations as horizontal annotations', () => {
    const widget = renderWidget(graph('Failed', [failed], { annotations: [{ value: 20, label: 'alarm', fill: 'above' }] }), box, context);
    expect(widget.properties['annotations']).toEqual({ horizontal: [{ value: 20, label: 'alarm', fill: 'above' }] });
  });

  it('rejects a math expression that uses an id no query of the widget defines', () => {
    const widget = graph('Ratio', [failed, mathExpression('ratio', 'failed / succeeded')]);
    expect(() => renderWidget(widget, box, context)).toThrow(
      new DashboardValidationError('widget "W" › queries[1].expression', 'refers to "succeeded", which no query of this widget defines (ids: failed, ratio)'),
    );
  });

  it('rejects PERIOD() of a SEARCH, which CloudWatch only accepts for metrics', () => {
    const widget = graph('Rate', [pipelineMetric('FailedRunTaskCalls', ['JobQueue'], { stat: 'Sum', id: 'calls' }), mathExpression('rate', 'SUM(calls) / PERIOD(calls)')]);
    expect(() => renderWidget(widget, box, context)).toThrow('PERIOD() accepts a metric, not a SEARCH or another expression; expected one of (no metric in this widget), found "calls"');
  });

  it('rejects two queries with the same id', () => {
    expect(() => renderWidget(graph('Twice', [failed, failed]), box, context)).toThrow('widget "W" › queries[1].id: expected a unique id, found "failed" twice');
  });

  it('rejects an id that does not start with a lowercase letter', () => {
    expect(() => renderWidget(graph('Bad id', [{ ...failed, id: 'Failed' }]), box, context)).toThrow('queries[0].id: expected a lowercase letter then letters, digits or _, found "Failed"');
  });

  it('rejects a pipeline query built around the typed builder for an undeclared dimension set', () => {
    const forged = { ...pipelineMetric('FailedRunTaskCalls', ['JobQueue'], { stat: 'Sum' }), dimensionKeys: ['State'] } as unknown as Query;
    expect(() => renderWidget(graph('Forged', [forged]), box, context)).toThrow('widget "W" › queries[0].dimensionKeys: FailedRunTaskCalls is not published under [State]');
  });

  it('rejects a metric widget without queries', () => {
    expect(() => renderWidget(graph('Empty', []), box, context)).toThrow('widget "W" › queries: expected 1 to 500 queries, found 0');
  });

  it('renders a Logs Insights widget whose query starts with its log groups', () => {
    const widget = renderWidget(logQuery('Slowest', ['/aws/lambda/a', '/aws/lambda/b'], ['fields jobId', 'limit 5']), box, context);
    expect(widget.properties).toEqual({ title: 'Slowest', region: 'eu-west-1', view: 'table', query: "SOURCE '/aws/lambda/a' | SOURCE '/aws/lambda/b' | fields jobId | limit 5" });
  });

  it('renders an alarm status widget with alarms in ALARM first', () => {
    expect(renderWidget(alarmStatus('Alarms', ['arn:a']), box, context)).toMatchObject({ type: 'alarm', properties: { alarms: ['arn:a'], sortBy: 'stateUpdatedTimestamp' } });
  });

  it('renders a text widget’s markdown', () => {
    expect(renderWidget(text('# Hi'), box, context)).toEqual({ type: 'text', ...box, properties: { markdown: '# Hi' } });
  });

  it('renders an AWS search across resources next to pipeline queries', () => {
    const widget = renderWidget(graph('CPU', [awsSearch('AWS/EC2', 'CPUUtilization', { dimensionKeys: ['AutoScalingGroupName'], stat: 'Average' })]), box, context);
    expect(JSON.stringify(widget.properties['metrics'])).toContain('{AWS/EC2,AutoScalingGroupName} MetricName=\\"CPUUtilization\\"');
  });
});
