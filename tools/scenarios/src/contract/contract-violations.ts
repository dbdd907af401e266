import {
  alarmPipelineQueries,
  matchesSeries,
  pipelineQueries,
  widgetsOf,
  type AlarmDefinition,
  type Dashboard,
  type EmittedSeries,
  type PipelineQueryRef,
} from '@batchmon/dashboards';
import { DEFAULT_NAMESPACE } from '@batchmon/metrics';
import { logQueryFields } from './log-query-fields';

/** A dashboard or alarm query on a pipeline metric that no emitted series answers. */
export interface ContractViolation {
  /** Where the query is: `dashboard "…" › widget "…"` or `alarm "…"`. */
  readonly location: string;
  readonly query: PipelineQueryRef;
  /** Namespace the query reads. */
  readonly namespace: string;
  /** The location, the query, and why no emitted series matches it (with what was emitted instead). */
  readonly message: string;
}

/** Options of {@link contractViolations}. */
export interface ContractOptions {
  /** Namespace the alarms are rendered with (dashboards carry their own). @default 'AWSBatchMetrics' */
  readonly alarmNamespace?: string;
}

/**
 * The dashboard and alarm contract: every pipeline-metric query (metric, SEARCH and Metrics
 * Insights alike) of every dashboard and alarm must match at least one series the pipeline
 * emitted — same namespace, metric, exact dimension key set and fixed values. A query that
 * matches none draws an empty graph or an alarm that never fires, which nothing else reports.
 *
 * @returns one violation per query that matches no series, in dashboard, widget and alarm order
 *
 * @example
 * const series = (await emitWorkload(CONTRACT_WORKLOAD)).series;
 * contractViolations(Object.values(batchmonDashboards(options)), batchmonAlarms({ resources }), series);
 * // [] — or e.g. [{ message: 'dashboard "…" › widget "…": JobStateTransitions [State, JobQueue] … matches no emitted series: …' }]
 */
export function contractViolations(
  dashboards: readonly Dashboard[],
  alarms: readonly AlarmDefinition[],
  series: readonly EmittedSeries[],
  options: ContractOptions = {},
): ContractViolation[] {
  const emitted = new EmittedSeriesIndex(series);
  const checked: { readonly location: string; readonly namespace: string; readonly query: PipelineQueryRef }[] = [];
  for (const dashboard of dashboards) {
    for (const widget of widgetsOf(dashboard.rows)) {
      for (const query of pipelineQueries({ rows: [widget] })) {
        checked.push({ location: `dashboard "${dashboard.name}" › widget "${query.source}"`, namespace: dashboard.namespace, query });
      }
    }
  }
  const alarmNamespace = options.alarmNamespace ?? DEFAULT_NAMESPACE;
  for (const alarm of alarms) {
    for (const query of alarmPipelineQueries(alarm)) checked.push({ location: `alarm "${alarm.id}"`, namespace: alarmNamespace, query });
  }
  return checked.flatMap(({ location, namespace, query }): ContractViolation[] => {
    const reason = emitted.whyUnmatched(query, namespace);
    if (reason === undefined) return [];
    return [{ location, namespace, query, message: `${location}: ${describeQuery(query)} matches no emitted series: ${reason}` }];
  });
}

/**
 * A pipeline query as one line: metric, dimension set, fixed values and statistic.
 *
 * @example
 * describeQuery({ metric: 'JobStateTransitions', dimensionKeys: ['State'], where: { State: 'FAILED' }, stat: 'Sum', source: 'w' });
 * // 'JobStateTransitions [State] where State="FAILED" (Sum)'
 */
export function describeQuery(query: PipelineQueryRef): string {
  const fixed = Object.entries(query.where).map(([key, value]) => `${key}="${value ?? ''}"`);
  return `${query.metric} ${keySet(query.dimensionKeys)}${fixed.length > 0 ? ` where ${fixed.join(' and ')}` : ''} (${query.stat})`;
}

/** Emitted series by namespace and metric, to match queries and explain a miss. */
class EmittedSeriesIndex {
  private readonly byMetric = new Map<string, EmittedSeries[]>();

