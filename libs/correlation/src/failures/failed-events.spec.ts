import aslValidator from 'asl-validator';
import type { StateMachineDefinition, TaskState } from '../asl/asl';
import { CONDITIONAL_CHECK_FAILED, INTEGRATIONS, TRANSIENT_RETRY, retryBudgetSeconds } from '../asl/integrations';
import { WorkflowDefinitionError } from '../errors';
import { CORRELATE_STATE, HAND_OVER_STATE, HAND_OVER_UNCAUGHT_STATE, MARK_STATE, handFailuresToQueue } from './failed-events';
import { REDRIVE_MARK, WRITER_MARK } from './writer-mark';

const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/failed-events';
const write: TaskState = {
  Type: 'Task',
  Resource: INTEGRATIONS.updateItem,
  Parameters: { TableName: 'Jobs' },
  Catch: [{ ErrorEquals: [CONDITIONAL_CHECK_FAILED], Next: 'Done', ResultPath: null }],
  Next: 'Done',
};
const workflow: StateMachineDefinition = {
  Comment: 'A workflow with one write.',
  StartAt: 'Write',
  TimeoutSeconds: 60,
  States: { Write: write, Done: { Type: 'Succeed' } },
};
const wrapped = handFailuresToQueue(workflow, { workflow: 'Example', queueUrl, partition: 'aws' });
const correlate = wrapped.States[CORRELATE_STATE];
const branch = correlate?.Type === 'Parallel' ? correlate.Branches[0] : undefined;

describe('handFailuresToQueue', () => {
  it('gives valid Amazon States Language', () => {
    expect(aslValidator(structuredClone(wrapped)).errors).toEqual([]);
  });

  it('first marks the execution inside the branch: with the failed execution’s mark for an event sent back, else with its own name', () => {
    expect(branch?.StartAt).toBe(MARK_STATE);
    const choice = branch?.States[MARK_STATE];
    const redriven = choice?.Type === 'Choice' ? branch?.States[choice.Choices[0]?.Next ?? ''] : undefined;
    const fresh = choice?.Type === 'Choice' ? branch?.States[choice.Default] : undefined;
    expect(choice).toMatchObject({ Choices: [{ Variable: REDRIVE_MARK, IsPresent: true }] });
    expect(redriven).toMatchObject({ Type: 'Pass', Parameters: { 'mark.$': REDRIVE_MARK }, ResultPath: '$.writer', Next: 'Write' });
    expect(fresh).toMatchObject({ Type: 'Pass', Parameters: { 'mark.$': '$$.Execution.Name' }, ResultPath: '$.writer', Next: 'Write' });
    expect(WRITER_MARK).toBe('$.writer.mark');
  });

  it('runs the workflow’s own states in one Parallel state', () => {
    expect(branch?.States['Done']).toEqual({ Type: 'Succeed' });
  });

  it('gives the hand-overs their retries beyond the workflow’s own timeout, within the Express limit', () => {
    expect(wrapped.TimeoutSeconds).toBe(60 + 2 * retryBudgetSeconds(TRANSIENT_RETRY));
    expect(wrapped.TimeoutSeconds).toBeLessThan(300);
  });

  it('keeps a Task’s own catchers first and adds a catch-all last', () => {
    const task = branch?.States['Write'];
    expect(task?.Type === 'Task' ? task.Catch : undefined).toEqual([
      { ErrorEquals: [CONDITIONAL_CHECK_FAILED], Next: 'Done', ResultPath: null },
      { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Note that “Write” failed' },
    ]);
  });

  it('names the failed Task in the failure before handing it over', () => {
    expect(branch?.States['Note that “Write” failed']).toMatchObject({ Type: 'Pass', Result: 'Write', ResultPath: '$.failure.state', Next: HAND_OVER_STATE });
  });

  it('sends the original event, the error, the failing state and where to start it again', () => {
    const handOver = branch?.States[HAND_OVER_STATE];
    expect(handOver).toMatchObject({
      Type: 'Task',
      Resource: INTEGRATIONS.sendMessage,
      End: true,
      Parameters: {
        QueueUrl: queueUrl,
        MessageBody: {
          'event.$': '$$.Execution.Input',
          workflow: 'Example',
          'state.$': '$.failure.state',
          'error.$': '$.failure.Error',
          'cause.$': '$.failure.Cause',
          'stateMachineArn.$': '$$.StateMachine.Id',
          'executionArn.$': '$$.Execution.Id',
          'executionName.$': '$$.Execution.Name',
        },
      },
    });
  });

  it('catches every other failure around the whole workflow and marks its state uncaught', () => {
    expect(correlate?.Type === 'Parallel' ? correlate.Catch : undefined).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: HAND_OVER_UNCAUGHT_STATE },
    ]);
    expect(wrapped.States[HAND_OVER_UNCAUGHT_STATE]).toMatchObject({ Parameters: { MessageBody: { state: 'uncaught', 'event.$': '$$.Execution.Input' } } });
  });

  it('refuses a workflow that already uses one of its state names', () => {
    const clash: StateMachineDefinition = { ...workflow, States: { ...workflow.States, [HAND_OVER_STATE]: { Type: 'Succeed' } } };
    expect(() => handFailuresToQueue(clash, { workflow: 'Example', queueUrl, partition: 'aws' })).toThrow(WorkflowDefinitionError);
  });
});
