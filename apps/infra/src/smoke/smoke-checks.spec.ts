import { WORKFLOWS } from '@batchmon/correlation';
import { StackOutputsError } from '../errors';
import { METRICS_LOG_GROUP_OUTPUT } from '../stack/stack-outputs';
import type { ExecutionOutcome, MetricQuery, SmokeAws } from './smoke-aws';
import { canonicalJson, emfLinesOf, runSmokeChecks, SMOKE_CHECKS, smokeTargets, type CheckResult } from './smoke-checks';
import type { SmokeCase } from './smoke-plan';
import { START, cases, outputs } from './__fixtures__/deployed-stack';

/** The EMF line the metrics Lambda prints for a case's expected metric, with the Lambda's Text-format prefix. */
function emfMessage(smoke: SmokeCase): string {
  const dimensions = { ...smoke.expected.dimensions, State: 'RUNNABLE' };
  const line = {
    _aws: { Timestamp: START, CloudWatchMetrics: [{ Namespace: 'AWSBatchMetrics', Dimensions: [Object.keys(dimensions)], Metrics: [{ Name: smoke.expected.metric, Unit: 'Count' }] }] },
    ...dimensions,
    [smoke.expected.metric]: 1,
    Workflow: smoke.workflow,
  };
  return `2026-11-29T15:00:05.000Z\tc0ffee\tINFO\t${JSON.stringify(line)}`;
}

interface FakeOptions {
  /** Workflows whose execution fails. */
  readonly failing?: readonly string[];
  /** Polls of the log group before the lines show. @default 1 */
  readonly logPollsBeforeLines?: number;
  /** Polls of GetMetricData before the datapoints show. @default 1 */
  readonly metricPollsBeforeData?: number;
  /** Rules whose pattern differs from the workflow's. */
  readonly wrongRules?: readonly string[];
}

/** A fake AWS: executions end as told, EMF lines and metrics show after some polls, rules hold the workflows' patterns. */
function fakeAws(options: FakeOptions = {}) {
  const executed: string[] = [];
  const metricQueries: MetricQuery[] = [];
  let logPolls = 0;
  let metricPolls = 0;
  const workflowOf = (arn: string): string => arn.slice(arn.lastIndexOf(':') + 1);
  const aws: SmokeAws = {
    async startSyncExecution(arn, _name, input): Promise<ExecutionOutcome> {
      const workflow = workflowOf(arn);
      if (options.failing?.includes(workflow)) return { status: 'FAILED', error: 'States.Runtime', cause: 'An error occurred' };
      executed.push(workflow);
      expect(JSON.parse(input)).toEqual(cases.find((smoke) => smoke.workflow === workflow)?.executionEvent);
      return { status: 'SUCCEEDED' };
    },
    async logMessages(logGroupName) {
      expect(logGroupName).toBe('/smoke/metrics');
      logPolls += 1;
      if (logPolls < (options.logPollsBeforeLines ?? 1)) return ['START RequestId: c0ffee Version: $LATEST'];
      return ['START RequestId: c0ffee Version: $LATEST', ...cases.filter((smoke) => executed.includes(smoke.workflow)).map(emfMessage), 'END RequestId: c0ffee'];
    },
    async metricSum(query) {
      metricQueries.push(query);
      metricPolls += 1;
      return metricPolls < (options.metricPollsBeforeData ?? 1) ? 0 : 1;
    },
    async rulePattern(ruleName) {
      const workflow = WORKFLOWS.find((spec) => ruleName.startsWith(`${spec.name}-rule-`));
      if (options.wrongRules?.includes(ruleName)) return JSON.stringify({ source: ['aws.other'] });
      // EventBridge may give the keys back in another order: the same pattern.
      return JSON.stringify(JSON.parse(canonicalJson(workflow?.patterns[0])));
    },
    async testEventPattern(pattern, event) {
      const parsed = JSON.parse(event);
      // The deployed stack's account and region, as the outputs' ARNs give them.
      expect([parsed.account, parsed.region]).toEqual(['111122223333', 'eu-west-1']);
      return JSON.parse(pattern).source[0] === parsed.source;
    },
  };
  return { aws, executed, metricQueries };
}

/** A fake clock that sleeping advances. */
function fakeTiming(waitMs = 60_000) {
  let time = START;
  return { waitMs, intervalMs: 10_000, now: () => time, sleep: async (ms: number) => void (time += ms) };
}

const outcomes = (results: readonly CheckResult[], check: CheckResult['check']) =>
  Object.fromEntries(results.filter((result) => result.check === check).map((result) => [result.workflow, result.outcome]));
const all = (outcome: CheckResult['outcome']) => Object.fromEntries(WORKFLOWS.map((workflow) => [workflow.name, outcome]));

