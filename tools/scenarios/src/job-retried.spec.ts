import { buildContainerInstanceRegistrationCall, buildJobStateChange, type JobStatus } from '@batchmon/event-schemas';
import { EARLIER_STATES_MISSING, STATE_REENTERED } from '@batchmon/correlation';
import { startScenario, type Scenario } from './scenario-kit';

// Story: job "retried" is created at 12:00:00, RUNNABLE at 12:00:10, STARTING at 12:00:40 on an
// m5.large in us-east-1a, RUNNING at 12:00:55. Its container is killed; Batch retries it: RUNNABLE
// again at 12:02:00 (the event still names the first instance), STARTING at 12:02:30 on a c5.xlarge
// in us-east-1b, RUNNING at 12:02:40, SUCCEEDED at 12:05:55. batchmon counts each state once for
// the job — RUNNABLE, STARTING, RUNNING, SUCCEEDED — with the RUNNABLE wait and start-up of its
// first entries (30 s and 15 s), as the metric catalog defines them, and counts the three
// re-entries as skipped, not as transitions.

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const at = (second: number): string => new Date(T0 + second * 1000).toISOString();
const FIRST = 'arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-batchmon-ce-6f0b2c1e-8d3a-4e5f-9a7b-1c2d3e4f5a6b/aaaaaaaa1111';
const SECOND = 'arn:aws:ecs:us-east-1:123456789012:container-instance/AWSBatch-batchmon-ce-6f0b2c1e-8d3a-4e5f-9a7b-1c2d3e4f5a6b/bbbbbbbb2222';
const registrations = [
  buildContainerInstanceRegistrationCall({ containerInstanceArn: FIRST, ec2InstanceId: 'i-0aaaaaaaaaaaaaaa1', availabilityZone: 'us-east-1a', instanceType: 'm5.large', time: at(0) }),
  buildContainerInstanceRegistrationCall({ containerInstanceArn: SECOND, ec2InstanceId: 'i-0bbbbbbbbbbbbbbb2', availabilityZone: 'us-east-1b', instanceType: 'c5.xlarge', time: at(1) }),
];
const firstAttempt = {
  container: { containerInstanceArn: FIRST, exitCode: 137, networkInterfaces: [] },
  startedAt: T0 + 55_000,
  stoppedAt: T0 + 100_000,
  statusReason: 'Essential container in task exited',
};
const secondAttempt = {
  container: { containerInstanceArn: SECOND, exitCode: 0, networkInterfaces: [] },
  startedAt: T0 + 160_000,
  stoppedAt: T0 + 355_000,
  statusReason: 'Essential container in task exited',
};
const jobEvent = (status: JobStatus, second: number, instance: string | undefined, attempts: readonly object[]): unknown => {
  const event = buildJobStateChange({ jobId: 'retried', status, time: at(second), ...(instance === undefined ? {} : { containerInstanceArn: instance }) });
  const container = { ...event.detail.container };
  if (instance === undefined) delete container.containerInstanceArn;
  else container.containerInstanceArn = instance;
  return {
    ...event,
    detail: {
      ...event.detail,
      container,
      createdAt: T0,
      ...(second >= 55 ? { startedAt: T0 + 55_000 } : {}),
      ...(status === 'SUCCEEDED' ? { stoppedAt: T0 + 355_000 } : {}),
      attempts,
    },
  };
};
const events = [
  jobEvent('RUNNABLE', 10, undefined, []),
  jobEvent('STARTING', 40, FIRST, []),
  jobEvent('RUNNING', 55, FIRST, []),
  jobEvent('RUNNABLE', 120, FIRST, [firstAttempt]),
  jobEvent('STARTING', 150, SECOND, [firstAttempt]),
  jobEvent('RUNNING', 160, SECOND, [firstAttempt]),
  jobEvent('SUCCEEDED', 355, SECOND, [firstAttempt, secondAttempt]),
];

const valuesOf = (scenario: Scenario, metric: string): number[] =>
  scenario.recordsOf(metric).flatMap((r) => r.metrics.filter((m) => m.name === metric).map((m) => Number(m.value)));

