import { buildRunTaskCall, SAMPLE_RESOURCES, type RunTaskCall } from '@batchmon/event-schemas';
import { API_CALL_FAILED, DUPLICATE_CALL, MAX_OTHER_REASON_TEXTS, OTHER_FAILURE_REASON, WORKFLOW_NAMES } from '@batchmon/correlation';
import { startScenario, type Scenario } from './scenario-kit';

// Story: under memory pressure, AWS Batch calls RunTask for queue "batchmon-queue" on compute
// environment "batchmon-ce". The first call places its task: batchmon starts nothing for it (the
// job's own STARTING event counts the placement). The second places nothing: three container
// instances lack memory and one lacks CPU. A third, from an older setup without the aws:batch tags,
// fails on Fargate capacity with a free-text reason. A fourth is throttled outright: it returned no
// placement failures either, and starts nothing.

const time = (second: number): string => new Date(Date.UTC(2024, 4, 1, 12, 0, second)).toISOString();
const memory = { reason: 'RESOURCE:MEMORY' };

describe('RunTask calls under memory pressure', () => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.run(
      buildRunTaskCall({ id: 'call-placed', time: time(0) }),
      buildRunTaskCall({ id: 'call-refused', time: time(10), failures: [memory, memory, memory, { reason: 'RESOURCE:CPU' }] }),
      buildRunTaskCall({
        id: 'call-untagged',
        time: time(20),
        withBatchTags: false,
        failures: [{ reason: 'Capacity is unavailable at this time. Please try again later or in a different availability zone' }],
      }),
      buildRunTaskCall({ id: 'call-throttled', time: time(30), errorCode: 'ThrottlingException' }),
    );
  });
  afterAll(() => scenario.close());

  it('counts every call that placed nothing, once, by queue and compute environment names', () => {
    const calls = scenario.recordsOf('FailedRunTaskCalls');
    expect(calls.map((r) => [r.dimensions, r.metrics[0]?.value])).toEqual([
      [{ JobQueue: 'batchmon-queue', ComputeEnvironment: 'batchmon-ce' }, 1],
      [{ JobQueue: 'unknown', ComputeEnvironment: 'batchmon-ce' }, 1],
    ]);
  });

  it('starts no execution for the call that placed its task, nor for the throttled one', () => {
    expect(scenario.batchmon.summary()).toMatchObject({ events: 4, unrouted: 2, executions: 2, failedExecutions: 0 });
  });

  it('writes no property no query reads beside a call: what it refused is counted by the placement failures', () => {
    const [refused, untagged] = scenario.recordsOf('FailedRunTaskCalls');
    expect(refused?.properties).toEqual({ Workflow: WORKFLOW_NAMES.runTask });
    expect(untagged?.properties).toEqual({ Workflow: WORKFLOW_NAMES.runTask });
  });

  it('counts every placement failure by its reason', () => {
    const failures = scenario.recordsOf('PlacementFailures');
    const byReason = Object.fromEntries(failures.map((r) => [r.dimensions['Reason'], r.metrics[0]?.value]));
    expect(byReason).toEqual({ 'RESOURCE:MEMORY': 3, 'RESOURCE:CPU': 1, [OTHER_FAILURE_REASON]: 1 });
    expect(scenario.batchmon.summary().metricTotals.PlacementFailures).toBe(5);
  });

  it('publishes a free-text reason as "other", keeping its text', () => {
    const [other] = scenario.recordsOf('PlacementFailures').filter((r) => r.dimensions['Reason'] === OTHER_FAILURE_REASON);
    expect(other?.dimensions).toMatchObject({ ComputeEnvironment: 'batchmon-ce', JobQueue: 'unknown' });
    expect(other?.properties['reasons']).toEqual([expect.stringMatching(/^Capacity is unavailable/)]);
  });

  it('places the failures under the compute environment and queue of their call', () => {
    const memoryFailure = scenario.recordsOf('PlacementFailures').find((r) => r.dimensions['Reason'] === 'RESOURCE:MEMORY');
    expect(memoryFailure?.dimensions).toMatchObject({ ComputeEnvironment: 'batchmon-ce', JobQueue: 'batchmon-queue' });
    expect(memoryFailure?.dimensionSets).toEqual(
      expect.arrayContaining([['Reason'], ['ComputeEnvironment', 'Reason'], ['JobQueue', 'Reason']]),
    );
  });

});

describe('a RunTask call started directly, outside the rule', () => {
  let scenario: Scenario & { close(): Promise<void> };
  let executions: Awaited<ReturnType<Scenario['batchmon']['pipeline']['startExecution']>>[];

  beforeAll(async () => {
    scenario = await startScenario();
    // As `infra:redrive` or a console test would: the rule's filter does not apply.
    executions = [
      await scenario.batchmon.pipeline.startExecution('RunTaskWorkflow', buildRunTaskCall({ id: 'call-placed', time: time(0) }) as never),
      await scenario.batchmon.pipeline.startExecution('RunTaskWorkflow', buildRunTaskCall({ id: 'call-throttled', time: time(5), errorCode: 'ThrottlingException' }) as never),
    ];
    await scenario.batchmon.flush();
  });
  afterAll(() => scenario.close());

  it('counts a call that placed its task as no failed call', () => {
    expect(executions.map((execution) => execution.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(scenario.recordsOf('FailedRunTaskCalls').map((r) => r.metrics[0]?.value)).toEqual([0]);
  });

  it('counts a throttled call as skipped', () => {
    expect(scenario.batchmon.summary()).toMatchObject({ skipped: { [API_CALL_FAILED]: 1 } });
  });
});

describe('a refused RunTask call that EventBridge delivers twice', () => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    const refused = buildRunTaskCall({ id: 'call-1', time: time(0), failures: [memory, memory] });
    const placed = buildRunTaskCall({ id: 'call-2', time: time(5) });
    await scenario.run(refused, placed, refused);
  });
  afterAll(() => scenario.close());

  it('counts the call and its placement failures once', () => {
    expect(scenario.batchmon.summary().metricTotals).toMatchObject({ FailedRunTaskCalls: 1, PlacementFailures: 2 });
  });

  it('counts the repeated delivery as a skipped duplicate', () => {
    expect(scenario.batchmon.summary()).toMatchObject({ skipped: { [DUPLICATE_CALL]: 1 }, failedExecutions: 0 });
  });
});

