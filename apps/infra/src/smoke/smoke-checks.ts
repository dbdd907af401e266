import { WORKFLOWS } from '@batchmon/correlation';
import { EmfParseError, parseEmfLine, type EmfLine } from '@batchmon/metrics';
import { StackOutputsError, WaitTimeoutError } from '../errors';
import { METRICS_LOG_GROUP_OUTPUT, METRICS_NAMESPACE_OUTPUT, ruleNameOutput, stateMachineArnOutput } from '../stack/stack-outputs';
import type { SmokeAws } from './smoke-aws';
import type { SmokeCase } from './smoke-plan';
import { waitFor } from './wait';

/** What the smoke test reads from the deployed stack's outputs. */
export interface SmokeTargets {
  readonly namespace: string;
  readonly logGroupName: string;
  /** State machine ARN by workflow name. */
  readonly stateMachineArns: Readonly<Record<string, string>>;
  /** Rule names by workflow name, one per pattern. */
  readonly ruleNames: Readonly<Record<string, readonly string[]>>;
}

/**
 * Reads the smoke test's targets from the stack's outputs (as `cdk deploy --outputs-file` writes them).
 *
 * @throws {StackOutputsError} naming the first output missing
 * @example
 * const targets = smokeTargets(JSON.parse(readFileSync('outputs.json', 'utf8'))['batchmon-smoke-3fa9c1']);
 */
export function smokeTargets(outputs: Readonly<Record<string, string>>): SmokeTargets {
  const output = (key: string): string => {
    const value = outputs[key];
    if (value === undefined || value.length === 0) {
      throw new StackOutputsError(`stack outputs: expected ${key}, found only ${Object.keys(outputs).sort().join(', ') || 'none'} (was the stack deployed from this version?)`);
    }
    return value;
  };
  return {
    namespace: output(METRICS_NAMESPACE_OUTPUT),
    logGroupName: output(METRICS_LOG_GROUP_OUTPUT),
    stateMachineArns: Object.fromEntries(WORKFLOWS.map((workflow) => [workflow.name, output(stateMachineArnOutput(workflow.name))])),
    ruleNames: Object.fromEntries(WORKFLOWS.map((workflow) => [workflow.name, workflow.patterns.map((_, index) => output(ruleNameOutput(workflow.name, index)))])),
  };
}

/** The four checks made per workflow. */
export const SMOKE_CHECKS = ['rule', 'execution', 'emf', 'metric'] as const;
/** One of {@link SMOKE_CHECKS}. */
export type SmokeCheck = (typeof SMOKE_CHECKS)[number];

/** One row of the report. */
export interface CheckResult {
  readonly workflow: string;
  readonly check: SmokeCheck;
  /** `skipped` when an earlier check of the workflow failed, so this one could not run. */
  readonly outcome: 'pass' | 'fail' | 'skipped';
  readonly detail: string;
}

