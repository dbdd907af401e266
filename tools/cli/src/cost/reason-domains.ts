import {
  BLOCKED_QUEUE_REASONS,
  OTHER_BLOCKED_REASON,
  OTHER_FAILURE_REASON,
  PLACEHOLDER_RESOURCES,
  STUCK_REASONS,
  WORKFLOWS,
  type WorkflowSpec,
} from '@batchmon/correlation';
import { METRIC_NAMES, type MetricName } from '@batchmon/metrics';
import { isRecord } from '@batchmon/emulator';
import type { ReasonDomains } from './series-count';


/** A metric record template found in a definition: its metric and its literal dimension values. */
export interface RecordLiterals {
  readonly metric: MetricName;
  /** Dimension values written as literals (computed ones are left out). */
  readonly dimensions: Readonly<Record<string, string>>;
}

/**
 * Reasons whose value the workflows compute from the event rather than write as literals, and the
 * values that computation can give: the blocked-queue codes AWS Batch documents (or `other`), and
 * for placement failures `other` beside the code-like reasons ECS reports (those are taken from
 * the measured run), and the stuck-job reasons the diagnosis picks from the shared vocabulary.
 */
const COMPUTED_REASONS: Partial<Record<MetricName, readonly string[]>> = {
  BlockedJobQueues: [...BLOCKED_QUEUE_REASONS.map(({ code }) => code), OTHER_BLOCKED_REASON],
  PlacementFailures: [OTHER_FAILURE_REASON],
  // The diagnosis picks one of the shared vocabulary's reasons in JSONata.
  StuckJobs: STUCK_REASONS,
};

const isMetricName = (value: unknown): value is MetricName => typeof value === 'string' && (METRIC_NAMES as readonly string[]).includes(value);

/** JSONata record objects: `{"metric": "SkippedEvents", …, "dimensions": {"Workflow": "JobStates", "Reason": "duplicate-transition"}…`. */
const JSONATA_RECORD = /"metric":\s*"(\w+)"[\s\S]*?"dimensions":\s*\{([^{}]*)\}/g;
const JSONATA_FIELD = /"(\w+)":\s*("(?:[^"\\]|\\.)*"|[^,]+)/g;

/**
 * Every metric record template in a workflow definition, with its literal dimension values: the
 * JSONPath ones (`Parameters` objects with `metric` and `dimensions`) and the JSONata ones
 * (record objects inside expressions).
 */
export function recordLiterals(definition: unknown): RecordLiterals[] {
  const found: RecordLiterals[] = [];
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      for (const match of node.matchAll(JSONATA_RECORD)) {
        const [, metric, fields] = match;
        if (!isMetricName(metric)) continue;
        const dimensions: Record<string, string> = {};
        for (const [, key, value] of (fields ?? '').matchAll(JSONATA_FIELD)) {
          if (key !== undefined && value?.startsWith('"') === true) dimensions[key] = JSON.parse(value) as string;
        }
        found.push({ metric, dimensions });
      }
      return;
    }
    if (Array.isArray(node)) {
      node.forEach(visit);
      return;
    }
    if (!isRecord(node)) return;
    if (isMetricName(node['metric']) && isRecord(node['dimensions'])) {
      const dimensions: Record<string, string> = {};
      // `Key.$` is a path, computed at run time; a plain key holds a literal.
      for (const [key, value] of Object.entries(node['dimensions'])) if (!key.endsWith('.$') && typeof value === 'string') dimensions[key] = value;
      found.push({ metric: node['metric'], dimensions });
    }
    Object.values(node).forEach(visit);
  };
  visit(definition);
  return found;
}

/**
 * The values of `Workflow` and `Reason` from where they are defined: the literal pairs of every
 * workflow's record templates, the documented codes of computed reasons, and `extraReasons`
 * (reasons a measured run saw for metrics whose reason comes from the event).
 *
 * @example
 * reasonDomains().pairs.get('SkippedEvents'); // [['InstanceRegistration', 'api-call-failed'], …]
 */
export function reasonDomains(workflows: readonly WorkflowSpec[] = WORKFLOWS, extraReasons: ReadonlyMap<MetricName, ReadonlySet<string>> = new Map()): ReasonDomains {
  const pairs = new Map<MetricName, Map<string, readonly [string, string]>>();
  const reasons = new Map<MetricName, Set<string>>();
  for (const workflow of workflows) {
    for (const { metric, dimensions } of recordLiterals(workflow.definition(PLACEHOLDER_RESOURCES))) {
      const reason = dimensions['Reason'];
      if (reason === undefined) continue;
      const byKey = pairs.get(metric) ?? new Map<string, readonly [string, string]>();
      const workflowName = dimensions['Workflow'] ?? workflow.name;
      byKey.set(JSON.stringify([workflowName, reason]), [workflowName, reason]);
      pairs.set(metric, byKey);
    }
  }
  for (const [metric, values] of Object.entries(COMPUTED_REASONS) as [MetricName, readonly string[]][]) {
    reasons.set(metric, new Set(values));
  }
  for (const [metric, values] of extraReasons) {
    const set = reasons.get(metric) ?? new Set<string>();
    for (const value of values) set.add(value);
    reasons.set(metric, set);
  }
  return {
    pairs: new Map([...pairs].map(([metric, byKey]) => [metric, [...byKey.values()]])),
    reasons: new Map([...reasons].map(([metric, set]) => [metric, [...set]])),
  };
}
