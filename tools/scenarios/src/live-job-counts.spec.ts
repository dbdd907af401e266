import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { buildJobStateChange, type JobStatus } from '@batchmon/event-schemas';
import { JOBS_TABLE, LIVE_STATES } from '@batchmon/correlation';
import { startScenario, type Scenario } from './scenario-kit';

// Story: on queue "main", job "a" is RUNNABLE at 12:00:10, STARTING at 12:01:20 and RUNNING at
// 12:01:30 (its RUNNING event is delivered before its STARTING one, and delivered twice); its
// container is killed and Batch retries it: RUNNABLE again at 12:02:20 (attempt 1), then it
// SUCCEEDS at 12:04:10. Job "b" is RUNNABLE at 12:00:30 and FAILS at 12:03:10 — its RUNNABLE event
// is delivered again, late, after the failure. Every minute MinuteLevels counts the jobs in each
// live state, from the job items alone: an older or repeated event never moves a job back, a
// terminal state takes it out, and the oldest RUNNABLE job's wait is the queue's age. The late
// RUNNABLE of "b" puts it back under the live index's key (its write cannot know it is late): the
// next minute that reads it takes it out again, so that ended jobs do not pile up in the index.

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const at = (second: number): string => new Date(T0 + second * 1000).toISOString();
const job = (jobId: string, status: JobStatus, second: number, attempts: number): unknown => {
  const event = buildJobStateChange({ jobId, status, jobQueue: 'main', time: at(second), shape: 'fargate' });
  // `attempts` lists the finished attempts: a retry's events carry the first one.
  const finished = Array.from({ length: attempts }, () => ({ container: {}, startedAt: T0, stoppedAt: T0 + 1, statusReason: 'Essential container in task exited' }));
  return { ...event, id: `${jobId}-${status}-${second}`, detail: { ...event.detail, attempts: finished } };
};

/** `JobsInState` by state for queue "main", by the minute it is stamped with (HH:MM). */
function countsByMinute(scenario: Scenario): Record<string, Record<string, number>> {
  const byMinute: Record<string, Record<string, number>> = {};
  for (const line of scenario.recordsOf('JobsInState')) {
    if (line.dimensions['JobQueue'] !== 'main') continue;
    const minute = new Date(line.timestamp).toISOString().slice(11, 16);
    const value = Number(line.metrics.find((metric) => metric.name === 'JobsInState')?.value);
    if (value > 0) (byMinute[minute] ??= {})[String(line.dimensions['State'])] = value;
    else byMinute[minute] ??= {};
  }
  return byMinute;
}

describe('live job counts', () => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.run(
      job('a', 'RUNNABLE', 10, 0),
      job('b', 'RUNNABLE', 30, 0),
      job('a', 'RUNNING', 90, 0), // crosses 12:01: both RUNNABLE then
      job('a', 'STARTING', 80, 0), // older, delivered late
      job('a', 'RUNNING', 90, 0), // delivered again
      job('a', 'RUNNABLE', 140, 1), // crosses 12:02: "a" RUNNING, "b" RUNNABLE
      job('b', 'FAILED', 190, 0), // crosses 12:03: both RUNNABLE
      job('b', 'RUNNABLE', 30, 0), // older than its end, delivered again
      job('a', 'SUCCEEDED', 250, 1), // crosses 12:04: "a" RUNNABLE
    );
    await scenario.batchmon.advanceTo(at(300));
    await scenario.batchmon.flush();
  });
  afterAll(() => scenario.close());

  it('publishes each minute the jobs in each live state of the queue, as the events delivered before the minute leave them', () => {
    expect(countsByMinute(scenario)).toEqual({
      '12:01': { RUNNABLE: 2 },
      '12:02': { RUNNABLE: 1, RUNNING: 1 },
      '12:03': { RUNNABLE: 2 },
      '12:04': { RUNNABLE: 1 },
    });
  });

  it('publishes a zero for each live state of a queue with live jobs (SUBMITTED has no event: it is none of them)', () => {
    const states = scenario.recordsOf('JobsInState').filter((line) => line.timestamp === Date.parse(at(60))).map((line) => line.dimensions['State']);
    expect(states.sort()).toEqual([...LIVE_STATES].sort());
  });

  it('publishes the oldest RUNNABLE job’s wait: the retry’s wait counts from its own RUNNABLE', () => {
    const ages = Object.fromEntries(
      scenario.recordsOf('OldestRunnableAge').map((line) => [new Date(line.timestamp).toISOString().slice(11, 16), Number(line.metrics.find((metric) => metric.name === 'OldestRunnableAge')?.value)]),
    );
    expect(ages).toEqual({ '12:01': 50, '12:02': 90, '12:03': 150, '12:04': 100 });
  });

  it('runs every minute’s execution to success', () => {
    expect(scenario.batchmon.summary()).toMatchObject({ scheduledExecutions: 5, failedExecutions: 0, failedEvents: 0 });
  });

  it('takes a job an older event put back after its end out of the live index at the next minute', async () => {
    const { Item: item } = await scenario.batchmon.pipeline.dynamo.send(
      new GetItemCommand({ TableName: scenario.batchmon.pipeline.template.table('JobsTable').tableName, Key: { [JOBS_TABLE.partitionKey]: { S: 'b' } } }),
    );
    expect(item?.[JOBS_TABLE.liveAttribute]).toBeUndefined();
    expect(item?.[JOBS_TABLE.endedAttribute]).toEqual({ S: 'main' });
  });

  it('publishes nothing once no job is live', () => {
    expect(countsByMinute(scenario)['12:05']).toBeUndefined();
  });
});