/** How long the smoke test waits, and how. */
export interface SmokeTiming {
  /** Bound of the wait for the EMF lines, then of the wait for the metrics, in ms. */
  readonly waitMs: number;
  /** Pause between two polls, in ms. */
  readonly intervalMs: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Whether an EMF line is the one a smoke case expects: its metric, from its workflow, with its dimension values. */
export function isExpectedLine(line: EmfLine, smoke: SmokeCase): boolean {
  const values: Record<string, unknown> = { ...line.properties, ...line.dimensions };
  return (
    line.metrics.some((metric) => metric.name === smoke.expected.metric) &&
    values['Workflow'] === (smoke.expected.publishedBy ?? smoke.workflow) &&
    Object.entries(smoke.expected.dimensions).every(([key, value]) => values[key] === value)
  );
}

/** The EMF documents among log messages: Lambda may prefix a line (time, request id, level), so each is read from its first `{`. */
export function emfLinesOf(messages: readonly string[]): EmfLine[] {
  const lines: EmfLine[] = [];
  for (const message of messages) {
    const start = message.indexOf('{');
    if (start < 0 || !message.includes('"_aws"')) continue;
    try {
      lines.push(parseEmfLine(message.slice(start).trim()));
    } catch (error) {
      // START/END/REPORT lines and the Lambda's own error lines are not EMF: not the smoke test's concern.
      if (!(error instanceof EmfParseError)) throw error;
    }
  }
  return lines;
}

/** The dimension values of a line's first dimension set: the series GetMetricData is asked for. */
function seriesDimensions(line: EmfLine): Record<string, string> {
  const [first = []] = line.dimensionSets;
  return Object.fromEntries(first.map((key) => [key, line.dimensions[key] ?? '']));
}

/**
 * JSON with every object's keys sorted: EventBridge may return a pattern with its keys in another
 * order than they were written in, which is the same pattern.
 *
 * @example
 * canonicalJson({ b: 1, a: [{ d: 2, c: 3 }] }); // '{"a":[{"c":3,"d":2}],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  const sort = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(sort)
      : node !== null && typeof node === 'object'
        ? Object.fromEntries(Object.entries(node).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, child]) => [key, sort(child)]))
        : node;
  return JSON.stringify(sort(value));
}

/**
 * The event as if published in the deployed stack's account and region (read from one of its ARNs,
 * `arn:<partition>:states:<region>:<account>:…`): the sample events carry a fictitious account,
 * and TestEventPattern is asked about the events the deployed rule would really see.
 */
export function asFromStackAccount(event: Readonly<Record<string, unknown>>, stackArn: string | undefined): Record<string, unknown> {
  const [, , , region, account] = (stackArn ?? '').split(':');
  return region && account ? { ...event, account, region } : { ...event };
}

const describeError = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

/**
 * Runs every check against a deployed stack: each rule has its workflow's pattern and matches the
 * documented event; each workflow, started directly with its event, succeeds; its EMF line reaches
 * the metrics Lambda's log group; its metric reaches CloudWatch. Waits are bounded by `timing`.
 * Never throws for a failed check: each becomes a `fail` row, and checks that depend on it `skipped`.
 *
 * @example
 * const results = await runSmokeChecks(sdkSmokeAws(clients), smokeTargets(outputs), smokeCases({ runId, time }), { waitMs: 600_000, intervalMs: 15_000 });
 */
export async function runSmokeChecks(aws: SmokeAws, targets: SmokeTargets, cases: readonly SmokeCase[], timing: SmokeTiming): Promise<CheckResult[]> {
  const now = timing.now ?? Date.now;
  const startedAt = now();
  const results: CheckResult[] = [];
  const row = (workflow: string, check: SmokeCheck, outcome: CheckResult['outcome'], detail: string): void => {
    results.push({ workflow, check, outcome, detail });
  };

  // Rules: the deployed pattern is the workflow's, and EventBridge itself says it matches the event.
  for (const smoke of cases) {
    const workflow = WORKFLOWS.find((spec) => spec.name === smoke.workflow);
    const problems: string[] = [];
    for (const [index, ruleName] of (targets.ruleNames[smoke.workflow] ?? []).entries()) {
      // A schedule rule (after the pattern rules) has no pattern to test: its execution below tells.
      if (workflow?.schedule !== undefined && index >= workflow.patterns.length) continue;
      try {
        const pattern = await aws.rulePattern(ruleName);
        if (pattern === undefined) problems.push(`${ruleName}: expected an event pattern, found none`);
        else if (canonicalJson(JSON.parse(pattern)) !== canonicalJson(workflow?.patterns[index])) problems.push(`${ruleName}: expected the ${smoke.workflow} pattern, found ${pattern}`);
        else if (!(await aws.testEventPattern(pattern, JSON.stringify(asFromStackAccount(smoke.ruleEvent, targets.stateMachineArns[smoke.workflow]))))) problems.push(`${ruleName}: expected its pattern to match the documented event, it does not`);
      } catch (error) {
        problems.push(`${ruleName}: ${describeError(error)}`);
      }
    }
    const deployed = workflow?.schedule === undefined ? 'pattern deployed and matches the event' : `scheduled ${workflow.schedule}; ${workflow.patterns.length} pattern(s) deployed and matching`;
    if (problems.length === 0) row(smoke.workflow, 'rule', 'pass', `${(targets.ruleNames[smoke.workflow] ?? []).join(', ')}: ${deployed}`);
    else row(smoke.workflow, 'rule', 'fail', problems.join('; '));
  }

  // Executions, one after the other in the workflows' order (instances register before jobs run on them).
  const executed: SmokeCase[] = [];
  for (const [index, smoke] of cases.entries()) {
    const arn = targets.stateMachineArns[smoke.workflow] ?? '';
    try {
      const outcome = await aws.startSyncExecution(arn, `smoke-${startedAt}-${index}`, JSON.stringify(smoke.executionEvent));
      if (outcome.status === 'SUCCEEDED') {
        executed.push(smoke);
        row(smoke.workflow, 'execution', 'pass', 'SUCCEEDED');
      } else row(smoke.workflow, 'execution', 'fail', `expected SUCCEEDED, found ${outcome.status}${outcome.error ? `: ${outcome.error}` : ''}${outcome.cause ? ` (${outcome.cause})` : ''}`);
    } catch (error) {
      row(smoke.workflow, 'execution', 'fail', describeError(error));
    }
  }

  // EMF lines: poll the log group until every executed workflow's line is there, or the wait ends.
  const found = new Map<string, EmfLine>();
  let lastLogError: string | undefined;
  try {
    await waitFor(
      async () => {
        try {
          const lines = emfLinesOf(await aws.logMessages(targets.logGroupName, startedAt - 60_000));
          for (const smoke of executed) {
            const line = lines.find((candidate) => isExpectedLine(candidate, smoke));
            if (line !== undefined) found.set(smoke.workflow, line);
          }
        } catch (error) {
          lastLogError = describeError(error);
        }
        return executed.every((smoke) => found.has(smoke.workflow)) ? true : undefined;
      },
      { what: 'EMF lines', timeoutMs: timing.waitMs, intervalMs: timing.intervalMs, now, ...(timing.sleep ? { sleep: timing.sleep } : {}) },
    );
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
  }
  const describeExpected = (smoke: SmokeCase): string =>
    `${smoke.expected.metric}${Object.keys(smoke.expected.dimensions).length > 0 ? ` ${JSON.stringify(smoke.expected.dimensions)}` : ''}`;
  for (const smoke of cases) {
    const line = found.get(smoke.workflow);
    if (!executed.includes(smoke)) row(smoke.workflow, 'emf', 'skipped', 'the execution failed');
    else if (line !== undefined) row(smoke.workflow, 'emf', 'pass', `${describeExpected(smoke)} in ${targets.logGroupName}`);
    else row(smoke.workflow, 'emf', 'fail', `expected ${describeExpected(smoke)} in ${targets.logGroupName} within ${Math.round(timing.waitMs / 1000)} s, found none${lastLogError ? ` (last error: ${lastLogError})` : ''}`);
  }

  // Metrics: poll GetMetricData for the series of each line found, until each has a datapoint.
  const sums = new Map<string, number>();
  const pending = cases.filter((smoke) => found.has(smoke.workflow));
  let lastMetricError: string | undefined;
  const query = (smoke: SmokeCase, line: EmfLine) => ({
    namespace: targets.namespace,
    metric: smoke.expected.metric,
    dimensions: seriesDimensions(line),
    // EMF datapoints carry the events' time, which is the run's start: a margin either side.
    start: new Date(startedAt - 10 * 60_000),
    end: new Date(now() + 5 * 60_000),
  });
  try {
    await waitFor(
      async () => {
        for (const smoke of pending) {
          const line = found.get(smoke.workflow);
          if (line === undefined || (sums.get(smoke.workflow) ?? 0) > 0) continue;
          try {
            sums.set(smoke.workflow, await aws.metricSum(query(smoke, line)));
          } catch (error) {
            lastMetricError = describeError(error);
          }
        }
        return pending.every((smoke) => (sums.get(smoke.workflow) ?? 0) > 0) ? true : undefined;
      },
      { what: 'metrics', timeoutMs: timing.waitMs, intervalMs: timing.intervalMs, now, ...(timing.sleep ? { sleep: timing.sleep } : {}) },
    );
  } catch (error) {
    if (!(error instanceof WaitTimeoutError)) throw error;
  }
  for (const smoke of cases) {
    const line = found.get(smoke.workflow);
    if (line === undefined) {
      row(smoke.workflow, 'metric', 'skipped', 'no EMF line to look for');
      continue;
    }
    const series = `${targets.namespace} ${smoke.expected.metric} ${JSON.stringify(seriesDimensions(line))}`;
    const sum = sums.get(smoke.workflow) ?? 0;
    if (sum > 0) row(smoke.workflow, 'metric', 'pass', `${series}: sum ${sum}`);
    else row(smoke.workflow, 'metric', 'fail', `expected a datapoint of ${series} within ${Math.round(timing.waitMs / 1000)} s, found none${lastMetricError ? ` (last error: ${lastMetricError})` : ''}`);
  }
  return results;
}
