import { MAX_DASHBOARD_NAME_LENGTH } from '../constants';
import { layoutGrid, type LayoutNode } from '../layout/grid';
import { INSIGHTS_STATISTIC } from '../queries/insights-query';
import type { PipelineQueryRef } from '../queries/pipeline-query';
import { DashboardValidationError } from '../errors';
import { isPlaceholder } from '../validation/values';
import { validateDashboardBody } from '../validation/validate-body';
import { renderWidget, type BodyWidget } from '../widgets/render-widget';
import { widgetName, type MetricWidget, type Widget } from '../widgets/widgets';

/** A dashboard as typed data: its name, where its metrics live, and rows of widgets. */
export interface Dashboard {
  /** 1–255 of `A-Z a-z 0-9 - _` (a CDK token stands for such a name). */
  readonly name: string;
  /** Region of every metric and log widget (a CDK token allowed). */
  readonly region: string;
  /** Namespace of the pipeline's metrics. */
  readonly namespace: string;
  /** Rows of widgets, top to bottom (see `row`, `column`). */
  readonly rows: readonly LayoutNode[];
  /** Time range shown when the dashboard opens, e.g. `-PT6H`. @default - CloudWatch's (3 hours) */
  readonly start?: string;
  /** `inherit` keeps each graph's own period; `auto` adapts periods to the time range. @default - `auto` */
  readonly periodOverride?: 'auto' | 'inherit';
}

/** A dashboard body as CloudWatch reads it (serialize with `JSON.stringify`, or `Stack.toJsonString` under CDK). */
export interface DashboardBody {
  readonly start?: string;
  readonly periodOverride?: 'auto' | 'inherit';
  readonly widgets: readonly BodyWidget[];
}

/**
 * Renders a dashboard to its body: lays the rows out on the 24-column grid, renders each widget
 * and its queries, and validates the result against the documented structure.
 *
 * @throws {DashboardValidationError} naming the dashboard, the widget and the property at fault
 *
 * @example
 * const body = renderDashboard({ name: 'us-east-1-batchmon-job-states', region: 'us-east-1', namespace: 'AWSBatchMetrics', rows });
 * JSON.stringify(body);
 */
export function renderDashboard(dashboard: Dashboard): DashboardBody {
  const where = `dashboard "${dashboard.name}"`;
  checkName(dashboard.name, where);
  if (dashboard.region.length === 0) throw new DashboardValidationError(`${where} › region`, 'expected a region, found ""');
  const widgets = layoutGrid(dashboard.rows, where).map((placed) =>
    renderWidget(placed.widget, placed, {
      region: dashboard.region,
      namespace: dashboard.namespace,
      location: `${where} › widget "${widgetName(placed.widget)}"`,
    }),
  );
  const body: DashboardBody = {
    ...(dashboard.start === undefined ? {} : { start: dashboard.start }),
    ...(dashboard.periodOverride === undefined ? {} : { periodOverride: dashboard.periodOverride }),
    widgets,
  };
  validateDashboardBody(body, dashboard.name);
  return body;
}

/**
 * Every query of a dashboard on a metric the pipeline emits (SEARCH, metric and Metrics Insights
 * alike), as data: the catalog metric, the dimension set it reads, fixed values and statistic.
 * A contract test can check each against the series a simulated workload emits with
 * `matchesSeries`, without parsing a single SEARCH string.
 *
 * @example
 * pipelineQueries(jobStatesDashboard(options)).map((q) => q.metric);
 * // ['JobStateTransitions', 'JobStateTransitions', …]
 */
export function pipelineQueries(dashboard: Pick<Dashboard, 'rows'>): PipelineQueryRef[] {
  return widgetsOf(dashboard.rows).flatMap((widget) => (widget.kind === 'metric' ? queriesOf(widget) : []));
}

/**
 * Every widget of a dashboard, in layout order.
 *
 * @example
 * widgetsOf(dashboard.rows).filter((widget) => widget.kind === 'alarm');
 */
export function widgetsOf(rows: readonly LayoutNode[]): Widget[] {
  return rows.flatMap((node): Widget[] => (node.kind === 'row' || node.kind === 'column' ? widgetsOf(node.children) : [node]));
}

function queriesOf(widget: MetricWidget): PipelineQueryRef[] {
  return widget.queries.flatMap((query): PipelineQueryRef[] => {
    if (query.kind === 'pipeline') {
      return [{ metric: query.metric, dimensionKeys: query.dimensionKeys, where: query.where, stat: query.stat, source: widget.title }];
    }
    if (query.kind === 'insights') {
      return [{ metric: query.metric, dimensionKeys: query.dimensionKeys, where: query.where, stat: INSIGHTS_STATISTIC[query.aggregate], source: widget.title }];
    }
    return [];
  });
}

function checkName(name: string, where: string): void {
  if (name.length === 0 || name.length > MAX_DASHBOARD_NAME_LENGTH) {
    throw new DashboardValidationError(`${where} › name`, `expected 1 to ${MAX_DASHBOARD_NAME_LENGTH} characters, found ${name.length}`);
  }
  // A placeholder (CDK token) is opaque here; the rest of the name must use the allowed characters.
  const literal = isPlaceholder(name) ? name.replace(/\$\{[^}]*\}/g, '') : name;
  if (!/^[A-Za-z0-9_-]*$/.test(literal)) {
    throw new DashboardValidationError(`${where} › name`, `expected only A-Z, a-z, 0-9, - and _, found "${name}"`);
  }
}
