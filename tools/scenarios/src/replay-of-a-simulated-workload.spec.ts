import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { DetailType, TASK_STARTING_STATUSES, isBatchCluster } from '@batchmon/event-schemas';
import { type RunSummary, replay, type ReplayResult } from '@batchmon/local';
import { writeWorkload, type GroundTruth } from '@batchmon/simulator';
import { EmittedSeries, expectedMetricTotals, finishedJobMismatches, truthSums } from './workload-truth';

// Story: the command-line path end to end — `npm run simulate -- --jobs 500 --seed 1 --out sim.jsonl`
// then `npm run replay -- sim.jsonl --out out/` — through the functions those commands run: every
// execution succeeds, and summary.json and emf.jsonl say what the simulator says happened.

const REPOSITORY = resolve(__dirname, '../../..');
const run = promisify(execFile);

describe('simulating 500 jobs and replaying them', () => {
  let directory: string;
  let truth: GroundTruth;
  let result: ReplayResult;
  let summary: RunSummary;
  let lines: string[];
  /**
   * Task state changes of Batch clusters whose task is stopping, or on a container instance (its
   * job's events place it): the rule lets them through to no workflow.
   */
  let droppedTaskEvents: number;

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), 'batchmon-replay-'));
    const input = join(directory, 'sim.jsonl');
    ({ truth } = await writeWorkload({ options: { jobs: 500, seed: 1 }, out: input }));
    // The detailed profile publishes every catalog set, so the series below compare with the truth
    // set by set (the essential sets are among them).
    result = await replay({ input, outDir: join(directory, 'out'), metricsProfile: 'detailed' });
    const starting: readonly string[] = TASK_STARTING_STATUSES;
    type TaskDetail = { clusterArn?: string; lastStatus?: string; desiredStatus?: string; containerInstanceArn?: string };
    droppedTaskEvents = readFileSync(input, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { 'detail-type': string; detail: TaskDetail })
      .filter((event) => event['detail-type'] === DetailType.EcsTaskStateChange && isBatchCluster(event.detail.clusterArn ?? ''))
      .filter(
        (event) =>
          !(starting.includes(event.detail.lastStatus ?? '') && event.detail.desiredStatus === 'RUNNING') || event.detail.containerInstanceArn !== undefined,
      ).length;
    summary = JSON.parse(readFileSync(join(directory, 'out', 'summary.json'), 'utf8')) as RunSummary;
    lines = readFileSync(join(directory, 'out', 'emf.jsonl'), 'utf8').split('\n').filter((line) => line !== '');
  }, 300_000);

  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('ends with every workflow execution succeeded', () => {
    expect(result).toMatchObject({ failures: [], interrupted: false });
    expect(summary).toMatchObject({ failedExecutions: 0, deadLetters: 0, invalid: 0 });
  });

  it('writes the summary it returns, one EMF line per line of emf.jsonl', () => {
    expect(summary).toEqual(result.summary);
    expect(summary.emfLines).toBe(lines.length);
  });

  it('reads every event the simulator wrote, by family, and routes all but the non-Batch ones, the Batch tasks stopping or on an instance and the RunTask calls that placed their task', () => {
    expect(truth.duplicatesDelivered).toBe(0);
    expect(summary.events).toBe(truth.eventsDelivered);
    // The summary lists the families it read; the truth lists every family, with 0 for those the
    // workload has none of (Auto Scaling instance activities are off by default).
    expect(summary.eventsByFamily).toEqual(Object.fromEntries(Object.entries(truth.eventsByFamily).filter(([, count]) => count > 0)));
    expect(droppedTaskEvents).toBeGreaterThan(0);
    const count = (rows: readonly { readonly count: number }[]): number => rows.reduce((total, row) => total + row.count, 0);
    const placedCalls = count(truth.runTaskCalls) - count(truth.failedRunTaskCalls);
    expect(placedCalls).toBeGreaterThan(0);
    expect(summary.unrouted).toBe(truth.nonBatchEvents + droppedTaskEvents + placedCalls);
    expect(summary.routed).toBe(truth.eventsDelivered - truth.nonBatchEvents - droppedTaskEvents - placedCalls);
    expect(summary.executions).toBe(summary.routed);
  });

  it('totals every metric as the truth does', () => {
    expect(summary.metricTotals).toMatchObject(expectedMetricTotals(truth));
  });

  it('writes in emf.jsonl, series by series, the numbers the truth gives', () => {
    const emitted = new EmittedSeries(lines);
    expect(emitted.sums('JobStateTransitions', ['State', 'JobQueue', 'JobDefinition'])).toEqual(
      truthSums(truth.jobStateTransitions, ['State', 'JobQueue', 'JobDefinition']),
    );
    expect(emitted.sums('JobStateTransitions', ['State', 'AvailabilityZone', 'InstanceType'])).toEqual(
      truthSums(truth.jobStateTransitions, ['State', 'AvailabilityZone', 'InstanceType']),
    );
    expect(emitted.sums('InstanceRegistrations', ['ComputeEnvironment', 'InstanceType'])).toEqual(
      truthSums(truth.instances.registrations, ['ComputeEnvironment', 'InstanceType']),
    );
    expect(emitted.sums('InstanceDeregistrations', ['AvailabilityZone', 'InstanceType'])).toEqual(
      truthSums(truth.instances.deregistrations, ['AvailabilityZone', 'InstanceType']),
    );
    expect(emitted.sums('JobsPlaced', ['ComputeEnvironment', 'JobQueue'])).toEqual(truthSums(truth.jobsPlaced, ['ComputeEnvironment', 'JobQueue']));
    expect(emitted.sums('JobsPlaced', ['AvailabilityZone', 'InstanceType'])).toEqual(truthSums(truth.jobsPlaced, ['AvailabilityZone', 'InstanceType']));
    expect(emitted.sums('FailedRunTaskCalls', ['JobQueue', 'ComputeEnvironment'])).toEqual(truthSums(truth.failedRunTaskCalls, ['JobQueue', 'ComputeEnvironment']));
    expect(emitted.sums('PlacementFailures', ['ComputeEnvironment', 'Reason'])).toEqual(
      truthSums(truth.placementFailures, ['ComputeEnvironment', 'Reason']),
    );
    expect(emitted.sums('BlockedJobQueues', ['JobQueue', 'Reason'])).toEqual(truthSums(truth.blockedQueues, ['JobQueue', 'Reason']));
    expect(finishedJobMismatches(lines, truth.finishedJobs)).toEqual([]);
  });
});

describe('the simulate and replay commands, as a user runs them', () => {
  it('write a tiny workload, replay it and exit 0 with a summary of no failed execution', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'batchmon-cli-'));
    try {
      const tsx = ['--import', 'tsx'];
      const options = { cwd: REPOSITORY, env: { ...process.env, NO_COLOR: '1' } };
      const input = join(directory, 'sim.jsonl');
      await run(process.execPath, [...tsx, 'tools/cli/src/simulate.ts', '--jobs', '3', '--seed', '2', '--out', input], options);
      const out = join(directory, 'out');
      const { stdout } = await run(process.execPath, [...tsx, 'tools/cli/src/replay.ts', input, '--out', out], options);
      expect(stdout).toContain(`wrote ${out}/emf.jsonl, ${out}/summary.json and ${out}/failed-events.jsonl`);
      const written = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as RunSummary;
      expect(written).toMatchObject({ failedExecutions: 0, deadLetters: 0, invalid: 0 });
      expect(written.executions).toBeGreaterThan(0);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  }, 120_000);
});
