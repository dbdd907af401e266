import { buildContainerInstanceStateChange, buildJobStateChange } from '@batchmon/event-schemas';
import { INTEGRATIONS, redriveInput, type FailedEventMessage, WORKFLOW_NAMES } from '@batchmon/correlation';
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

// Story: the minute's Scan of the instances table fails for good. The scheduled event is handed to
// the failed-events queue like any other; sent back (StartExecution, as infra:redrive does), it
// publishes that minute's levels — once, however often it is sent back within the queue's
// deduplication interval.
describe('a minute whose levels cannot be read', () => {
  let scenario: Scenario & { close(): Promise<void> };
  const change = buildContainerInstanceStateChange({ computeEnvironment: 'spot-ce', time: '2024-05-01T12:00:10Z' });

  beforeAll(async () => {
    scenario = await startScenario();
    await scenario.run(change);
    scenario.batchmon.pipeline.faults.inject({ resource: INTEGRATIONS.scan, error: 'DynamoDb.DynamoDbException', cause: 'Requested resource not found', times: 1 });
    await scenario.batchmon.advanceTo('2024-05-01T12:01:00Z');
    await scenario.batchmon.flush();
  });
  afterAll(() => scenario.close());

  it('is handed to the failed-events queue with the scheduled event and the state that failed', () => {
    expect(failedEvents(scenario)).toEqual([
      expect.objectContaining({
        event: expect.objectContaining({ source: 'aws.events', 'detail-type': 'Scheduled Event', time: '2024-05-01T12:01:00Z' }),
        workflow: WORKFLOW_NAMES.minuteLevels,
        state: 'Publish the minute’s levels',
        error: 'DynamoDb.DynamoDbException',
      }),
    ]);
    expect(scenario.recordsOf('RegisteredVcpus')).toEqual([]);
  });

  it('publishes the minute’s levels once when sent back, even twice', async () => {
    const [failed] = failedEvents(scenario);
    if (failed === undefined) throw new Error('expected a failed-events message, found none');
    await scenario.batchmon.redrive(failed);
    await scenario.batchmon.redrive(failed);
    await scenario.batchmon.flush();
    const minutes = scenario.recordsOf('RegisteredVcpus').map((record) => [new Date(record.timestamp).toISOString(), Object.keys(record.dimensions).length]);
    expect(minutes).toEqual([
      ['2024-05-01T12:01:00.000Z', 1],
      ['2024-05-01T12:01:00.000Z', 3],
    ]);
  });
});
