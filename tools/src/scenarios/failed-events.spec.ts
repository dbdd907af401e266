import { buildJobStateChange } from '@batchmon/event-schemas';
import { INTEGRATIONS, redriveInput, type FailedEventMessage } from '@batchmon/correlation';
import { startScenario, type Scenario } from './scenario-kit';

// Story: DynamoDB refuses a job's write with an error no retry can mend (a permanent error). EventBridge
// will not retry an Express execution that started and then failed, so the workflow hands the event
// to the failed-events queue itself, with the error and the state that failed, and counts nothing.
// Once the cause is fixed the event is sent again (as `infra:redrive` does) and counts exactly once.
// When even the hand-over inside the workflow fails, the catch-all around the workflow hands it over.

const failedEvents = (scenario: Scenario): FailedEventMessage[] => scenario.batchmon.failedEvents as FailedEventMessage[];

describe('a job event whose write fails for good', () => {
  let scenario: Scenario & { close(): Promise<void> };
  const event = buildJobStateChange({ status: 'RUNNABLE' });

  beforeAll(async () => {
    scenario = await startScenario();
    scenario.batchmon.pipeline.faults.inject({ resource: INTEGRATIONS.updateItem, error: 'DynamoDB.ValidationException', cause: 'One or more parameter values were invalid' });
    await scenario.run(event);
  });
  afterAll(() => scenario.close());

  it('ends its execution without failing it', () => {
    expect(scenario.batchmon.summary().failedExecutions).toBe(0);
  });

  it('is handed to the failed-events queue with the original event, the error and the failing state', () => {
    expect(failedEvents(scenario)).toEqual([
      expect.objectContaining({
        event,
        workflow: 'JobStates',
        state: expect.stringMatching(/^Remember the job/),
        error: 'DynamoDB.ValidationException',
        cause: 'One or more parameter values were invalid',
      }),
    ]);
    expect(scenario.batchmon.summary().failedEvents).toBe(1);
  });

  it('says which state machine to start again', () => {
    expect(failedEvents(scenario)[0]?.stateMachineArn).toMatch(/^arn:aws:states:.*:stateMachine:/);
  });

  it('counts nothing for the failed event', () => {
    expect(scenario.recordsOf('JobStateTransitions')).toEqual([]);
  });

  it('counts the transition once when the event is sent back, as infra:redrive does, even if it came twice', async () => {
    const [failed] = failedEvents(scenario);
    const sentBack = failed === undefined ? {} : redriveInput(failed);
    await scenario.run(sentBack, sentBack);
    expect(scenario.batchmon.summary().metricTotals.JobStateTransitions).toBe(1);
    expect(scenario.batchmon.summary().failedEvents).toBe(1);
  });
});

describe('a job event whose hand-over to the failed-events queue fails too', () => {
  let scenario: Scenario & { close(): Promise<void> };
  const event = buildJobStateChange({ status: 'RUNNABLE' });

  beforeAll(async () => {
    scenario = await startScenario();
    // The metric send and then the hand-over inside the workflow fail; the catch-all around it does not.
    scenario.batchmon.pipeline.faults.inject({ resource: INTEGRATIONS.sendMessage, error: 'SQS.InvalidMessageContentsException', times: 2 });
    await scenario.run(event);
  });
  afterAll(() => scenario.close());

  it('is handed over by the catch-all around the workflow, marked uncaught', () => {
    expect(failedEvents(scenario)).toEqual([expect.objectContaining({ event, workflow: 'JobStates', state: 'uncaught', error: 'SQS.InvalidMessageContentsException' })]);
  });

  it('ends its execution without failing it', () => {
    expect(scenario.batchmon.summary().failedExecutions).toBe(0);
  });
});
