import {
  buildContainerInstanceRegistrationCall,
  buildConfigurationCall,
  buildContainerInstanceStateChange,
  buildJobStateChange,
  buildSubmitJobCall,
  buildRunTaskCall,
  buildTaskStateChange,
} from '@batchmon/event-schemas';
import { ContainerInstanceStateSkip, DUPLICATE_CALL, DUPLICATE_SUBMISSION, DUPLICATE_TRANSITION, JobsPlacedSkip, NOTHING_NEWER } from '@batchmon/correlation';
import { parseEmfLine } from '@batchmon/metrics';
import type { ExecutionResult } from '@batchmon/emulator';
import { startLocalBatchmon, type LocalBatchmon } from '@batchmon/local';

// Story: DynamoDB answers an internal server error to a write that had committed (it documents
// that this can happen), and Step Functions retries the write. Each workflow's write is idempotent
// and tells, from what it returns, a retry of its own execution (count the event) from a repeated
// delivery by EventBridge — the same event, in a new execution — (a counted skip). Before, the
// retry hit its own conditional write, was caught as a duplicate and the event was lost; and every
// routine duplicate failed a condition, logging an ERROR-level TaskFailed record.

const BATCH_CLUSTER = 'AWSBatch-spot-ce-6f0b2c1e-8d3a-4e5f-9a7b-1c2d3e4f5a6b';
const COMMITTED_THEN_ERROR = 'DynamoDB.InternalServerErrorException';

interface Case {
  readonly workflow: string;
  /** The state whose write commits and then answers an error. */
  readonly state: string;
  readonly event: () => { readonly time: string };
  /** The metric the event yields, and how many records of it one count is. */
  readonly metric: string;
  readonly records: number;
  /** The skip reason of a repeated delivery. */
  readonly duplicate: string;
}

const CASES: readonly Case[] = [
  {
    workflow: 'JobStates',
    state: 'Remember the job’s state',
    event: () => buildJobStateChange({ status: 'RUNNABLE', jobId: 'job-retried-write' }),
    metric: 'JobStateTransitions',
    records: 1,
    duplicate: DUPLICATE_TRANSITION,
  },
  {
    workflow: 'JobsPlaced',
    state: 'Remember the task placed for the job',
    event: () => buildTaskStateChange({ launchType: 'FARGATE', jobId: 'fargate-job', availabilityZone: 'us-east-1c', lastStatus: 'PENDING' }),
    metric: 'JobsPlaced',
    records: 1,
    duplicate: JobsPlacedSkip.DuplicateTask,
  },
  {
    workflow: 'InstanceRegistration',
    state: 'Save the registered instance',
    event: () => buildContainerInstanceRegistrationCall({ cluster: BATCH_CLUSTER }),
    metric: 'InstanceRegistrations',
    records: 1,
    duplicate: 'duplicate-registration',
  },
  {
    workflow: 'RunTask',
    state: 'Remember that the call was counted',
    event: () => buildRunTaskCall({ id: 'call-retried-write', cluster: BATCH_CLUSTER, failures: [{ reason: 'RESOURCE:MEMORY' }] }),
    metric: 'FailedRunTaskCalls',
    records: 1,
    duplicate: DUPLICATE_CALL,
  },
  {
    workflow: 'ContainerInstanceState',
    state: 'Save the counting instance',
    event: () => buildContainerInstanceStateChange({ computeEnvironment: 'spot-ce', registeredCpu: 4096, remainingCpu: 4096, detail: { version: 3 } }),
    metric: 'RegisteredVcpus',
    // Published at the next minute (MinuteLevels): one level by compute environment, one by
    // compute environment, instance type and AZ — once, however the change was delivered.
    records: 2,
    duplicate: ContainerInstanceStateSkip.StaleOrDuplicate,
  },
  {
    workflow: 'JobsSubmitted',
    state: 'Remember that the call was counted',
    event: () => buildSubmitJobCall({ jobQueue: 'critical' }),
    metric: 'JobsSubmitted',
    records: 1,
    duplicate: DUPLICATE_SUBMISSION,
  },
  {
    // A conditional write: the retry finds the item changed, reads it again and finds its own execution's write.
    workflow: 'BatchConfiguration',
    state: 'Create the configuration item',
    event: () => buildConfigurationCall('CreateJobQueue', { jobQueueName: 'critical', priority: 100, computeEnvironmentOrder: [{ order: 1, computeEnvironment: 'ondemand' }] }),
    metric: 'ConfigurationChanges',
    records: 1,
    duplicate: NOTHING_NEWER,
  },
];

const recordsOf = (batchmon: LocalBatchmon, metric: string) =>
  batchmon.emfLines.map((line) => parseEmfLine(line)).filter((record) => record.metrics.some((m) => m.name === metric));

async function ingest(batchmon: LocalBatchmon, event: unknown): Promise<ExecutionResult> {
  const result = await batchmon.ingest(event);
  if (result.kind !== 'published') throw new Error(`expected the event to be published, found it invalid: ${JSON.stringify(result.invalid)}`);
  const [execution] = result.result.executions;
  if (execution === undefined) throw new Error('expected the event to start an execution, found none');
  return execution;
}

/** TaskFailed records an execution logs at level ERROR, also when a Retry or Catch handles them. */
const failedTasks = (execution: ExecutionResult) => execution.history.filter((entry) => entry.type === 'StateFailed' && entry.stateType === 'Task');

describe.each(CASES)('the $workflow workflow', ({ state, event, metric, records, duplicate }) => {
  let batchmon: LocalBatchmon;
  let retried: ExecutionResult;
  let repeated: ExecutionResult;

  beforeAll(async () => {
    batchmon = await startLocalBatchmon({ recordHistory: true });
    batchmon.pipeline.faults.inject({ state, error: COMMITTED_THEN_ERROR, timing: 'after-call' });
    const delivered = event();
    retried = await ingest(batchmon, delivered);
    repeated = await ingest(batchmon, event());
    // The minute after the event: the scheduled levels are published from what the writes left.
    await batchmon.advanceTo(Date.parse(delivered.time) + 60_000);
    await batchmon.flush();
  }, 120_000);
  afterAll(() => batchmon.close());

  it('retries a write that committed and then answered an error', () => {
    expect(retried.status).toBe('SUCCEEDED');
    expect(retried.history.filter((entry) => entry.type === 'StateRetried').map((entry) => entry.stateName)).toEqual([state]);
  });

  it('counts the event once: the retry finds its own execution’s write', () => {
    expect(recordsOf(batchmon, metric)).toHaveLength(records);
  });

  it('counts a repeated delivery of the event as a skipped duplicate', () => {
    expect(repeated.status).toBe('SUCCEEDED');
    expect(batchmon.summary().skipped).toEqual({ [duplicate]: 1 });
  });

  it('logs no failed task for the repeated delivery', () => {
    expect(failedTasks(repeated)).toEqual([]);
  });
});
