import { dimensionSetsFor, METRIC_CATALOG, METRIC_NAMES, METRICS_PROFILES, type MetricName, type MetricsProfile } from '@batchmon/metrics';
import { alarmPipelineQueries } from './alarms/alarm-definition';
import { renderAlarm } from './alarms/alarm-definition';
import { batchmonAlarms } from './alarms/batchmon-alarms';
import { unfilledSeriesIds } from './queries/math-expression';
import { pipelineQueries, renderDashboard, widgetsOf, type Dashboard } from './dashboard/dashboard';
import { logBreakdownQuery } from './queries/log-breakdown';
import { OPTIONS, RESOURCES, optionsWithAlarms } from './__fixtures__/options';
import { renderedExpressions, renderedMetrics } from './__fixtures__/inspect';
import { DASHBOARD_KEYS, dashboardConsoleUrl } from './batchmon-dashboard';
import { batchmonDashboards } from './batchmon-dashboards';

const all = Object.values(batchmonDashboards(optionsWithAlarms()));
const sameKeys = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((key) => b.includes(key));
const declared = (metric: string, keys: readonly string[], profile: MetricsProfile) =>
  Object.hasOwn(METRIC_CATALOG, metric) && dimensionSetsFor(metric as MetricName, profile).some((set: readonly string[]) => sameKeys(set, keys));
const logWidgetsOf = (dashboards: Record<string, Dashboard>) => Object.values(dashboards).flatMap((dashboard) => widgetsOf(dashboard.rows)).filter((widget) => widget.kind === 'log');

describe('batchmonDashboards', () => {
  it('builds eight dashboards named <region>-batchmon-<dashboard>', () => {
    expect(all.map((dashboard) => dashboard.name)).toEqual([
      'us-east-1-batchmon-instance-registrations',
      'us-east-1-batchmon-jobs-placement',
      'us-east-1-batchmon-job-states',
      'us-east-1-batchmon-stuck-jobs',
      'us-east-1-batchmon-ec2-capacity',
      'us-east-1-batchmon-asg-utilization',
      'us-east-1-batchmon-job-latency',
      'us-east-1-batchmon-pipeline-health',
    ]);
  });

  it('combines series in every dashboard body and alarm only through FILL, so a period where one series has no datapoint still has a value', () => {
    const alarmExpressions = batchmonAlarms({ resources: RESOURCES }).flatMap((alarm) =>
      renderAlarm(alarm, { namespace: 'AWSBatchMetrics' }).metrics.flatMap((query) => (query.expression === undefined ? [] : [`alarm ${alarm.id}: ${query.expression}`])),
    );
    const widgetExpressions = all.flatMap((dashboard) => renderedExpressions(dashboard).map((expression) => `${dashboard.name}: ${expression}`));
    const expressions = [...alarmExpressions, ...widgetExpressions];
    expect(expressions.filter((expression) => /[-+*/<>=]/.test(expression.split(': ')[1] ?? '')).length).toBeGreaterThan(3);
    expect(expressions.filter((expression) => unfilledSeriesIds(expression.slice(expression.indexOf(': ') + 2)).length > 0)).toEqual([]);
  });

  it('renders every dashboard to a valid body, with and without alarms', () => {
    for (const dashboard of [...all, ...Object.values(batchmonDashboards(OPTIONS))]) expect(() => renderDashboard(dashboard)).not.toThrow();
  });

  it('renders every dashboard to a valid body in each metrics profile', () => {
    for (const profile of METRICS_PROFILES) {
      for (const dashboard of Object.values(batchmonDashboards({ ...optionsWithAlarms(), profile }))) expect(() => renderDashboard(dashboard)).not.toThrow();
    }
  });
  it('shows each alarm’s status on the dashboard it belongs to', () => {
    const options = optionsWithAlarms();
    const dashboards = batchmonDashboards(options);
    for (const { definition, arn } of options.alarms ?? []) {
      const statusWidgets = widgetsOf(dashboards[definition.dashboard].rows).filter((widget) => widget.kind === 'alarm');
      expect(statusWidgets.flatMap((widget) => (widget.kind === 'alarm' ? widget.alarmArns : []))).toContain(arn);
    }
  });

  it('shows no alarm status widget when no alarm is deployed', () => {
    expect(Object.values(batchmonDashboards(OPTIONS)).flatMap((dashboard) => widgetsOf(dashboard.rows)).filter((widget) => widget.kind === 'alarm')).toEqual([]);
  });

  it('links each dashboard to the six others', () => {
    for (const dashboard of all) {
      const header = widgetsOf(dashboard.rows)[0];
      const links = header?.kind === 'text' ? (header.markdown.match(/\]\(https:[^)]+\)/g) ?? []) : [];
      expect(links).toHaveLength(DASHBOARD_KEYS.length - 1);
      expect(header?.kind === 'text' && header.markdown.includes(dashboardConsoleUrl('us-east-1', dashboard.name))).toBe(false);
    }
  });

  it('prefixes names with a CDK token region and a custom prefix', () => {
    const names = Object.values(batchmonDashboards({ ...OPTIONS, region: '${Token[AWS.Region.3]}', namePrefix: 'batchmon-prod' })).map((dashboard) => dashboard.name);
    expect(names[0]).toBe('${Token[AWS.Region.3]}-batchmon-prod-instance-registrations');
  });
});