describe('a job retried once, on another instance', () => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.run(...registrations, ...events);
  });
  afterAll(() => scenario.close());

  it('counts each state once for the job, however often its attempts entered it', () => {
    expect(scenario.recordsOf('JobStateTransitions').map((r) => r.dimensions['State'])).toEqual(['RUNNABLE', 'STARTING', 'RUNNING', 'SUCCEEDED']);
  });

  it('places each transition on the instance its own event names, and RUNNABLE on none', () => {
    const placement = Object.fromEntries(
      scenario.recordsOf('JobStateTransitions').map((r) => [r.dimensions['State'], r.dimensions['InstanceType'] ?? 'none']),
    );
    expect(placement).toEqual({ RUNNABLE: 'none', STARTING: 'm5.large', RUNNING: 'm5.large', SUCCEEDED: 'c5.xlarge' });
  });

  it('measures the RUNNABLE wait and start-up from the job’s first entries, once each', () => {
    expect(valuesOf(scenario, 'RunnableWaitTime')).toEqual([30]);
    expect(valuesOf(scenario, 'StartupTime')).toEqual([15]);
  });

  it('counts the retry’s re-entries as skipped, not as transitions', () => {
    expect(scenario.batchmon.summary()).toMatchObject({ skipped: { [STATE_REENTERED]: 3 }, uncorrelated: {}, failedExecutions: 0 });
  });

  it('records the finished job with its first-entry durations and its last attempt’s instance', () => {
    const [finished] = scenario.recordsOf('FinishedJobs');
    expect(finished?.properties).toMatchObject({
      jobId: 'retried',
      instanceType: 'c5.xlarge',
      availabilityZone: 'us-east-1b',
      attempts: 2,
      runnableWaitSeconds: 30,
      startupSeconds: 15,
      runSeconds: 300,
      totalSeconds: 355,
    });
  });
});

describe('a RUNNABLE event that arrives after the job’s STARTING event', () => {
  it('is counted without the instance the job’s item remembers', async () => {
    const scenario = await startScenario();
    try {
      const [runnable, starting] = events;
      await scenario.run(registrations[0], starting, runnable);
      const runnableRecord = scenario.recordsOf('JobStateTransitions').find((r) => r.dimensions['State'] === 'RUNNABLE');
      expect(runnableRecord?.dimensions).not.toHaveProperty('InstanceType');
      expect(runnableRecord?.dimensions).not.toHaveProperty('AvailabilityZone');
      expect(valuesOf(scenario, 'RunnableWaitTime')).toEqual([30]);
    } finally {
      await scenario.close();
    }
  });
});

// Story: a multi-node job of two nodes. AWS Batch launches the nodes straight into STARTING ("Job
// lifecycle for MNP jobs"): a node that ends without a RUNNABLE event misses nothing. The parent
// was RUNNABLE, STARTING and RUNNING; an array parent never RUNNING (it goes from PENDING to its
// end). Their per-job records carry the durations Batch's own timestamps give.
describe('multi-node nodes and the parents of multi-node and array jobs', () => {
  let scenario: Scenario & { close(): Promise<void> };
  const node = (status: JobStatus, second: number): unknown => {
    const event = buildJobStateChange({ jobId: 'mnp', shape: 'multiNode', nodeIndex: 1, status, time: at(second), containerInstanceArn: FIRST });
    return { ...event, detail: { ...event.detail, createdAt: T0, ...(second >= 55 ? { startedAt: T0 + 55_000 } : {}), ...(status === 'SUCCEEDED' ? { stoppedAt: T0 + 355_000 } : {}) } };
  };
  const parent = (jobId: string, shape: 'multiNode' | 'arrayParent', status: JobStatus, second: number): unknown => {
    const event = buildJobStateChange({ jobId, shape, status, time: at(second) });
    return { ...event, detail: { ...event.detail, createdAt: T0, startedAt: T0 + 50_000, stoppedAt: T0 + 360_000 } };
  };

  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.run(
      registrations[0],
      node('STARTING', 40),
      node('RUNNING', 55),
      node('SUCCEEDED', 355),
      parent('mnp', 'multiNode', 'SUCCEEDED', 360),
      parent('array', 'arrayParent', 'SUCCEEDED', 360),
    );
  });
  afterAll(() => scenario.close());

  it('does not count a node as missing its RUNNABLE state', () => {
    expect(scenario.batchmon.summary().uncorrelated).not.toHaveProperty(EARLIER_STATES_MISSING);
    expect(scenario.batchmon.summary().uncorrelated).toEqual({});
  });

  it('records the run and total times of a multi-node parent, and only the total of an array parent', () => {
    const records = Object.fromEntries(scenario.recordsOf('FinishedJobs').map((r) => [r.properties['jobId'], r.properties]));
    expect(records['mnp']).toMatchObject({ runSeconds: 310, totalSeconds: 360 });
    expect(records['array']).toMatchObject({ totalSeconds: 360 });
    expect(records['array']).not.toHaveProperty('runSeconds');
  });

  it('leaves the parents out of the duration metrics, which measure the jobs that ran', () => {
    expect(valuesOf(scenario, 'TotalTime')).toEqual([355]);
  });
});
