import { buildContainerInstanceRegistrationCall, buildJobStateChange, type JobStatus } from '@batchmon/event-schemas';
import { startScenario, type Scenario } from './scenario-kit';

// Story: a job is created at 12:00:00, RUNNABLE at 12:00:10, STARTING at 12:00:40, RUNNING at
// 12:00:55 and SUCCEEDED at 12:05:55 on an m5.xlarge in us-east-1a. batchmon reports a RUNNABLE
// wait of 30 s, a start-up of 15 s, a run of 300 s and a total of 355 s — exactly once each, even
// when EventBridge delivers an event twice or out of order.

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();
const timeline: [JobStatus, number][] = [
  ['RUNNABLE', 10],
  ['STARTING', 40],
  ['RUNNING', 55],
  ['SUCCEEDED', 355],
];
const jobEvent = (jobId: string, status: JobStatus, second: number): unknown =>
  buildJobStateChange({
    jobId,
    status,
    time: at(second),
    detail: {
      createdAt: T0,
      ...(second >= 55 ? { startedAt: T0 + 55_000 } : {}),
      ...(status === 'SUCCEEDED' ? { stoppedAt: T0 + 355_000 } : {}),
    },
  });
const events = (jobId: string): unknown[] => timeline.map(([status, second]) => jobEvent(jobId, status, second));
const registration = buildContainerInstanceRegistrationCall({ availabilityZone: 'us-east-1a', instanceType: 'm5.xlarge', time: at(0) });

const valuesOf = (scenario: Scenario, metric: string): number[] =>
  scenario.recordsOf(metric).flatMap((r) => r.metrics.filter((m) => m.name === metric).map((m) => Number(m.value)));

describe.each([
  ['in order', (e: unknown[]) => e],
  ['delivered twice', (e: unknown[]) => e.flatMap((event) => [event, event])],
  ['in reverse order', (e: unknown[]) => [...e].reverse()],
])('a job whose events arrive %s', (_how, deliver) => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.run(registration, ...deliver(events('job-1')));
  });
  afterAll(() => scenario.close());

  it('counts each transition once', () => {
    expect(scenario.recordsOf('JobStateTransitions').map((r) => r.dimensions['State']).sort()).toEqual(
      ['RUNNABLE', 'RUNNING', 'STARTING', 'SUCCEEDED'],
    );
  });

  it('reports the RUNNABLE wait, start-up, run and total times once each', () => {
    expect(valuesOf(scenario, 'RunnableWaitTime')).toEqual([30]);
    expect(valuesOf(scenario, 'StartupTime')).toEqual([15]);
    expect(valuesOf(scenario, 'RunTime')).toEqual([300]);
    expect(valuesOf(scenario, 'TotalTime')).toEqual([355]);
  });

  it('reports scheduling efficiency as run time over total time', () => {
    expect(valuesOf(scenario, 'SchedulingEfficiency')).toEqual([84.51]);
  });

  it('places the waits on the instance type and AZ the job ran on', () => {
    const [wait] = scenario.recordsOf('RunnableWaitTime');
    expect(wait?.dimensions).toMatchObject({ JobQueue: 'batchmon-queue', InstanceType: 'm5.xlarge', AvailabilityZone: 'us-east-1a' });
  });
});

describe('the per-job record of a finished job', () => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.run(registration, ...events('job-2'));
  });
  afterAll(() => scenario.close());

  it('carries every correlated field and duration, for Logs Insights', () => {
    const [finished] = scenario.recordsOf('FinishedJobs');
    expect(finished?.dimensions).toMatchObject({ State: 'SUCCEEDED', JobQueue: 'batchmon-queue', JobDefinition: 'batchmon-job' });
    expect(finished?.properties).toMatchObject({
      jobId: 'job-2',
      instanceType: 'm5.xlarge',
      availabilityZone: 'us-east-1a',
      computeEnvironment: 'batchmon-ce',
      launchType: 'EC2',
      runnableWaitSeconds: 30,
      startupSeconds: 15,
      runSeconds: 300,
      totalSeconds: 355,
      schedulingEfficiency: 84.51,
    });
  });

  it('is not counted as missing earlier states', () => {
    expect(scenario.batchmon.summary().uncorrelated).toEqual({});
  });
});

describe('a job whose end arrives before its RUNNING event', () => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    const [runnable, starting, running, succeeded] = events('job-3');
    await scenario.run(registration, runnable, starting, succeeded, running);
  });
  afterAll(() => scenario.close());

  it('still reports the start-up time, when the late RUNNING event arrives', () => {
    expect(valuesOf(scenario, 'StartupTime')).toEqual([15]);
  });

  it('counts the finished job as missing earlier states at its end', () => {
    expect(scenario.batchmon.summary().uncorrelated).toEqual({ 'earlier-states-missing': 1 });
  });
});
