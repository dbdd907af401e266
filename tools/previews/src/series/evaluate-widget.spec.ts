import { awsSearch, graph, insightsQuery, jobStatesDashboard, mathExpression, pipelineMetric, singleValue, widgetsOf, type MetricWidget } from '@batchmon/dashboards';
import { at, HOUR, localMetrics, type TestRecord } from '../__fixtures__/emf-lines';
import { previewResources } from '../preview-resources';
import { evaluateWidget, type WidgetEvaluation } from './evaluate-widget';

const transition = (state: string, queue: string, time: string): TestRecord => ({
  metric: 'JobStateTransitions',
  value: 1,
  dimensions: { State: state, JobQueue: queue },
  sets: [['State'], ['State', 'JobQueue']],
  at: at(time),
});
const wait = (queue: string, seconds: number, time: string): TestRecord => ({ metric: 'RunnableWaitTime', value: seconds, dimensions: { JobQueue: queue }, at: at(time) });

const metrics = localMetrics([
  transition('RUNNING', 'critical', '01:00'),
  transition('RUNNING', 'critical', '04:59'),
  transition('RUNNING', 'standard', '05:00'),
  transition('FAILED', 'critical', '06:00'),
  transition('SUCCEEDED', 'critical', '07:00'),
  transition('SUCCEEDED', 'standard', '08:00'),
  transition('SUCCEEDED', 'standard', '11:00'),
  ...[10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((seconds, index) => wait('critical', seconds, `0${index % 5}:00`)),
  wait('standard', 500, '06:00'),
  { metric: 'JobStateTransitions', value: 1, dimensions: { State: 'RUNNING' }, at: at('01:00'), namespace: 'SomeoneElse' },
]);
const context = { metrics, namespace: 'AWSBatchMetrics', range: HOUR };

const lines = (evaluation: WidgetEvaluation): Record<string, [number, number][]> =>
  Object.fromEntries(evaluation.series.map((series) => [series.label, [...series.points]]));

describe('evaluateWidget', () => {
  it('draws one line per matched series, labelled by the dimension values it searches over', () => {
    const evaluation = evaluateWidget(graph('By state', [pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum' })]), context);
    expect(evaluation.series.map((series) => series.label)).toEqual(['FAILED', 'RUNNING', 'SUCCEEDED']);
  });

  it('buckets datapoints by the query period and sums them', () => {
    const evaluation = evaluateWidget(graph('By state', [pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'RUNNING' } })]), context);
    expect(lines(evaluation)).toEqual({ JobStateTransitions: [[at('00:00'), 2], [at('05:00'), 1]] });
  });

  it('uses the widget period when the query names none', () => {
    const evaluation = evaluateWidget(graph('By state', [pipelineMetric('JobStateTransitions', ['State'], { stat: 'SampleCount', where: { State: 'SUCCEEDED' } })], { period: 600 }), context);
    expect(lines(evaluation)).toEqual({ JobStateTransitions: [[at('00:00'), 2], [at('10:00'), 1]] });
  });

  it('matches only series with exactly the query dimension keys and its fixed values', () => {
    const evaluation = evaluateWidget(graph('Critical', [pipelineMetric('JobStateTransitions', ['State', 'JobQueue'], { stat: 'Sum', where: { JobQueue: 'critical' } })]), context);
    expect(lines(evaluation)).toEqual({
      FAILED: [[at('05:00'), 1]],
      RUNNING: [[at('00:00'), 2]],
      SUCCEEDED: [[at('05:00'), 1]],
    });
  });

  it('ignores datapoints of another namespace', () => {
    const evaluation = evaluateWidget(graph('Running', [pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'RUNNING' } })], { period: 3600 }), context);
    expect(lines(evaluation)).toEqual({ JobStateTransitions: [[at('00:00'), 3]] });
  });

  it('computes percentiles per series and prefixes the legend with the query label', () => {
    const widget = graph('Wait', ['p50', 'p90'].map((stat) => pipelineMetric('RunnableWaitTime', ['JobQueue'], { stat: stat as 'p50' | 'p90', label: stat })), { period: 3600 });
    expect(lines(evaluateWidget(widget, context))).toEqual({
      'p50 critical': [[at('00:00'), 50]],
      'p50 standard': [[at('00:00'), 500]],
      'p90 critical': [[at('00:00'), 90]],
      'p90 standard': [[at('00:00'), 500]],
    });
  });

  it('aggregates every matched series into one line for a Metrics Insights query', () => {
    const widget = graph('Longest wait', [insightsQuery('RunnableWaitTime', ['JobQueue'], { aggregate: 'MAX', label: 'Longest wait' })], { period: 3600 });
    expect(lines(evaluateWidget(widget, context))).toEqual({ 'Longest wait': [[at('00:00'), 500]] });
  });

  it('computes a math expression and hides its inputs', () => {
    const widget = graph('Failed %', [
      pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'FAILED' }, id: 'failed', visible: false }),
      pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'SUCCEEDED' }, id: 'succeeded', visible: false }),
      mathExpression('ratio', '100 * failed / (failed + succeeded)', { label: 'Failed %' }),
    ]);
    expect(lines(evaluateWidget(widget, context))).toEqual({ 'Failed %': [[at('05:00'), 100 / 3]] });
  });

  it('charts the job states dashboard’s failed share as 100 % in a period where every job failed', () => {
    const dashboard = jobStatesDashboard({ region: 'us-east-1', resources: previewResources('us-east-1') });
    const widget = widgetsOf(dashboard.rows).find((candidate): candidate is MetricWidget => candidate.kind === 'metric' && candidate.title === 'Failed jobs (% of finished)');
    if (widget === undefined) throw new Error('the job states dashboard has no "Failed jobs (% of finished)" widget');
    const allFailed = localMetrics([transition('FAILED', 'critical', '01:00'), transition('FAILED', 'standard', '02:00'), transition('SUCCEEDED', 'critical', '06:00')]);
    expect(lines(evaluateWidget(widget, { ...context, metrics: allFailed }))).toEqual({ 'Failed %': [[at('00:00'), 100], [at('05:00'), 0]] });
  });

  it('shows the inputs of a math expression it cannot evaluate, with a note', () => {
    const widget = graph('Band', [
      pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'FAILED' }, id: 'failed', visible: false }),
      mathExpression('band', 'ANOMALY_DETECTION_BAND(failed)'),
    ]);
    const evaluation = evaluateWidget(widget, context);
    expect(evaluation.series.map((series) => series.label)).toEqual(['JobStateTransitions']);
    expect(evaluation.notes).toEqual([expect.stringContaining('"ANOMALY_DETECTION_BAND(failed)" is not evaluated locally')]);
  });

  it('lists AWS service metrics as not emulated', () => {
    const widget = graph('ECS', [awsSearch('AWS/ECS', 'CPUReservation', { dimensionKeys: ['ClusterName'], stat: 'Average' })]);
    const evaluation = evaluateWidget(widget, context);
    expect(evaluation).toMatchObject({ series: [], pipelineQueries: 0, notEmulated: ['AWS/ECS CPUReservation (Average)'] });
  });

  it('aggregates over the whole time range for a single value with setPeriodToTimeRange', () => {
    const widget = singleValue('Succeeded', [pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'SUCCEEDED' } })], { setPeriodToTimeRange: true });
    expect(lines(evaluateWidget(widget, context))).toEqual({ JobStateTransitions: [[HOUR.start, 3]] });
  });

  it('draws a widget whose datapoints all lie outside the dashboard range over its own range, saying so', () => {
    const later = { ...context, range: { start: at('30:00'), end: at('50:00') } };
    const evaluation = evaluateWidget(graph('Running', [pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'RUNNING' } })]), later);
    expect(evaluation.range).toEqual({ start: at('00:00'), end: at('10:00') });
    expect(evaluation.notes).toEqual([expect.stringContaining('Drawn over its own time range')]);
  });

  it('counts the datapoints it leaves out of the dashboard range', () => {
    const early = { ...context, range: { start: at('00:00'), end: at('05:00') } };
    const evaluation = evaluateWidget(graph('Running', [pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'RUNNING' } })]), early);
    expect(lines(evaluation)).toEqual({ JobStateTransitions: [[at('00:00'), 2]] });
    expect(evaluation.notes).toEqual([expect.stringContaining('1 of its 3 datapoints are stamped outside')]);
  });
});
