import { buildJobQueueBlocked, type JobQueueBlocked } from '@batchmon/event-schemas';
import { BLOCKED_QUEUE_REASONS, DUPLICATE_BLOCKED_EVENT, OTHER_BLOCKED_REASON, WORKFLOW_NAMES } from '@batchmon/correlation';
import { startScenario, type Scenario } from './scenario-kit';

// Story: queue "gpu-queue" blocks five times, once for each reason AWS Batch documents, each status
// reason ending in a message that may name an instance type; then once for a reason batchmon does
// not know. Each block is counted by queue and reason code; the message stays a property.

const messages: Record<string, string> = {
  'CAPACITY:INSUFFICIENT_INSTANCE_CAPACITY': 'Service cannot fulfill the capacity requested for instance type [p4d.24xlarge]',
  'MISCONFIGURATION:COMPUTE_ENVIRONMENT_MAX_RESOURCE': 'CE(s) associated with the job queue cannot meet the CPU requirement of the job.',
  'MISCONFIGURATION:JOB_RESOURCE_REQUIREMENT': 'The job resource requirement (vCPU/memory/GPU) is higher than that can be met by the CE(s) attached to the job queue.',
  'MISCONFIGURATION:SERVICE_ROLE_PERMISSIONS': 'Batch service role has a permission issue.',
  ACTION_REQUIRED: 'CE(s) associated with the job queue are invalid.',
};
const unknownReason = 'SOMETHING_NEW - a reason AWS Batch may add one day, with an id 0a1b2c3d';

describe('a queue blocked for each documented reason and for an unknown one', () => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.run(
      ...BLOCKED_QUEUE_REASONS.map(({ code }, index) =>
        buildJobQueueBlocked({ id: `blocked-${index}`, jobQueue: 'gpu-queue', statusReason: `${code} - ${messages[code]}` }),
      ),
      buildJobQueueBlocked({ id: 'blocked-unknown', jobQueue: 'gpu-queue', statusReason: unknownReason }),
    );
  });
  afterAll(() => scenario.close());

  it('counts each block by queue name and documented reason code', () => {
    expect(scenario.recordsOf('BlockedJobQueues').map((r) => r.dimensions)).toEqual([
      ...BLOCKED_QUEUE_REASONS.map(({ code }) => ({ JobQueue: 'gpu-queue', Reason: code })),
      { JobQueue: 'gpu-queue', Reason: OTHER_BLOCKED_REASON },
    ]);
  });

  it('keeps the full status reason as a property, the only trace of its text', () => {
    const other = scenario.recordsOf('BlockedJobQueues').at(-1);
    expect(other?.properties).toEqual({ statusReason: unknownReason, Workflow: WORKFLOW_NAMES.queueBlocked });
  });

  it('publishes by queue, and by queue and reason, for the blocked-queue alarm', () => {
    expect(scenario.recordsOf('BlockedJobQueues')[0]?.dimensionSets).toEqual([['JobQueue'], ['JobQueue', 'Reason']]);
  });

  it('skips nothing', () => {
    expect(scenario.batchmon.summary()).toMatchObject({ skipped: {}, failedExecutions: 0 });
  });
});

describe('a blocked queue event without its status reason, reaching the workflow unvalidated', () => {
  it('is counted as skipped with its reason', async () => {
    const scenario = await startScenario();
    try {
      const event = buildJobQueueBlocked() as unknown as { detail: Partial<JobQueueBlocked['detail']> };
      delete event.detail.statusReason;
      const execution = await scenario.batchmon.pipeline.startExecution('QueueBlockedWorkflow', event as never);
      await scenario.batchmon.flush();
      expect(execution.status).toBe('SUCCEEDED');
      expect(scenario.batchmon.summary().skipped).toEqual({ 'missing:detail.statusReason': 1 });
    } finally {
      await scenario.close();
    }
  });
});

describe('a blocked queue event that EventBridge delivers twice', () => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    const event = buildJobQueueBlocked({ id: 'blocked-once', jobQueue: 'gpu-queue' });
    const another = buildJobQueueBlocked({ id: 'blocked-again', jobQueue: 'gpu-queue' });
    await scenario.run(event, another, event);
  });
  afterAll(() => scenario.close());

  it('counts the block once, and the other event with the same content too', () => {
    expect(scenario.batchmon.summary().metricTotals.BlockedJobQueues).toBe(2);
  });

  it('counts the repeated delivery as a skipped duplicate', () => {
    expect(scenario.batchmon.summary()).toMatchObject({ skipped: { [DUPLICATE_BLOCKED_EVENT]: 1 }, failedExecutions: 0 });
  });
});
