import { RESOURCES } from '../__fixtures__/options';
import { ALARM_DEFAULTS, batchmonAlarms } from './batchmon-alarms';

const ids = (settings = {}) => batchmonAlarms({ resources: RESOURCES, settings }).map((alarm) => alarm.id);
const alarm = (id: string, settings = {}) => {
  const found = batchmonAlarms({ resources: RESOURCES, settings }).find((definition) => definition.id === id);
  if (found === undefined) throw new Error(`no alarm ${id}`);
  return found;
};

describe('batchmonAlarms', () => {
  it('defines every alarm by default', () => {
    expect(ids()).toEqual([
      'job-queue-blocked',
      'stuck-jobs',
      'runnable-wait',
      'job-failure-ratio',
      'placement-failures',
      'dlq-metrics',
      'dlq-events',
      'workflow-failed-InstanceRegistration',
      'workflow-failed-JobStates',
      'metrics-function-errors',
    ]);
  });

  it('fires on any blocked-queue event over every queue', () => {
    expect(alarm('job-queue-blocked')).toMatchObject({ threshold: 0, comparison: 'GreaterThanThreshold', evaluationPeriods: 1, treatMissingData: 'notBreaching' });
  });

  it('watches the longest RUNNABLE wait over every queue when no queue is named', () => {
    expect(alarm('runnable-wait')).toMatchObject({
      threshold: ALARM_DEFAULTS.runnableWait.thresholdSeconds,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      queries: [{ kind: 'insights', metric: 'RunnableWaitTime', aggregate: 'MAX', dimensionKeys: ['JobQueue'] }],
    });
  });

  it('watches the p90 RUNNABLE wait of each named queue instead', () => {
    const settings = { runnableWait: { thresholdSeconds: 600, jobQueues: ['high', 'low'] } };
    expect(ids(settings).filter((id) => id.startsWith('runnable-wait'))).toEqual(['runnable-wait-high', 'runnable-wait-low']);
    expect(alarm('runnable-wait-high', settings)).toMatchObject({
      threshold: 600,
      queries: [{ kind: 'pipeline', metric: 'RunnableWaitTime', stat: 'p90', dimensionKeys: ['JobQueue'], where: { JobQueue: 'high' } }],
    });
  });

  it('computes the failure ratio from FAILED and SUCCEEDED transitions filled with 0, skipping quiet periods', () => {
    const ratio = alarm('job-failure-ratio', { failureRatio: { thresholdPercent: 10, minimumFinishedJobs: 20 } });
    expect(ratio.threshold).toBe(10);
    expect(ratio.queries.map((query) => (query.kind === 'math' ? query.expression : query.kind === 'pipeline' ? query.where : undefined))).toEqual([
      { State: 'FAILED' },
      { State: 'SUCCEEDED' },
      'IF(FILL(failed, 0) + FILL(succeeded, 0) >= 20, 100 * FILL(failed, 0) / (FILL(failed, 0) + FILL(succeeded, 0)))',
    ]);
  });

  it('alarms on placement failures only when sustained for the given periods', () => {
    expect(alarm('placement-failures', { placementFailures: { evaluationPeriods: 4, threshold: 2 } })).toMatchObject({ evaluationPeriods: 4, datapointsToAlarm: 4, threshold: 2 });
  });

  it('leaves out alarms that are switched off', () => {
    const remaining = ids({ jobQueueBlocked: { enabled: false }, stuckJobs: { enabled: false }, runnableWait: { enabled: false }, failureRatio: { enabled: false }, placementFailures: { enabled: false }, pipelineErrors: { enabled: false } });
    expect(remaining).toEqual([]);
  });

  it('fires on any stuck job over every queue, on the "Why jobs wait" dashboard, its threshold configurable', () => {
    expect(alarm('stuck-jobs')).toMatchObject({ dashboard: 'stuck-jobs', threshold: 0, comparison: 'GreaterThanThreshold', evaluationPeriods: 1, treatMissingData: 'notBreaching' });
    expect(alarm('stuck-jobs').queries).toEqual([expect.objectContaining({ kind: 'pipeline', metric: 'StuckJobs', dimensionKeys: [] })]);
    expect(batchmonAlarms({ resources: RESOURCES, settings: { stuckJobs: { threshold: 4 } } }).find((candidate) => candidate.id === 'stuck-jobs')?.threshold).toBe(4);
  });

  it('alarms on each dead-letter queue, each workflow and the metrics Lambda', () => {
    expect(alarm('dlq-events').queries).toEqual([expect.objectContaining({ namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: 'batchmon-events-dlq' } })]);
    expect(alarm('workflow-failed-JobStates').queries.map((query) => query.kind === 'aws' && query.metricName)).toEqual(['ExecutionsFailed', 'ExecutionsTimedOut', false]);
    expect(alarm('metrics-function-errors')).toMatchObject({ dashboard: 'pipeline-health', threshold: 0 });
  });

  it('adds failed and timed-out executions filled with 0, so failures alone still breach', () => {
    expect(alarm('workflow-failed-JobStates').queries.flatMap((query) => (query.kind === 'math' ? [query.expression] : []))).toEqual(['FILL(failed, 0) + FILL(timedOut, 0)']);
  });

  it('rejects a job queue named twice', () => {
    expect(() => ids({ runnableWait: { jobQueues: ['high', 'high'] } })).toThrow('alarm "runnable-wait-high": expected a unique id, found it twice');
  });

  it('rejects settings that make an invalid alarm', () => {
    expect(() => ids({ placementFailures: { evaluationPeriods: 0 } })).toThrow('alarm "placement-failures" › evaluationPeriods: expected a positive integer, found 0');
  });
});
