import { buildContainerInstanceRegistrationCall, buildJobStateChange, type JobShape } from '@batchmon/event-schemas';
import { startScenario, type Scenario } from './scenario-kit';

// Story: some events are counted without a placement (Fargate, EKS, array parents), some are not
// for batchmon at all (an instance of an ECS cluster Batch does not manage), and some are broken.
// None of them fails an execution; each is either counted or skipped with a reason.

describe('events without a container instance', () => {
  let scenario: Scenario & { close(): Promise<void> };
  const shapes: JobShape[] = ['fargate', 'eks', 'arrayParent'];

  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.run(...shapes.map((shape) => buildJobStateChange({ status: 'RUNNING', shape, jobId: `job-${shape}` })));
  });
  afterAll(() => scenario.close());

  it('counts each transition by queue and definition', () => {
    const transitions = scenario.recordsOf('JobStateTransitions');
    expect(transitions).toHaveLength(shapes.length);
    for (const record of transitions) expect(record.dimensions).toMatchObject({ State: 'RUNNING', JobQueue: 'batchmon-queue' });
  });

  it('does not count them as uncorrelated: they have no instance to find', () => {
    expect(scenario.recordsOf('UncorrelatedEvents')).toEqual([]);
  });
});

describe('an instance registering with an ECS cluster Batch does not manage', () => {
  it('starts no execution and is reported as unrouted', async () => {
    const scenario = await startScenario();
    try {
      await scenario.run(buildContainerInstanceRegistrationCall({ cluster: 'web-prod' }));
      expect(scenario.batchmon.summary()).toMatchObject({ unrouted: 1, executions: 0, emfLines: 0 });
    } finally {
      await scenario.close();
    }
  });
});

describe('a job state change without its job queue', () => {
  const broken = (): Record<string, unknown> => {
    const event = buildJobStateChange({ status: 'RUNNING' }) as unknown as { detail: Record<string, unknown> };
    delete event.detail['jobQueue'];
    return event as unknown as Record<string, unknown>;
  };

  it('is rejected by validation with the failing field path', async () => {
    const scenario = await startScenario();
    try {
      const result = await scenario.batchmon.ingest(broken());
      expect(result.kind === 'invalid' && result.invalid.issues[0]?.path).toBe('detail.jobQueue');
      expect(scenario.batchmon.summary().skipped).toEqual({ 'invalid:detail.jobQueue': 1 });
    } finally {
      await scenario.close();
    }
  });

  it('reaching the deployed workflow unvalidated, is counted as skipped with its reason', async () => {
    const scenario = await startScenario();
    try {
      const execution = await scenario.batchmon.pipeline.startExecution('JobStatesWorkflow', broken() as never);
      await scenario.batchmon.flush();
      expect(execution.status).toBe('SUCCEEDED');
      const [skipped] = scenario.recordsOf('SkippedEvents');
      expect(skipped?.dimensions).toEqual({ Workflow: 'JobStates', Reason: 'missing:detail.jobQueue' });
    } finally {
      await scenario.close();
    }
  });

  it('is counted as skipped at the event’s own time, so a replayed capture shows when it happened', async () => {
    const scenario = await startScenario();
    try {
      const event = broken();
      await scenario.batchmon.pipeline.startExecution('JobStatesWorkflow', event as never);
      await scenario.batchmon.flush();
      const [skipped] = scenario.recordsOf('SkippedEvents');
      expect(skipped?.timestamp).toBe(Date.parse(String(event['time'])));
    } finally {
      await scenario.close();
    }
  });
});
