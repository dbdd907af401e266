import { fork } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { EmfDatapoint, MetricsProfile } from '@batchmon/metrics';
import type { RunSummary } from '@batchmon/local';
import type { WorkloadOptions } from '@batchmon/simulator';

/**
 * The workload the contract is checked against: 200 seeded job submissions (345 job ids with
 * array children and multi-node nodes) over the default resources, with the situations some
 * metrics need made a little more frequent than the defaults, so that every metric and dimension
 * set of the catalog is emitted while the run stays short enough for a unit-test suite
 * (check-contract takes `--jobs` for larger runs).
 */
export const CONTRACT_WORKLOAD = {
  jobs: 200,
  seed: 7,
  // FAILED transitions and runs of failed jobs (failure-ratio widgets and alarm).
  failureRate: 0.1,
  // Job Queue Blocked events (BlockedJobQueues); the default 0.5 % gives one or none in 200 jobs.
  blockingJobRate: 0.02,
  // EventBridge delivers at least once and in no guaranteed order: the series must not depend on
  // a clean delivery (duplicates and late events are counted as SkippedEvents).
  duplicateRate: 0.02,
  reorderRate: 0.05,
  // A job too big for its queue, stuck in RUNNABLE past its threshold (StuckJobs, the "Why jobs
  // wait" dashboard): on a compute environment and job queue of its own.
  stuckSituations: ['too-big'],
} as const satisfies WorkloadOptions;

/**
 * How the contract workload reaches batchmon: deployed a minute or so into the workload, between
 * the creations of the two compute environments' Auto Scaling groups (events 40 and 41 of this
 * seed): the first jobs were submitted before, so jobs it never saw enter a state are counted as
 * uncorrelated (UncorrelatedEvents), and the second group's creation is seen
 * (AutoScalingGroupsMonitored).
 */
export const CONTRACT_DELIVERY = { deployedAfterEvents: 41 } as const satisfies EmitWorkloadOptions;

/** A distinct emitted series: namespace, metric and dimension values (no time or value). */
export type DistinctSeries = Pick<EmfDatapoint, 'namespace' | 'metric' | 'dimensions'>;

/** What a simulated workload made batchmon emit (plain data: it crosses a process boundary). */
export interface EmittedWorkload {
  /** Every distinct series of every EMF line. */
  readonly series: readonly DistinctSeries[];
  /**
   * By metric, every top-level field of the EMF lines carrying it (dimensions and properties):
   * the fields Logs Insights discovers in the metrics Lambda's log group.
   */
  readonly fieldsByMetric: Readonly<Record<string, readonly string[]>>;
  /** The distinct sets of top-level fields (dimensions, properties, metric values) of the EMF lines, each sorted. */
  readonly fieldSets: readonly (readonly string[])[];
  /** The local run's summary (events, executions, skipped, dead letters…). */
  readonly summary: RunSummary;
  /** Lines the metrics Lambda logged as errors (rejected messages). */
  readonly lambdaErrors: readonly string[];
}

/** Options of `emitWorkload` (./emit-workload). */
export interface EmitWorkloadOptions {
  /**
   * Events that happened before batchmon was deployed: the first this many events of the workload
   * are not delivered. Instances registered and jobs started before then are what batchmon cannot
   * correlate (UncorrelatedEvents). @default 0
   */
  readonly deployedAfterEvents?: number;
  /** Metric messages are delivered to the Lambda every this many events (and at the end). @default 250 */
  readonly flushEvery?: number;
  /** The stack's metrics profile: which dimension sets the Lambda publishes. @default 'essential' */
  readonly metricsProfile?: MetricsProfile;
}

/**
 * `emitWorkload` (./emit-workload) in a child Node process (TypeScript through tsx). Inside Jest's VM
 * context, JSONata's hot paths (every Step Functions JSONata state) run several times slower
 * than in a plain process, so a test suite sends the workload there.
 *
 * @throws Error with the child's stderr when it fails or exits without a result
 *
 * @example
 * beforeAll(async () => { emitted = await emitWorkloadInChildProcess(CONTRACT_WORKLOAD); }, 120_000);
 */
export function emitWorkloadInChildProcess(workload: WorkloadOptions, options: EmitWorkloadOptions = {}): Promise<EmittedWorkload> {
  const root = resolve(__dirname, '../../../..');
  const child = fork(join(__dirname, 'emit-workload-process.ts'), [JSON.stringify({ workload, options })], {
    cwd: root,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  return new Promise((resolveResult, reject) => {
    let result: EmittedWorkload | undefined;
    child.on('message', (message) => {
      result = message as EmittedWorkload;
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0 && result !== undefined) resolveResult(result);
      else reject(new Error(`emit-workload-process exited with ${signal ?? `code ${code}`} and ${result === undefined ? 'no result' : 'a result'}: ${stderr.trim().slice(-2000)}`));
    });
  });
}
