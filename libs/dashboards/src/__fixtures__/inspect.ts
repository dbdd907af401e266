import type { Dashboard } from '../dashboard/dashboard';
import { renderDashboard, widgetsOf } from '../dashboard/dashboard';
import type { BodyWidget } from '../widgets/render-widget';
import type { MetricWidget } from '../widgets/widgets';

/** The rendered widget titled `title`. */
export function renderedWidget(dashboard: Dashboard, title: string): BodyWidget {
  const widget = renderDashboard(dashboard).widgets.find((candidate) => candidate.properties['title'] === title);
  if (widget === undefined) throw new Error(`no widget titled "${title}" on ${dashboard.name}`);
  return widget;
}

/** The typed metric widget titled `title`. */
export function metricWidget(dashboard: Dashboard, title: string): MetricWidget {
  const widget = widgetsOf(dashboard.rows).find((candidate) => candidate.kind === 'metric' && candidate.title === title);
  if (widget?.kind !== 'metric') throw new Error(`no metric widget titled "${title}" on ${dashboard.name}`);
  return widget;
}

/** Every rendered metric of a dashboard as `namespace metricName key=value…`, and every expression. */
export function renderedMetrics(dashboard: Dashboard): string[] {
  return renderDashboard(dashboard).widgets.flatMap((widget) => {
    const metrics = widget.properties['metrics'];
    if (!Array.isArray(metrics)) return [];
    return metrics.map((entry: unknown[]) => {
      const names = entry.filter((part): part is string => typeof part === 'string');
      const options = entry.find((part): part is { expression?: string } => typeof part === 'object' && part !== null);
      return names.length > 0 ? names.join(' ') : (options?.expression ?? '');
    });
  });
}

/** Every math, SEARCH and Metrics Insights expression of a dashboard's body. */
export function renderedExpressions(dashboard: Dashboard): string[] {
  return renderDashboard(dashboard).widgets.flatMap((widget) => {
    const metrics = widget.properties['metrics'];
    if (!Array.isArray(metrics)) return [];
    return metrics.flatMap((entry: unknown[]) =>
      entry.flatMap((part) => (typeof part === 'object' && part !== null && 'expression' in part && typeof part.expression === 'string' ? [part.expression] : [])),
    );
  });
}

/** Every widget title of a dashboard. */
export function titles(dashboard: Dashboard): string[] {
  return widgetsOf(dashboard.rows).flatMap((widget) => (widget.kind === 'text' ? [] : [widget.title]));
}