describe.each(METRICS_PROFILES)('batchmonDashboards in the %s profile', (profile) => {
  const dashboards = batchmonDashboards({ ...optionsWithAlarms(), profile });
  const built = Object.values(dashboards);

  it('shows every metric of the catalog on some dashboard', () => {
    const shown = new Set(built.flatMap((dashboard) => pipelineQueries(dashboard).map((query) => query.metric)));
    expect(METRIC_NAMES.filter((metric) => !shown.has(metric))).toEqual([]);
  });

  it('queries pipeline metrics only under dimension sets the profile publishes', () => {
    const queries = [...built.flatMap(pipelineQueries), ...batchmonAlarms({ resources: RESOURCES, profile }).flatMap(alarmPipelineQueries)];
    expect(queries.filter((query) => !declared(query.metric, query.dimensionKeys, profile))).toEqual([]);
  });

  it('renders SEARCH schemas, metric arrays and Metrics Insights schemas of the namespace only with sets the profile publishes', () => {
    const found: { metric: string; keys: string[] }[] = [];
    for (const rendered of built.flatMap(renderedMetrics)) {
      const search = /^SEARCH\('\{AWSBatchMetrics((?:,\w+)*)\} MetricName="(\w+)"/.exec(rendered);
      const insights = /^SELECT \w+\((\w+)\) FROM SCHEMA\("AWSBatchMetrics"((?:, \w+)*)\)/.exec(rendered);
      const array = /^AWSBatchMetrics (\w+)((?: \S+ \S+)*)$/.exec(rendered);
      if (search) found.push({ metric: search[2] ?? '', keys: (search[1] ?? '').split(',').filter(Boolean) });
      if (insights) found.push({ metric: insights[1] ?? '', keys: (insights[2] ?? '').split(', ').filter(Boolean) });
      if (array) found.push({ metric: array[1] ?? '', keys: (array[2] ?? '').trim().split(' ').filter((_, index) => index % 2 === 0).filter(Boolean) });
    }
    expect(found.length).toBeGreaterThan(METRIC_NAMES.length);
    expect(found.filter(({ metric, keys }) => !declared(metric, keys, profile))).toEqual([]);
  });

  it('answers every breakdown the detailed dashboards graph on a set the profile does not publish with a Logs Insights widget of the same title', () => {
    const detailed = Object.values(batchmonDashboards({ ...optionsWithAlarms(), profile: 'detailed' })).flatMap((dashboard) => widgetsOf(dashboard.rows));
    const logWidgets = new Map(logWidgetsOf(dashboards).map((widget) => [widget.title, widget]));
    for (const widget of detailed) {
      if (widget.kind !== 'metric') continue;
      const unpublished = widget.queries.filter((query) => query.kind === 'pipeline' && !declared(query.metric, query.dimensionKeys, profile));
      if (unpublished.length === 0) continue;
      const pipeline = widget.queries.flatMap((query) => (query.kind === 'pipeline' ? [query] : []));
      expect({ title: widget.title, queryLines: logWidgets.get(widget.title)?.queryLines }).toEqual({ title: widget.title, queryLines: logBreakdownQuery(pipeline) });
    }
  });

  it('reads every Logs Insights widget from the metrics Lambda log group', () => {
    expect([...new Set(logWidgetsOf(dashboards).flatMap((widget) => widget.logGroupNames))]).toEqual([RESOURCES.metricsLogGroupName]);
  });
});
