import { widgetName, type AlarmDefinition, type AlarmStatusWidget, type LogQueryWidget, type MetricWidget, type Query, type TextWidget, type Widget } from '@batchmon/dashboards';
import type { LocalAlarmState } from '../alarms/local-alarm-state';
import { SERIES_PALETTE } from '../constants';
import { runInsightsQuery } from '../logs/insights-table';
import { UnsupportedLogQueryError } from '../errors';
import { evaluateWidget, type EvaluatedSeries, type EvaluationContext, type WidgetEvaluation } from '../series/evaluate-widget';
import type { ChartSpec } from './chart-spec';
import { formatNumber, formatRange } from './format';
import { gridPlacement, type GridBox } from './grid-style';
import { escapeHtml, isHexColor } from './html';
import { renderMarkdown } from './markdown';
import { pieChartHtml } from './pie-chart';

/** What rendering a widget needs from its page. */
export interface WidgetRenderContext {
  readonly evaluation: EvaluationContext;
  /** The deployed alarms by ARN, with what each would have done over the local run. */
  readonly alarms: ReadonlyMap<string, { readonly definition: AlarmDefinition; readonly state: LocalAlarmState }>;
  /** Rewrites links of text widgets (dashboard console URLs → local previews). */
  readonly resolveLink: (href: string) => string;
}

/** A widget rendered for a preview page. */
export interface RenderedWidget {
  readonly html: string;
  /** The chart the in-page script draws, for a time series with data. */
  readonly chart?: ChartSpec;
  /** Whether it is a metric widget that shows local data (a chart, pie, bars or numbers). */
  readonly charted: boolean;
}

/** Where a metric widget's data comes from. */
type Source = 'pipeline' | 'aws' | 'mixed';

/**
 * Renders one widget at its place on the grid: a metric widget evaluated against the local series
 * (chart, single values, pie or bars; a labelled placeholder for AWS service metrics), a text
 * widget's markdown, an alarm status list with what each alarm would have done, or a Logs Insights
 * widget with its query and the table computed from the local records.
 *
 * @example
 * renderWidget(graph('Transitions by state', queries), 'w1', { x: 0, y: 3, width: 12, height: 6 }, context).html;
 */
export function renderWidget(widget: Widget, widgetId: string, box: GridBox, context: WidgetRenderContext): RenderedWidget {
  switch (widget.kind) {
    case 'metric':
      return metricWidget(widget, widgetId, box, context);
    case 'text':
      return { html: textWidget(widget, widgetId, box, context), charted: false };
    case 'alarm':
      return { html: alarmWidget(widget, widgetId, box, context), charted: false };
    case 'log':
      return { html: logWidget(widget, widgetId, box, context), charted: false };
  }
}

function section(kind: string, widgetId: string, box: GridBox, attributes: Record<string, string>, inner: string, extraClass = ''): string {
  const data = Object.entries(attributes)
    .map(([name, value]) => ` data-${name}="${escapeHtml(value)}"`)
    .join('');
  return `<section class="widget widget-${kind}${extraClass}" data-widget-id="${widgetId}" data-kind="${kind}"${data} style="${gridPlacement(box)}">${inner}</section>`;
}

function title(text: string): string {
  return `<h2 class="widget-title" title="${escapeHtml(text)}">${escapeHtml(text)}</h2>`;
}

