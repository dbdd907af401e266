import { DEFAULT_PERIOD_SECONDS, MAX_METRICS_PER_GRAPH } from '../constants';
import { periodArguments, QUERY_ID, referencedIds } from '../queries/math-expression';
import { pipelineQueryProblem } from '../queries/pipeline-query';
import { renderQuery, type Query } from '../queries/query';
import type { MetricsArrayEntry } from '../queries/series-display';
import { isPeriod } from '../queries/statistic';
import { DashboardValidationError } from '../errors';
import type { HorizontalAnnotation, MetricWidget, Widget } from './widgets';

/** One widget of a dashboard body, as CloudWatch reads it. */
export interface BodyWidget {
  readonly type: 'metric' | 'text' | 'log' | 'alarm';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly properties: Readonly<Record<string, unknown>>;
}

/** What a widget needs from its dashboard to render. */
export interface WidgetContext {
  readonly region: string;
  readonly namespace: string;
  /** Where errors point: the dashboard and widget. */
  readonly location: string;
}

/**
 * Renders a placed widget to its dashboard body form, checking its queries on the way: pipeline
 * queries against the catalog, ids unique and well formed, every id a math expression uses
 * defined, and `PERIOD()` applied to metrics only.
 *
 * @throws {DashboardValidationError} naming the widget and the query
 */
export function renderWidget(widget: Widget, position: { x: number; y: number; width: number; height: number }, context: WidgetContext): BodyWidget {
  const box = { x: position.x, y: position.y, width: position.width, height: position.height };
  switch (widget.kind) {
    case 'text':
      return { type: 'text', ...box, properties: { markdown: widget.markdown, ...(widget.background ? { background: widget.background } : {}) } };
    case 'alarm':
      return {
        type: 'alarm',
        ...box,
        properties: {
          title: widget.title,
          alarms: [...widget.alarmArns],
          sortBy: widget.sortBy ?? 'stateUpdatedTimestamp',
          ...(widget.states ? { states: [...widget.states] } : {}),
        },
      };
    case 'log':
      return {
        type: 'log',
        ...box,
        properties: {
          title: widget.title,
          region: context.region,
          view: widget.view ?? 'table',
          query: [...widget.logGroupNames.map((group) => `SOURCE '${group}'`), ...widget.queryLines].join(' | '),
        },
      };
    case 'metric':
      return { type: 'metric', ...box, properties: metricProperties(widget, context) };
  }
}

function metricProperties(widget: MetricWidget, context: WidgetContext): Record<string, unknown> {
  const period = widget.period ?? DEFAULT_PERIOD_SECONDS;
  if (!isPeriod(period)) {
    throw new DashboardValidationError(`${context.location} › period`, `expected 1, 5, 10, 30 or a multiple of 60 seconds, found ${period}`);
  }
  if (widget.queries.length === 0 || widget.queries.length > MAX_METRICS_PER_GRAPH) {
    throw new DashboardValidationError(`${context.location} › queries`, `expected 1 to ${MAX_METRICS_PER_GRAPH} queries, found ${widget.queries.length}`);
  }
  const ids = assignIds(widget.queries, context.location);
  checkQueries(widget.queries, ids, context.location);
  const metrics: MetricsArrayEntry[] = widget.queries.map((query, index) =>
    renderQuery(query, ids[index] ?? '', { namespace: context.namespace, period, location: `${context.location} › queries[${index}]` }),
  );
  const properties: Record<string, unknown> = {
    title: widget.title,
    region: context.region,
    view: widget.view,
    metrics,
    period,
  };
  if (widget.stacked !== undefined) properties['stacked'] = widget.stacked;
  if (widget.yAxis !== undefined) properties['yAxis'] = widget.yAxis;
  if (widget.annotations !== undefined && widget.annotations.length > 0) {
    properties['annotations'] = { horizontal: widget.annotations.map(annotationJson) };
  }
  if (widget.legend !== undefined) properties['legend'] = { position: widget.legend };
  if (widget.setPeriodToTimeRange !== undefined) properties['setPeriodToTimeRange'] = widget.setPeriodToTimeRange;
  return properties;
}

/** Ids as given, and `q1`, `q2`, … for queries without one (skipping ids already taken). */
export function assignIds(queries: readonly Query[], location: string): string[] {
  const taken = new Set<string>();
  queries.forEach((query, index) => {
    if (query.id === undefined) return;
    if (!QUERY_ID.test(query.id)) {
      throw new DashboardValidationError(`${location} › queries[${index}].id`, `expected a lowercase letter then letters, digits or _, found "${query.id}"`);
    }
    if (taken.has(query.id)) throw new DashboardValidationError(`${location} › queries[${index}].id`, `expected a unique id, found "${query.id}" twice`);
    taken.add(query.id);
  });
  let next = 1;
  return queries.map((query) => {
    if (query.id !== undefined) return query.id;
    while (taken.has(`q${next}`)) next += 1;
    const id = `q${next}`;
    taken.add(id);
    return id;
  });
}

/** Checks pipeline queries against the catalog and math expressions against the ids they use. */
export function checkQueries(queries: readonly Query[], ids: readonly string[], location: string): void {
  const metricIds = new Set(queries.flatMap((query, index) => (query.kind === 'math' || query.kind === 'insights' || isSearch(query) ? [] : [ids[index]])));
  queries.forEach((query, index) => {
    const at = `${location} › queries[${index}]`;
    if (query.kind === 'pipeline' || query.kind === 'insights') {
      const problem = pipelineQueryProblem({ ...query, stat: query.kind === 'pipeline' ? query.stat : 'Sum' });
      if (problem) throw new DashboardValidationError(`${at}.${problem.path}`, problem.problem);
    }
    if (query.kind !== 'math') return;
    for (const id of referencedIds(query.expression)) {
      if (!ids.includes(id)) throw new DashboardValidationError(`${at}.expression`, `refers to "${id}", which no query of this widget defines (ids: ${ids.join(', ')})`);
      if (id === query.id) throw new DashboardValidationError(`${at}.expression`, `refers to itself ("${id}")`);
    }
    for (const argument of periodArguments(query.expression)) {
      if (!metricIds.has(argument)) {
        throw new DashboardValidationError(
          `${at}.expression`,
          `PERIOD() accepts a metric, not a SEARCH or another expression; expected one of ${[...metricIds].join(', ') || '(no metric in this widget)'}, found "${argument}"`,
        );
      }
    }
  });
}

function isSearch(query: Query): boolean {
  if (query.kind === 'aws') return query.searchKeys !== undefined;
  if (query.kind !== 'pipeline') return false;
  const where: Readonly<Record<string, string | undefined>> = query.where;
  return query.dimensionKeys.some((key: string) => where[key] === undefined);
}

function annotationJson(annotation: HorizontalAnnotation): Record<string, unknown> {
  return { ...annotation };
}
