import { familyOf, validateEvent, type ValidationIssue } from '@batchmon/event-schemas';
import { parseEmfLine, type MetricName } from '@batchmon/metrics';
import type { ExecutionResult, ScheduledRun } from '@batchmon/emulator';

/** What a local run did, as `summary.json` holds it. */
export interface RunSummary {
  /** Events read. */
  events: number;
  /** Events that matched at least one rule. */
  routed: number;
  /** Events that matched no rule (e.g. ECS activity of a cluster Batch does not manage). */
  unrouted: number;
  /** Events of a known family that failed validation (not sent to the workflows). */
  invalid: number;
  /** Workflow executions started. */
  executions: number;
  /** Executions of scheduled rules (e.g. MinuteLevels once a minute of event time), not counted in `executions`. */
  scheduledExecutions: number;
  /** Executions that did not succeed (failed or timed out), scheduled ones included: with the workflows' catch-all, only a failure to hand the event over. */
  failedExecutions: number;
  /** Events a workflow handed to the failed-events queue (original event, error, failing state): redrive them once the cause is fixed. */
  failedEvents: number;
  /** EMF lines the metrics Lambda printed (records sharing time and dimension sets share one). */
  emfLines: number;
  /** Events not used, by reason: validation (`invalid:<field path>`) and the workflows' `SkippedEvents`. */
  skipped: Record<string, number>;
  /** Events used without part of their correlation, by reason (`UncorrelatedEvents`). */
  uncorrelated: Record<string, number>;
  /** Metric messages the Lambda could not publish, moved to the metrics DLQ. */
  deadLetters: number;
  /** Sum of the values of each metric, over all records (a count for `Count` metrics). */
  metricTotals: Partial<Record<MetricName, number>>;
  /** EMF lines of each metric. */
  emfLinesByMetric: Partial<Record<MetricName, number>>;
  /** Events by family (`unknown` for events of no family batchmon knows). */
  eventsByFamily: Record<string, number>;
}

/** An empty summary. */
export function emptySummary(): RunSummary {
  return {
    events: 0,
    routed: 0,
    unrouted: 0,
    invalid: 0,
    executions: 0,
    scheduledExecutions: 0,
    failedExecutions: 0,
    failedEvents: 0,
    emfLines: 0,
    skipped: {},
    uncorrelated: {},
    deadLetters: 0,
    metricTotals: {},
    emfLinesByMetric: {},
    eventsByFamily: {},
  };
}

/** Adds one to `counts[key]`. */
export function increment(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

/**
 * Accounts for one EMF line in the summary: counts it, adds its values to the metric totals, and
 * reads the reasons of the pipeline-health metrics. The summary is derived from what the Lambda
 * printed, so it cannot disagree with `emf.jsonl`.
 */
export function accountEmfLine(summary: RunSummary, line: string): void {
  summary.emfLines += 1;
  const parsed = parseEmfLine(line);
  for (const metric of parsed.metrics) {
    const values = Array.isArray(metric.value) ? metric.value : [metric.value];
    const total = values.reduce((sum: number, value: number) => sum + value, 0);
    const name = metric.name as MetricName;
    summary.metricTotals[name] = (summary.metricTotals[name] ?? 0) + total;
    summary.emfLinesByMetric[name] = (summary.emfLinesByMetric[name] ?? 0) + 1;
    // A dimension in the detailed profile, a field of the line in essential (which publishes the
    // pipeline-health metrics by workflow only): either way the line says why.
    const field = parsed.properties['Reason'];
    const reason = parsed.dimensions['Reason'] ?? (typeof field === 'string' ? field : undefined);
    if (reason !== undefined && name === 'SkippedEvents') increment(summary.skipped, reason, total);
    if (reason !== undefined && name === 'UncorrelatedEvents') increment(summary.uncorrelated, reason, total);
  }
}


/**
 * Counts an event read and validates it as its family's schema: the issues when it is invalid
 * (counted in `skipped` under `invalid:<field path>`), else nothing — the event goes on to the rules.
 */
export function accountEventRead(summary: RunSummary, event: unknown): { readonly family: string; readonly issues: readonly ValidationIssue[] } | undefined {
  summary.events += 1;
  const family = familyOf(event);
  increment(summary.eventsByFamily, family ?? 'unknown');
  if (family === undefined) return undefined;
  const validation = validateEvent(event);
  if (validation.ok) return undefined;
  summary.invalid += 1;
  increment(summary.skipped, `invalid:${validation.issues[0]?.path ?? '(event)'}`);
  return { family, issues: validation.issues };
}

/** Counts what publishing one event did: routed or not, its executions, and the scheduled ones it fired. */
export function accountPublished(summary: RunSummary, result: { readonly unrouted: boolean; readonly executions: readonly ExecutionResult[]; readonly scheduled: readonly ScheduledRun[] }): void {
  if (result.unrouted) summary.unrouted += 1;
  else summary.routed += 1;
  for (const execution of result.executions) {
    summary.executions += 1;
    if (execution.status !== 'SUCCEEDED') summary.failedExecutions += 1;
  }
  accountScheduled(summary, result.scheduled);
}

/** Counts the executions of schedule rules fired as the events' time crossed their boundaries. */
export function accountScheduled(summary: RunSummary, runs: readonly ScheduledRun[]): void {
  for (const execution of runs.flatMap((run) => run.executions)) {
    summary.scheduledExecutions += 1;
    if (execution.status !== 'SUCCEEDED') summary.failedExecutions += 1;
  }
}