function metricWidget(widget: MetricWidget, widgetId: string, box: GridBox, context: WidgetRenderContext): RenderedWidget {
  const evaluation = evaluateWidget(widget, context.evaluation);
  const source: Source = evaluation.pipelineQueries === 0 ? 'aws' : evaluation.notEmulated.length > 0 ? 'mixed' : 'pipeline';
  const series = evaluation.series.map((entry, index) => ({ ...entry, color: colorOf(entry, index) }));
  const points = series.reduce((count, entry) => count + entry.points.size, 0);
  const notes = [...evaluation.notes];
  if (source === 'mixed') notes.push(`Not emulated locally: ${countedList(evaluation.notEmulated)}.`);
  const pipelineMetrics = [...new Set(widget.queries.flatMap((query) => (query.kind === 'pipeline' || query.kind === 'insights' ? [query.metric] : [])))];
  const attributes: Record<string, string> = { view: widget.view, source, title: widget.title, metrics: pipelineMetrics.join(' ') };
  const footer = notesHtml(notes);

  if (source === 'aws') {
    const namespaces = [...new Set(evaluation.notEmulated.map((metric) => metric.split(' ')[0] ?? ''))];
    const thresholds = (widget.annotations ?? []).map((annotation) => annotation.label ?? String(annotation.value));
    const body =
      `<div class="placeholder"><strong>${escapeHtml(namespaces.join(', '))} metric${evaluation.notEmulated.length > 1 ? 's' : ''} — not emulated locally</strong>` +
      `<p>In CloudWatch: ${escapeHtml(countedList(evaluation.notEmulated))}.</p>` +
      (thresholds.length > 0 ? `<p>Alarm threshold${thresholds.length > 1 ? 's' : ''}: ${escapeHtml(thresholds.join('; '))}</p>` : '') +
      `</div>`;
    return { html: section('metric', widgetId, box, { ...attributes, rendered: 'placeholder' }, title(widget.title) + `<div class="widget-body">${body}</div>` + footer), charted: false };
  }
  if (points === 0) {
    const body = `<div class="placeholder empty"><strong>No local data</strong><p>The local run emitted no ${escapeHtml(describeQueries(widget.queries))}.</p></div>`;
    return { html: section('metric', widgetId, box, { ...attributes, points: '0', rendered: 'empty' }, title(widget.title) + `<div class="widget-body">${body}</div>` + footer), charted: false };
  }
  if (widget.view === 'timeSeries') {
    const chart = chartSpec(widget, widgetId, series, evaluation);
    const legend = widget.legend === 'hidden' ? '' : legendHtml(series);
    const body = `<div class="widget-body legend-${widget.legend ?? 'bottom'}"><div class="chart"></div>${legend}</div>`;
    return { html: section('metric', widgetId, box, attributes, title(widget.title) + body + footer), chart, charted: true };
  }
  const values = series.map((entry) => ({ label: entry.label, color: entry.color, value: [...entry.points.values()].at(-1) ?? 0 }));
  const scope = widget.setPeriodToTimeRange === true ? `over ${formatRange(evaluation.range)}` : 'latest period';
  let body: string;
  if (widget.view === 'pie') body = pieChartHtml(values);
  else if (widget.view === 'bar') body = barsHtml(values);
  else body = `<div class="single-values">${values.map((entry) => `<div class="single-value"><span class="number">${formatNumber(entry.value)}</span><span class="label">${escapeHtml(entry.label)}</span></div>`).join('')}</div>`;
  const drawn = widget.view === 'pie' ? values.filter((entry) => entry.value > 0).length : values.length;
  const html = section(
    'metric',
    widgetId,
    box,
    { ...attributes, points: String(drawn), rendered: 'static' },
    title(widget.title) + `<div class="widget-body">${body}<p class="scope">${escapeHtml(scope)}</p></div>` + footer,
  );
  return { html, charted: drawn > 0 };
}

function colorOf(series: EvaluatedSeries, index: number): string {
  if (series.color !== undefined && isHexColor(series.color)) return series.color;
  return SERIES_PALETTE[index % SERIES_PALETTE.length] ?? '#1f77b4';
}

function chartSpec(widget: MetricWidget, widgetId: string, series: readonly (EvaluatedSeries & { color: string })[], evaluation: WidgetEvaluation): ChartSpec {
  const times = [...new Set(series.flatMap((entry) => [...entry.points.keys()]))].sort((a, b) => a - b);
  const axis = (range: { min?: number; max?: number; label?: string } | undefined) =>
    range === undefined ? undefined : { ...(range.min === undefined ? {} : { min: range.min }), ...(range.max === undefined ? {} : { max: range.max }), ...(range.label === undefined ? {} : { label: range.label }) };
  const left = axis(widget.yAxis?.left);
  const right = axis(widget.yAxis?.right);
  return {
    widgetId,
    stacked: widget.stacked === true,
    range: { start: evaluation.range.start / 1000, end: evaluation.range.end / 1000 },
    timestamps: times.map((time) => time / 1000),
    series: series.map((entry) => ({ label: entry.label, color: entry.color, yAxis: entry.yAxis, values: times.map((time) => entry.points.get(time) ?? null) })),
    yAxis: { ...(left === undefined ? {} : { left }), ...(right === undefined ? {} : { right }) },
    annotations: (widget.annotations ?? []).map((annotation) => ({
      value: annotation.value,
      ...(annotation.label === undefined ? {} : { label: annotation.label }),
      color: annotation.color !== undefined && isHexColor(annotation.color) ? annotation.color : '#7f7f7f',
      fill: annotation.fill ?? 'none',
      yAxis: annotation.yAxis ?? 'left',
    })),
  };
}

function legendHtml(series: readonly { label: string; color: string }[]): string {
  return `<ul class="legend">${series.map((entry) => `<li><span class="swatch" style="background:${entry.color}"></span>${escapeHtml(entry.label)}</li>`).join('')}</ul>`;
}

function barsHtml(values: readonly { label: string; color: string; value: number }[]): string {
  const max = Math.max(...values.map((entry) => entry.value), 0) || 1;
  const rows = values.map(
    (entry) =>
      `<li><span class="bar-label">${escapeHtml(entry.label)}</span><span class="bar" style="width:${((100 * Math.max(entry.value, 0)) / max).toFixed(1)}%;background:${entry.color}"></span><span class="value">${formatNumber(entry.value)}</span></li>`,
  );
  return `<ul class="bars">${rows.join('')}</ul>`;
}

