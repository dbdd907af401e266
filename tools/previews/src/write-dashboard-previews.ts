import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import {
  BATCHMON_DASHBOARDS,
  DASHBOARD_KEYS,
  batchmonDashboards,
  dashboardConsoleUrl,
  layoutGrid,
  renderDashboard,
  type Dashboard,
  type DashboardKey,
} from '@batchmon/dashboards';
import { DEFAULT_NAMESPACE, type MetricsProfile } from '@batchmon/metrics';
import { localAlarmState } from './alarms/local-alarm-state';
import { DEFAULT_PREVIEW_REGION } from './constants';
import type { ChartSpec } from './page/chart-spec';
import { formatNumber, formatRange } from './page/format';
import { pageAssets } from './page/page-assets';
import { renderIndex, renderPage, type IndexEntry } from './page/render-page';
import { renderWidget, type WidgetRenderContext } from './page/render-widget';
import { previewAlarms, previewResources } from './preview-resources';
import type { EvaluationContext } from './series/evaluate-widget';
import { LocalMetrics } from './series/local-metrics';
import { previewTimeRange, type TimeRange } from './series/time-range';

/** Options of {@link writeDashboardPreviews}. */
export interface DashboardPreviewOptions {
  /** EMF lines as the metrics Lambda printed them (e.g. `emf.jsonl` of a replay); blank lines are skipped. */
  readonly emfLines: Iterable<string>;
  /** Directory to write `index.html` and one page per dashboard to (created if missing). */
  readonly outDir: string;
  /** Region of the dashboards (their names start with it). @default 'us-east-1' */
  readonly region?: string;
  /** Namespace of the pipeline's metrics. @default 'AWSBatchMetrics' */
  readonly namespace?: string;
  /**
   * The metrics profile the lines were emitted with: the dashboards are built for it, so a
   * breakdown it does not publish is a Logs Insights widget computed from the lines.
   * @default 'essential'
   */
  readonly profile?: MetricsProfile;
}

/** One preview page written. */
export interface DashboardPreviewPage {
  /** The dashboard's name in CloudWatch, e.g. `us-east-1-batchmon-job-states`. */
  readonly name: string;
  /** Path of its page. */
  readonly file: string;
  /** Widgets on the dashboard (text, alarm, log and metric). */
  readonly widgets: number;
  /** Metric widgets that show local data (chart, pie, bars or numbers). */
  readonly chartedWidgets: number;
}

/** What {@link writeDashboardPreviews} wrote. */
export interface DashboardPreviews {
  /** Path of `index.html`. */
  readonly index: string;
  /** The eight dashboards, in display order. */
  readonly pages: DashboardPreviewPage[];
}

/**
 * Writes a local preview of the eight batchmon dashboards: one static page per dashboard, laid out
 * on the same 24-column grid as in CloudWatch, with every metric widget drawn from the metrics in
 * `emfLines` by evaluating its typed queries (not its SEARCH strings), alarm thresholds on their
 * graphs, alarm status lists replayed over the run, Logs Insights tables computed from the EMF
 * records, and `index.html` linking them. Pages inline their chart library and data, so they open
 * offline from `file://` and make no network request.
 *
 * @throws {EmfInputError} naming the first line that is not an EMF document
 *
 * @example
 * const previews = await writeDashboardPreviews({ emfLines: readFileSync('out/emf.jsonl', 'utf8').split('\n'), outDir: 'out/previews' });
 * console.log(previews.index); // out/previews/index.html
 */
export async function writeDashboardPreviews(options: DashboardPreviewOptions): Promise<DashboardPreviews> {
  const region = options.region ?? DEFAULT_PREVIEW_REGION;
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const metrics = LocalMetrics.fromEmfLines(options.emfLines, namespace);
  const range = previewTimeRange(metrics.datapoints.map((datapoint) => datapoint.timestamp)) ?? lastHours(3);
  const resources = previewResources(region);
  const alarms = previewAlarms(resources, region);
  const dashboards = batchmonDashboards({ region, namespace, resources, alarms, profile: options.profile });
  const evaluation: EvaluationContext = { metrics, namespace, range };
  const context: WidgetRenderContext = {
    evaluation,
    alarms: new Map(alarms.map((alarm) => [alarm.arn, { definition: alarm.definition, state: localAlarmState(alarm.definition, evaluation) }])),
    resolveLink: localLinks(dashboards, region),
  };
  const assets = pageAssets();
  await mkdir(options.outDir, { recursive: true });

  const meta = `${formatRange(range)} · ${formatNumber(metrics.records.length)} EMF lines · ${formatNumber(metrics.datapoints.length)} datapoints in ${namespace}`;
  const banner =
    'Local preview: every metric widget evaluates its typed queries against the metrics this run emitted (the time range is the run, not the last hours); AWS service metrics have no local data.';
  const entries: IndexEntry[] = [];
  const pages: DashboardPreviewPage[] = [];
  for (const key of DASHBOARD_KEYS) {
    const dashboard = dashboards[key];
    const { page, entry } = renderDashboardPage(key, dashboard, context, { meta, banner });
    const file = path.join(options.outDir, entry.file);
    await writeFile(file, renderPage(page, assets));
    entries.push(entry);
    pages.push({ name: dashboard.name, file, widgets: entry.widgets, chartedWidgets: entry.chartedWidgets });
  }
  const index = path.join(options.outDir, 'index.html');
  await writeFile(index, renderIndex(entries, meta));
  return { index, pages };
}

function renderDashboardPage(key: DashboardKey, dashboard: Dashboard, context: WidgetRenderContext, text: { meta: string; banner: string }) {
  // The body CloudWatch gets (validated) gives each widget its place; the layout gives the typed
  // widget in the same order.
  const body = renderDashboard(dashboard);
  const placed = layoutGrid(dashboard.rows, `dashboard "${dashboard.name}"`);
  const charts: ChartSpec[] = [];
  const widgets: string[] = [];
  let charted = 0;
  placed.forEach((entry, index) => {
    const box = body.widgets[index] ?? entry;
    const rendered = renderWidget(entry.widget, `w${index + 1}`, { x: box.x, y: box.y, width: box.width, height: box.height }, context);
    widgets.push(rendered.html);
    if (rendered.chart) charts.push(rendered.chart);
    if (rendered.charted) charted += 1;
  });
  const { title, summary } = BATCHMON_DASHBOARDS[key];
  const entry: IndexEntry = { file: `${dashboard.name}.html`, name: dashboard.name, title, summary, widgets: placed.length, chartedWidgets: charted };
  return { page: { name: dashboard.name, title, meta: text.meta, banner: text.banner, widgets, charts }, entry };
}

/** Links to other dashboards' console pages lead to their local previews instead. */
function localLinks(dashboards: Readonly<Record<DashboardKey, Dashboard>>, region: string): (href: string) => string {
  const local = new Map(Object.values(dashboards).map((dashboard) => [dashboardConsoleUrl(region, dashboard.name), `${dashboard.name}.html`]));
  return (href) => local.get(href) ?? href;
}

function lastHours(hours: number): TimeRange {
  const end = Math.ceil(Date.now() / 300_000) * 300_000;
  return { start: end - hours * 3_600_000, end };
}