  constructor(series: readonly EmittedSeries[]) {
    for (const one of series) {
      const key = this.key(one.namespace, one.metric);
      const list = this.byMetric.get(key);
      if (list === undefined) this.byMetric.set(key, [one]);
      else list.push(one);
    }
  }

  /** Why no series answers `query` in `namespace`, or `undefined` when one does. */
  whyUnmatched(query: PipelineQueryRef, namespace: string): string | undefined {
    const candidates = this.byMetric.get(this.key(namespace, query.metric)) ?? [];
    if (candidates.some((series) => matchesSeries({ ...query, namespace }, series))) return undefined;
    if (candidates.length === 0) return `${query.metric} is never emitted in namespace ${namespace}`;

    const sameKeys = candidates.filter((series) => matchesSeries({ ...query, where: {} }, series));
    if (sameKeys.length === 0) {
      const sets = distinctKeySets(candidates.map((series) => Object.keys(series.dimensions)));
      return `no ${query.metric} series has exactly the dimensions ${keySet(query.dimensionKeys)}; it is emitted with ${sets.join(' ')}`;
    }
    for (const [key, value] of Object.entries(query.where)) {
      const values = [...new Set(sameKeys.map((series) => series.dimensions[key] ?? ''))].sort();
      if (!values.includes(value ?? '')) return `${key}="${value ?? ''}" is never emitted with these dimensions; emitted values: ${values.join(', ')}`;
    }
    return 'each fixed value is emitted, but never all of them together on one series';
  }

  private key(namespace: string | undefined, metric: string): string {
    return `${namespace ?? DEFAULT_NAMESPACE}/${metric}`;
  }
}

function keySet(keys: readonly string[]): string {
  return `[${keys.join(', ')}]`;
}

/** Distinct key sets, fewest keys first, so messages do not depend on the order series were emitted in. */
function distinctKeySets(sets: readonly (readonly string[])[]): string[] {
  const sorted = [...sets].sort((a, b) => a.length - b.length || keySet(a).localeCompare(keySet(b)));
  return [...new Set(sorted.map(keySet))];
}

/** A Logs Insights widget that reads fields no emitted EMF line carries together. */
export interface LogContractViolation {
  /** `dashboard "…" › widget "…"`. */
  readonly location: string;
  /** The fields the query reads. */
  readonly fields: readonly string[];
  /** The location, the fields, and those missing from the closest line. */
  readonly message: string;
}

/**
 * The Logs Insights half of the contract: every field a Logs Insights widget reads (see
 * `logQueryFields`) must be a top-level field of one and the same emitted EMF line, since its
 * filters keep only lines that carry them all; otherwise the widget shows no rows or empty cells.
 *
 * @param fieldSets - the distinct top-level field sets of the emitted lines (`EmittedWorkload.fieldSets`)
 *
 * @example
 * logContractViolations(Object.values(batchmonDashboards(options)), emitted.fieldSets);
 * // [] — or e.g. [{ message: 'dashboard "…" › widget "…": Logs Insights reads [RunTime, InstanceType], which no EMF line carries together; the closest lacks InstanceType' }]
 */
export function logContractViolations(dashboards: readonly Dashboard[], fieldSets: readonly (readonly string[])[]): LogContractViolation[] {
  const sets = fieldSets.map((set) => new Set(set));
  return dashboards.flatMap((dashboard) =>
    widgetsOf(dashboard.rows).flatMap((widget): LogContractViolation[] => {
      if (widget.kind !== 'log') return [];
      const fields = logQueryFields(widget.queryLines);
      const missing = (set: ReadonlySet<string>): string[] => fields.filter((field) => !set.has(field));
      // Fewest fields missing; on a tie, a line carrying the first field (a breakdown's metric).
      const first = fields[0] ?? '';
      const closest = sets.map(missing).sort((a, b) => a.length - b.length || Number(a.includes(first)) - Number(b.includes(first)))[0] ?? fields;
      if (closest.length === 0) return [];
      const location = `dashboard "${dashboard.name}" › widget "${widget.title}"`;
      return [{ location, fields, message: `${location}: Logs Insights reads [${fields.join(', ')}], which no EMF line carries together; the closest lacks ${closest.join(', ')}` }];
    }),
  );
}