/** `AWS/States ExecutionsStarted (Sum) × 7, AWS/SQS …`: one entry per distinct item. */
function countedList(items: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return [...counts].map(([item, count]) => (count > 1 ? `${item} × ${count}` : item)).join(', ');
}

function notesHtml(notes: readonly string[]): string {
  return notes.length === 0 ? '' : `<ul class="notes">${notes.map((note) => `<li>${escapeHtml(note)}</li>`).join('')}</ul>`;
}

function describeQueries(queries: readonly Query[]): string {
  const described = queries.flatMap((query) => {
    if (query.kind !== 'pipeline' && query.kind !== 'insights') return [];
    const keys: readonly string[] = query.dimensionKeys;
    const where: Readonly<Record<string, string | undefined>> = query.where;
    const fixed = Object.entries(where).filter(([, value]) => value !== undefined).map(([key, value]) => `${key}=${value ?? ''}`);
    return [`${query.metric} series by [${keys.join(', ')}]${fixed.length > 0 ? ` with ${fixed.join(', ')}` : ''}`];
  });
  return [...new Set(described)].join(', nor ');
}

function textWidget(widget: TextWidget, widgetId: string, box: GridBox, context: WidgetRenderContext): string {
  const body = `<div class="markdown">${renderMarkdown(widget.markdown, { resolveLink: context.resolveLink })}</div>`;
  return section('text', widgetId, box, { title: widgetName(widget) }, body, widget.background === 'transparent' ? ' transparent' : '');
}

function alarmWidget(widget: AlarmStatusWidget, widgetId: string, box: GridBox, context: WidgetRenderContext): string {
  const items = widget.alarmArns.map((arn) => {
    const alarm = context.alarms.get(arn);
    if (alarm === undefined) return `<li><span class="badge unknown">?</span>${escapeHtml(arn)}</li>`;
    const { definition, state } = alarm;
    const symbol = { GreaterThanThreshold: '>', GreaterThanOrEqualToThreshold: '≥', LessThanThreshold: '<', LessThanOrEqualToThreshold: '≤' }[definition.comparison];
    const condition = `${symbol} ${definition.threshold}${definition.unit ?? ''}, ${definition.datapointsToAlarm} of ${definition.evaluationPeriods} × ${definition.period / 60} min`;
    let badge: string;
    let detail: string;
    if (state.kind === 'not-emulated') {
      badge = '<span class="badge not-emulated">not emulated</span>';
      detail = `watches ${countedList(state.metrics)}`;
    } else if (state.alarms.length > 0) {
      badge = '<span class="badge alarm">ALARM</span>';
      detail = `would have fired: ${state.alarms.map(formatRange).join(', ')}`;
    } else {
      badge = '<span class="badge ok">OK</span>';
      detail = `never fired over the run (${state.breachingPeriods} of ${state.evaluatedPeriods} periods breaching)`;
    }
    return `<li title="${escapeHtml(definition.description)}">${badge}<span class="alarm-title">${escapeHtml(definition.title)}</span> <span class="condition">${escapeHtml(condition)}</span> <span class="detail">${escapeHtml(detail)}</span></li>`;
  });
  return section('alarm', widgetId, box, { title: widget.title, alarms: String(widget.alarmArns.length) }, title(widget.title) + `<ul class="alarms">${items.join('')}</ul>`);
}

function logWidget(widget: LogQueryWidget, widgetId: string, box: GridBox, context: WidgetRenderContext): string {
  const query = [...widget.logGroupNames.map((group) => `SOURCE '${group}'`), ...widget.queryLines].join(' | ');
  let result: string;
  let rows = 0;
  try {
    const table = runInsightsQuery(widget.queryLines, context.evaluation.metrics.records);
    rows = table.rows.length;
    const absent = table.columns.filter((column) => !column.present).map((column) => column.name);
    const head = table.columns.map((column) => `<th${column.present ? '' : ' class="absent" title="absent from every record shown"'}>${escapeHtml(column.name)}</th>`).join('');
    const body = table.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('');
    const summary = `${formatNumber(table.rows.length)} of ${formatNumber(table.matched)} matching records, computed locally from the EMF lines.`;
    const absentNote =
      absent.length > 0 && table.rows.length > 0 ? ` Fields absent from every record shown (Logs Insights would leave them empty too): ${absent.join(', ')}.` : '';
    result = `<p class="scope">${escapeHtml(summary + absentNote)}</p><div class="table-scroll"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
  } catch (error) {
    if (!(error instanceof UnsupportedLogQueryError)) throw error;
    result = `<div class="placeholder"><strong>Logs Insights query — not run locally</strong><p>${escapeHtml(error.message)}.</p></div>`;
  }
  const inner = title(widget.title) + `<div class="widget-body log-body"><pre class="query">${escapeHtml(query)}</pre>${result}</div>`;
  return section('log', widgetId, box, { title: widget.title, rows: String(rows) }, inner);
}
