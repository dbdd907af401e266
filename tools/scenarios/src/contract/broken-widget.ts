import { pipelineMetric, type Dashboard, type DimensionSetOf, type LayoutNode, type Query } from '@batchmon/dashboards';

/** The widget the contract's own test breaks on purpose, on the job states dashboard (a metric widget in every profile). */
export const BROKEN_WIDGET_TITLE = 'Transitions by state';

/**
 * A copy of `dashboard` whose metric widget titled `title` has its queries replaced by
 * `replace(queries)`; every other widget is shared with the original.
 *
 * @throws Error when the dashboard has no metric widget of that title (a renamed widget must not
 *   make a test of a broken widget pass by breaking nothing)
 *
 * @example
 * withWidgetQueries(jobStates, 'Transitions by state', () => [pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'Failed' } })]);
 */
export function withWidgetQueries(dashboard: Dashboard, title: string, replace: (queries: readonly Query[]) => readonly Query[]): Dashboard {
  let found = false;
  const map = (node: LayoutNode): LayoutNode => {
    if (node.kind === 'row' || node.kind === 'column') return { ...node, children: node.children.map(map) };
    if (node.kind !== 'metric' || node.title !== title) return node;
    found = true;
    return { ...node, queries: replace(node.queries) };
  };
  const rows = dashboard.rows.map(map);
  if (!found) throw new Error(`expected a metric widget titled "${title}" on dashboard "${dashboard.name}", found none`);
  return { ...dashboard, rows };
}

/**
 * The job states dashboard with one realistic mistake: "Transitions by state" reads
 * `JobStateTransitions` under `[State, JobQueue, ComputeEnvironment]`, a dimension set the
 * pipeline does not publish. The typed builder rejects that set, so it is forced with a cast, as
 * a hand edit or a catalog change could.
 *
 * @example
 * contractViolations([withUnpublishedDimensionSet(jobStatesDashboard(options))], [], series); // one violation
 */
export function withUnpublishedDimensionSet(jobStates: Dashboard): Dashboard {
  const unpublished = ['State', 'JobQueue', 'ComputeEnvironment'] as unknown as DimensionSetOf<'JobStateTransitions'>;
  return withWidgetQueries(jobStates, BROKEN_WIDGET_TITLE, () => [pipelineMetric('JobStateTransitions', unpublished, { stat: 'Sum', where: { State: 'FAILED' } })]);
}
