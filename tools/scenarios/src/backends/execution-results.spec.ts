import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { ScenarioBackendError } from '../errors';
import { executionResultOf, hasFinished, type DescribedExecution } from './execution-results';

// A Standard execution's history as GetExecutionHistory returns it ("HistoryEvent", AWS Step
// Functions API Reference): a Pass state, then a Map whose iteration enters a nested Pass state.
const started = new Date('2024-05-01T10:00:00.000Z');
const history: HistoryEvent[] = [
  { id: 1, timestamp: started, type: 'ExecutionStarted', executionStartedEventDetails: { input: '{"job":"a"}' } },
  { id: 2, timestamp: started, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'Read the job', input: '{"job":"a"}' } },
  { id: 3, timestamp: started, type: 'PassStateExited', stateExitedEventDetails: { name: 'Read the job', output: '{"job":"a","n":1}' } },
  { id: 4, timestamp: started, type: 'MapStateEntered', stateEnteredEventDetails: { name: 'For each attempt', input: '{}' } },
  { id: 5, timestamp: started, type: 'PassStateEntered', stateEnteredEventDetails: { name: 'Count the attempt', input: '{}' } },
  { id: 6, timestamp: started, type: 'TaskFailed', taskFailedEventDetails: { resourceType: 'dynamodb', resource: 'updateItem', error: 'DynamoDB.ConditionalCheckFailedException', cause: 'The conditional request failed' } },
  { id: 7, timestamp: new Date(started.getTime() + 2500), type: 'ExecutionSucceeded', executionSucceededEventDetails: { output: '{"done":true}' } },
];
const description: DescribedExecution = {
  executionArn: 'arn:aws:states:us-east-1:000000000000:execution:JobStatesWorkflow:e-1',
  name: 'e-1',
  status: 'SUCCEEDED',
  startDate: started,
  stopDate: new Date(started.getTime() + 2500),
  output: '{"done":true}',
};
const machine = { name: 'JobStatesWorkflow', logicalId: 'JobStatesWorkflow87C29657' };

describe('executionResultOf', () => {
  const result = executionResultOf(machine, { job: 'a' }, description, history);

  it('lists the states entered in order, nested ones included', () => {
    expect(result.visitedStates).toEqual(['Read the job', 'For each attempt', 'Count the attempt']);
  });

  it('gives the status, the parsed output and the state machine', () => {
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { done: true }, stateMachine: 'JobStatesWorkflow', stateMachineLogicalId: 'JobStatesWorkflow87C29657', executionName: 'e-1' });
  });

  it('measures the duration from the execution’s start and stop dates', () => {
    expect(result).toMatchObject({ durationMs: 2500, simulatedDurationSeconds: 2.5, startedAt: started.toISOString() });
  });

  it('keeps each history event with its state, input, output and error', () => {
    expect(result.history[2]).toEqual({ type: 'PassStateExited', timestamp: started.getTime(), stateName: 'Read the job', output: { job: 'a', n: 1 } });
    expect(result.history[5]).toMatchObject({ type: 'TaskFailed', error: 'DynamoDB.ConditionalCheckFailedException', cause: 'The conditional request failed' });
  });

  it('gives a failed execution’s error and cause', () => {
    const failed = executionResultOf(machine, {}, { ...description, status: 'FAILED', output: undefined, error: 'States.Timeout', cause: 'timed out' }, []);
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.Timeout', cause: 'timed out' });
    expect(failed).not.toHaveProperty('output');
  });

  it('refuses an execution that is still running', () => {
    expect(() => executionResultOf(machine, {}, { ...description, status: 'RUNNING' }, [])).toThrow(ScenarioBackendError);
    expect(hasFinished({ status: 'RUNNING' })).toBe(false);
    expect(hasFinished({ status: 'TIMED_OUT' })).toBe(true);
  });
});