describe('smokeTargets', () => {
  it('reads the namespace, log group, state machines and rules from the outputs', () => {
    const targets = smokeTargets(outputs);
    expect(targets.logGroupName).toBe('/smoke/metrics');
    expect(Object.keys(targets.stateMachineArns)).toEqual(WORKFLOWS.map((workflow) => workflow.name));
    expect(targets.ruleNames['JobStates']).toEqual(['JobStates-rule-0']);
  });

  it('names the first output missing', () => {
    const { [METRICS_LOG_GROUP_OUTPUT]: _missing, ...partial } = outputs;
    expect(() => smokeTargets(partial)).toThrow(StackOutputsError);
    expect(() => smokeTargets(partial)).toThrow(`stack outputs: expected ${METRICS_LOG_GROUP_OUTPUT}`);
  });
});

describe('emfLinesOf', () => {
  it('reads EMF lines with or without the Lambda’s prefix and ignores every other line', () => {
    const [smoke] = cases;
    if (smoke === undefined) throw new Error('no case');
    const bare = emfMessage(smoke).split('\t').at(-1) ?? '';
    expect(emfLinesOf(['START RequestId: x', emfMessage(smoke), bare, '{"_aws": "not EMF"}', 'REPORT RequestId: x'])).toHaveLength(2);
  });
});

describe('runSmokeChecks', () => {
  it('passes every check of every workflow when the pipeline works', async () => {
    const { aws, executed } = fakeAws({ logPollsBeforeLines: 3, metricPollsBeforeData: 20 });
    const results = await runSmokeChecks(aws, smokeTargets(outputs), cases, fakeTiming());
    expect(results.every((result) => result.outcome === 'pass')).toBe(true);
    expect(results).toHaveLength(WORKFLOWS.length * SMOKE_CHECKS.length);
    expect(executed).toEqual(WORKFLOWS.map((workflow) => workflow.name));
  });

  it('asks GetMetricData for the series of the EMF line found, around the run’s time', async () => {
    const { aws, metricQueries } = fakeAws();
    await runSmokeChecks(aws, smokeTargets(outputs), cases, fakeTiming());
    const asg = cases.find((smoke) => smoke.workflow === 'AsgMonitoring');
    expect(metricQueries).toContainEqual({
      namespace: 'AWSBatchMetrics',
      metric: 'SkippedEvents',
      dimensions: { ...asg?.expected.dimensions, State: 'RUNNABLE' },
      start: new Date(START - 10 * 60_000),
      end: expect.any(Date),
    });
  });

  it('fails a failed execution with its error and cause, and skips what depends on it', async () => {
    const { aws } = fakeAws({ failing: ['JobStates'] });
    const results = await runSmokeChecks(aws, smokeTargets(outputs), cases, fakeTiming());
    const jobStates = results.filter((result) => result.workflow === 'JobStates');
    expect(jobStates.map((result) => [result.check, result.outcome])).toEqual([
      ['rule', 'pass'],
      ['execution', 'fail'],
      ['emf', 'skipped'],
      ['metric', 'skipped'],
    ]);
    expect(jobStates[1]?.detail).toBe('expected SUCCEEDED, found FAILED: States.Runtime (An error occurred)');
    expect(outcomes(results, 'metric')).toEqual({ ...all('pass'), JobStates: 'skipped' });
  });

  it('fails the EMF check of lines that never come, after waiting no longer than asked', async () => {
    const { aws } = fakeAws({ logPollsBeforeLines: Number.POSITIVE_INFINITY });
    const timing = fakeTiming(30_000);
    const results = await runSmokeChecks(aws, smokeTargets(outputs), cases, timing);
    expect(outcomes(results, 'emf')).toEqual(all('fail'));
    expect(results.find((result) => result.check === 'emf')?.detail).toBe('expected InstanceRegistrations in /smoke/metrics within 30 s, found none');
    expect(timing.now() - START).toBeLessThanOrEqual(2 * 30_000);
  });

  it('fails the metric check of metrics CloudWatch never shows', async () => {
    const { aws } = fakeAws({ metricPollsBeforeData: Number.POSITIVE_INFINITY });
    const results = await runSmokeChecks(aws, smokeTargets(outputs), cases, fakeTiming(20_000));
    expect(outcomes(results, 'metric')).toEqual(all('fail'));
    expect(outcomes(results, 'emf')).toEqual(all('pass'));
  });

  it('fails a rule whose deployed pattern is not its workflow’s', async () => {
    const { aws } = fakeAws({ wrongRules: ['RunTask-rule-0'] });
    const results = await runSmokeChecks(aws, smokeTargets(outputs), cases, fakeTiming());
    expect(outcomes(results, 'rule')).toEqual({ ...all('pass'), RunTask: 'fail' });
    expect(results.find((result) => result.workflow === 'RunTask' && result.check === 'rule')?.detail).toMatch(/^RunTask-rule-0: expected the RunTask pattern, found /);
  });
});
