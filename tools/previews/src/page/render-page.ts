import { CHART_SPECS_ELEMENT_ID, type ChartSpec } from './chart-spec';
import { escapeHtml, scriptJson } from './html';
import type { PageAssets } from './page-assets';
import { pageStyle } from './page-style';

/**
 * Pages only inline what they need: no request may leave the page, whatever a widget holds
 * (`default-src 'none'`); inline scripts and styles are the page's own.
 */
const CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'";

/** What a dashboard page shows around its widgets. */
export interface DashboardPage {
  /** The dashboard's name in CloudWatch. */
  readonly name: string;
  readonly title: string;
  /** One line saying where the data comes from (time range, lines read). */
  readonly meta: string;
  /** Whatever the reader must know before reading the graphs. */
  readonly banner: string;
  /** Widget elements, in layout order. */
  readonly widgets: readonly string[];
  readonly charts: readonly ChartSpec[];
}

/**
 * A self-contained preview page: the widgets on the dashboard grid, the chart data as JSON, and
 * the drawing script and styles inlined, so it opens offline from `file://`.
 *
 * @example
 * writeFileSync(file, renderPage(page, pageAssets()));
 */
export function renderPage(page: DashboardPage, assets: PageAssets): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(page.title)} — batchmon local preview</title>`,
    `<style>${assets.chartStyles}${pageStyle()}</style>`,
    '</head>',
    `<body data-dashboard="${escapeHtml(page.name)}">`,
    `<header class="topbar"><a href="index.html">← All dashboards</a><h1>${escapeHtml(page.name)}</h1><span class="meta">${escapeHtml(page.meta)}</span></header>`,
    `<p class="banner">${escapeHtml(page.banner)}</p>`,
    `<main class="grid">`,
    ...page.widgets,
    '</main>',
    `<script type="application/json" id="${CHART_SPECS_ELEMENT_ID}">${scriptJson(page.charts)}</script>`,
    `<script>${assets.script}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** One entry of the index page. */
export interface IndexEntry {
  readonly file: string;
  readonly name: string;
  readonly title: string;
  readonly summary: string;
  readonly widgets: number;
  readonly chartedWidgets: number;
}

/**
 * The index page: a link to every dashboard preview with its one-line description.
 *
 * @example
 * renderIndex(entries, 'EMF lines: 7,020 · 2024-05-01 08:00 – 09:40 UTC');
 */
export function renderIndex(entries: readonly IndexEntry[], meta: string): string {
  const items = entries.map(
    (entry) =>
      `<li><a href="${escapeHtml(entry.file)}"><strong>${escapeHtml(entry.title)}</strong></a> — ${escapeHtml(entry.summary)}<br>` +
      `<span class="counts">${escapeHtml(entry.name)} · ${entry.widgets} widgets, ${entry.chartedWidgets} charted from local data</span></li>`,
  );
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<title>batchmon dashboards — local preview</title>',
    `<style>${pageStyle()}</style>`,
    '</head>',
    '<body>',
    `<header class="topbar"><h1>batchmon dashboards — local preview</h1><span class="meta">${escapeHtml(meta)}</span></header>`,
    '<main class="index">',
    '<p>The dashboards <code>cdk deploy</code> creates, laid out on the same grid and drawn from the metrics this run emitted locally. AWS service metrics (ECS, Auto Scaling, EC2, Step Functions, SQS, Lambda) have no local data.</p>',
    `<ul>${items.join('')}</ul>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