describe('a RunTask call whose queue only the environment tells', () => {
  it('takes the queue from an unredacted AWS_BATCH_JQ_NAME', async () => {
    const scenario = await startScenario();
    try {
      const call = buildRunTaskCall({ withBatchTags: false, failures: [memory] });
      const environment = [{ name: 'AWS_BATCH_JQ_NAME', value: SAMPLE_RESOURCES.jobQueue }];
      const request = { ...call.detail.requestParameters, overrides: { containerOverrides: [{ environment }] } };
      await scenario.run({ ...call, detail: { ...call.detail, requestParameters: request } } satisfies RunTaskCall);
      expect(scenario.recordsOf('FailedRunTaskCalls')[0]?.dimensions).toEqual({ JobQueue: 'batchmon-queue', ComputeEnvironment: 'batchmon-ce' });
    } finally {
      await scenario.close();
    }
  });
});

describe('a RunTask call on an ECS cluster Batch does not manage', () => {
  it('starts no execution', async () => {
    const scenario = await startScenario();
    try {
      const call = buildRunTaskCall({ cluster: 'web-prod', withBatchTags: false });
      // EventBridge Scheduler runs another team's task: neither Batch as caller nor Batch's tags.
      const scheduler = { type: 'AssumedRole', arn: 'arn:aws:sts::123456789012:assumed-role/scheduler-role/run', accountId: '123456789012', invokedBy: 'scheduler.amazonaws.com' };
      await scenario.run({ ...call, detail: { ...call.detail, userIdentity: scheduler, sourceIPAddress: 'scheduler.amazonaws.com', userAgent: 'scheduler.amazonaws.com' } });
      expect(scenario.batchmon.summary()).toMatchObject({ unrouted: 1, executions: 0 });
    } finally {
      await scenario.close();
    }
  });
});

// Story: a compute environment of 1,000 instances is full. RunTask is refused by every one of them:
// CloudTrail records 1,000 failures[] (most RESOURCE:MEMORY, some free-text reasons naming the
// instance), about 150 KB of event. Step Functions refuses a state input or output above 256 KiB
// (States.DataLimitExceeded), so the workflow must not carry the event and its records together.
describe('a RunTask call refused by 1,000 container instances', () => {
  const STATE_LIMIT = 256 * 1024;
  const failures = Array.from({ length: 1000 }, (_, index) =>
    index % 50 === 0
      ? { reason: `Instance i-0${index.toString(16).padStart(16, '0')} is draining and cannot take tasks`, arn: `arn:aws:ecs:us-east-1:123456789012:container-instance/batchmon/${index}` }
      : { reason: 'RESOURCE:MEMORY', arn: `arn:aws:ecs:us-east-1:123456789012:container-instance/batchmon/${index}` },
  );
  let scenario: Scenario & { close(): Promise<void> };
  let execution: Awaited<ReturnType<Scenario['batchmon']['pipeline']['startExecution']>>;
  const bytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');

  beforeAll(async () => {
    scenario = await startScenario({ recordHistory: true });
    execution = await scenario.batchmon.pipeline.startExecution('RunTaskWorkflow', buildRunTaskCall({ id: 'call-refused-everywhere', failures }) as never);
    await scenario.batchmon.flush();
  });
  afterAll(() => scenario.close());

  it('succeeds', () => {
    expect(execution).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('keeps every state’s input and output well under 256 KiB, and drops the event once its records are built', () => {
    const sizes = execution.history.flatMap((event) => [event.input, event.output]).filter((value) => value !== undefined).map(bytes);
    expect(bytes(execution.input)).toBeGreaterThan(100 * 1024);
    expect(Math.max(...sizes)).toBeLessThan(STATE_LIMIT * 0.75);
    const sent = execution.history.find((event) => event.type === 'StateEntered' && event.stateName === 'Send the metric records');
    expect(bytes(sent?.input)).toBeLessThan(16 * 1024);
  });

  it('counts every failure, by reason, and keeps a bounded sample of the free-text ones', () => {
    const byReason = Object.fromEntries(scenario.recordsOf('PlacementFailures').map((r) => [r.dimensions['Reason'], r]));
    expect(byReason['RESOURCE:MEMORY']?.metrics[0]?.value).toBe(980);
    expect(byReason[OTHER_FAILURE_REASON]?.metrics[0]?.value).toBe(20);
    expect(byReason[OTHER_FAILURE_REASON]?.properties['reasons']).toHaveLength(MAX_OTHER_REASON_TEXTS);
  });
});
