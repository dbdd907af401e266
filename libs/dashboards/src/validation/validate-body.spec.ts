import { validateDashboardBody } from './validate-body';

const metric = (overrides: Record<string, unknown> = {}, properties: Record<string, unknown> = {}) => ({
  type: 'metric',
  x: 0,
  y: 0,
  width: 12,
  height: 6,
  properties: { title: 'Transitions', region: 'us-east-1', metrics: [['AWSBatchMetrics', 'JobStateTransitions', 'State', 'FAILED', { stat: 'Sum' }]], ...properties },
  ...overrides,
});
const body = (...widgets: unknown[]) => ({ widgets });
const check = (value: unknown) => () => validateDashboardBody(value, 'd');

describe('validateDashboardBody', () => {
  it('accepts metric, text, log and alarm widgets side by side', () => {
    expect(
      check(
        body(
          metric(),
          { type: 'text', x: 12, y: 0, width: 12, height: 2, properties: { markdown: '# Hello' } },
          { type: 'log', x: 12, y: 2, width: 12, height: 4, properties: { title: 'Slowest', region: 'us-east-1', query: "SOURCE 'lg' | fields jobId", view: 'table' } },
          { type: 'alarm', x: 0, y: 6, width: 24, height: 2, properties: { title: 'Alarms', alarms: ['arn:aws:cloudwatch:us-east-1:1:alarm:a'] } },
        ),
      ),
    ).not.toThrow();
  });

  it('accepts an empty widgets array', () => {
    expect(check(body())).not.toThrow();
  });

  it('rejects a body without a widgets array', () => {
    expect(check({ start: '-PT6H' })).toThrow('dashboard "d" › widgets: expected an array, found undefined');
  });

  it('rejects an unknown widget type, naming the widget', () => {
    expect(check(body(metric({ type: 'graph' })))).toThrow('dashboard "d" › widgets[0] "Transitions" › type: expected one of metric, text, log, alarm, explorer, found string "graph"');
  });

  it('rejects a metric widget without a region, naming the widget and the property', () => {
    expect(check(body(metric({}, { region: undefined })))).toThrow('dashboard "d" › widgets[0] "Transitions" › properties.region: expected a non-empty string, found undefined');
  });

  it('rejects a metric widget without metrics', () => {
    expect(check(body(metric({}, { metrics: [] })))).toThrow('properties.metrics: expected a non-empty array of metrics and expressions, found array []');
  });

  it('rejects a metrics entry whose dimension names and values do not pair up', () => {
    expect(check(body(metric({}, { metrics: [['AWSBatchMetrics', 'JobStateTransitions', 'State']] })))).toThrow(
      'properties.metrics[0]: expected [namespace, metricName, dimensionName, dimensionValue, …]',
    );
  });

  it('rejects an unknown statistic on a metric', () => {
    expect(check(body(metric({}, { metrics: [['AWSBatchMetrics', 'JobStateTransitions', { stat: 'Total' }]] })))).toThrow(
      'properties.metrics[0].stat: expected a CloudWatch statistic, found string "Total"',
    );
  });

  it('rejects a width above 24 columns', () => {
    expect(check(body(metric({ width: 25 })))).toThrow('dashboard "d" › widgets[0] "Transitions" › width: expected an integer from 1 to 24, found number 25');
  });

  it('rejects a widget that runs past the 24th column', () => {
    expect(check(body(metric({ x: 18, width: 12 })))).toThrow('width: expected x + width within the 24-column grid, found x 18 + width 12');
  });

  it('rejects a widget without a position', () => {
    expect(check(body(metric({ y: undefined })))).toThrow('› y: expected an integer of at least 0, found undefined');
  });

  it('rejects overlapping widgets, naming both', () => {
    expect(check(body(metric(), metric({ x: 6, y: 3 }, { title: 'Other' })))).toThrow(
      'dashboard "d" › widgets[1] "Other": overlaps widgets[0] "Transitions": (6,3) 12×6 and (0,0) 12×6',
    );
  });

  it('rejects a log widget whose query names no log group', () => {
    expect(check(body({ type: 'log', x: 0, y: 0, width: 6, height: 6, properties: { region: 'us-east-1', query: 'fields jobId' } }))).toThrow(
      "properties.query: expected a query that names its log groups with SOURCE '<log group>'",
    );
  });

  it('rejects an alarm status widget without alarms', () => {
    expect(check(body({ type: 'alarm', x: 0, y: 0, width: 6, height: 2, properties: { title: 'Alarms', alarms: [] } }))).toThrow(
      'dashboard "d" › widgets[0] "Alarms" › properties.alarms: expected 1 to 100 alarm ARNs, found array []',
    );
  });

  it('accepts a CDK token where an alarm ARN goes', () => {
    expect(check(body({ type: 'alarm', x: 0, y: 0, width: 6, height: 2, properties: { alarms: ['${Token[TOKEN.42]}'] } }))).not.toThrow();
  });

  it('rejects more than 500 widgets', () => {
    const many = Array.from({ length: 501 }, (_, index) => ({ type: 'text', x: 0, y: index, width: 1, height: 1, properties: { markdown: 'x' } }));
    expect(check(body(...many))).toThrow('dashboard "d" › widgets: expected at most 500 widgets, found 501');
  });

  it('rejects a horizontal annotation without a numeric value', () => {
    expect(check(body(metric({}, { annotations: { horizontal: [{ label: 'threshold' }] } })))).toThrow(
      'properties.annotations.horizontal[0].value: expected a number, found undefined',
    );
  });
});
