import type { Catcher, Json, State, StateMachineDefinition, TaskState } from '../asl/asl';
import { TRANSIENT_RETRY, retryBudgetSeconds, sendMessage } from '../asl/integrations';
import { WorkflowDefinitionError } from '../errors';
import { REDRIVE_MARK } from './writer-mark';

/** The state that runs the workflow's own states and catches whatever fails in them. */
export const CORRELATE_STATE = 'Correlate the event';
/** The state every workflow's own states start with: it gives the execution its writer mark. */
export const MARK_STATE = 'Is the event sent back after a failure?';

/** Where a Task's failure is handed to the failed-events queue, inside the workflow. */
export const HAND_OVER_STATE = 'Hand the event to the failed-events queue';
/** Where any other failure (a Pass or Choice state, or the hand-over itself) is handed over. */
export const HAND_OVER_UNCAUGHT_STATE = 'Hand the uncaught failure to the failed-events queue';

/**
 * The body of a failed-events message: what `infra:redrive` (or a local replay) needs to send the
 * event back, and what an operator needs to fix the cause first.
 */
export interface FailedEventMessage {
  /** The execution's input: the EventBridge event exactly as it arrived. */
  readonly event: Json;
  /** The workflow whose execution failed (its `Workflow` metric dimension). */
  readonly workflow: string;
  /** The state that failed, or `uncaught` when it was not a Task (the cause then names it). */
  readonly state: string;
  /** Step Functions' error name, e.g. `DynamoDB.ValidationException`, `States.Runtime`. */
  readonly error: string;
  /** Step Functions' cause text. */
  readonly cause: string;
  /** ARN of the state machine to start again. */
  readonly stateMachineArn: string;
  /** ARN of the failed execution (the message's SQS `SentTimestamp` says when it was handed over). */
  readonly executionArn: string;
  /**
   * The failed execution's name. A redrive sends the event back marked with the writer mark of the
   * failed execution: the event's own `batchmon.redriveOf` when it was already sent back once, else
   * this name (see {@link REDRIVE_MARK}).
   */
  readonly executionName: string;
}

/** Where the failed-events messages go. */
export interface FailedEventsTarget {
  /** The workflow's name, carried in each message. */
  readonly workflow: string;
  /** URL of the failed-events queue. */
  readonly queueUrl: string;
  /** Partition of the state machine (`aws`, `aws-cn`, …), for the hand-over's resource ARN. */
  readonly partition: string;
}

const noteState = (name: string): string => `Note that “${name}” failed`;
const MARK_AS_REDRIVEN = 'Keep the mark of the failed execution';
const MARK_AS_NEW = 'Mark the event with this execution';

/**
 * Wraps a workflow so that no event is ever lost to a failure. EventBridge does not retry an Express
 * execution that started and then failed, so the workflow itself is the only safety net:
 *
 * - every Task state, and every Parallel or Map state (whose inner states cannot reach the
 *   hand-over), gains a last catcher for `States.ALL` (after its own retries and catchers) that
 *   notes the state's name and sends the original event, the error and the state to the
 *   failed-events queue;
 * - the whole workflow runs inside one Parallel state whose catcher does the same for failures no
 *   Task catcher sees (a Pass or Choice state's runtime error, the hand-over itself failing).
 *
 * `infra:redrive` sends the events back once the cause is fixed; the workflows' writes recognise
 * their own earlier writes, so a redriven event counts exactly once.
 *
 * @example
 * const deployed = handFailuresToQueue(jobStatesWorkflow(resources), { workflow: 'JobStates', queueUrl });
 */
export function handFailuresToQueue(definition: StateMachineDefinition, target: FailedEventsTarget): StateMachineDefinition {
  const states: Record<string, State> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if ([HAND_OVER_STATE, HAND_OVER_UNCAUGHT_STATE, CORRELATE_STATE, MARK_STATE, MARK_AS_REDRIVEN, MARK_AS_NEW].includes(name)) {
      throw new WorkflowDefinitionError(`${target.workflow}: state "${name}": expected a name the failure handling does not use, found it taken`);
    }
    if (state.Type !== 'Task' && state.Type !== 'Parallel' && state.Type !== 'Map') {
      states[name] = state;
      continue;
    }
    const catchAll: Catcher = { ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: noteState(name) };
    states[name] = { ...state, Catch: [...(state.Catch ?? []), catchAll] };
    states[noteState(name)] = {
      Type: 'Pass',
      Comment: 'Names the failed state for the failed-events message (a catcher cannot).',
      Result: name,
      ResultPath: '$.failure.state',
      Next: HAND_OVER_STATE,
    };
  }
  states[HAND_OVER_STATE] = handOver(target, { 'state.$': '$.failure.state', 'error.$': '$.failure.Error', 'cause.$': '$.failure.Cause' });

  const mark = (path: string, comment: string): State => ({
    Type: 'Pass',
    Comment: comment,
    // `execution`: what this execution writes; `mark` also counts as its own (see writer-mark.ts).
    Parameters: { 'mark.$': path, 'execution.$': '$$.Execution.Name' },
    ResultPath: '$.writer',
    Next: definition.StartAt,
  });
  // The marking states open the branch, so the Parallel state's input stays the event as it arrived.
  states[MARK_STATE] = {
    Type: 'Choice',
    Choices: [{ Variable: REDRIVE_MARK, IsPresent: true, Next: MARK_AS_REDRIVEN }],
    Default: MARK_AS_NEW,
  };
  states[MARK_AS_REDRIVEN] = mark(REDRIVE_MARK, 'Writes the failed execution committed are recognised as this event’s own.');
  states[MARK_AS_NEW] = mark('$$.Execution.Name', 'Another delivery of the same event is another execution: its writes meet this mark and know it is a duplicate.');
  return {
    Comment: definition.Comment,
    StartAt: CORRELATE_STATE,
    // The execution's own work, then room for the hand-over and the uncaught hand-over to ride out
    // their retries: an execution that times out cannot be caught, and its event would be lost.
    TimeoutSeconds: (definition.TimeoutSeconds ?? 60) + 2 * retryBudgetSeconds(TRANSIENT_RETRY),
    States: {
      [CORRELATE_STATE]: {
        Type: 'Parallel',
        Comment: 'The workflow’s own states. Whatever fails in them is caught here and handed to the failed-events queue.',
        Branches: [{ StartAt: MARK_STATE, States: states }],
        // The execution's output stays the workflow's own (the branch's), as without the wrapper.
        OutputPath: '$[0]',
        Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: HAND_OVER_UNCAUGHT_STATE }],
        End: true,
      },
      [HAND_OVER_UNCAUGHT_STATE]: handOver(target, { state: 'uncaught', 'error.$': '$.failure.Error', 'cause.$': '$.failure.Cause' }),
    },
  };
}

/** A Task sending the original event and its failure to the failed-events queue. */
function handOver(target: FailedEventsTarget, failure: Record<string, Json>): TaskState {
  return sendMessage(
    target.partition,
    {
      QueueUrl: target.queueUrl,
      MessageBody: {
        'event.$': '$$.Execution.Input',
        workflow: target.workflow,
        ...failure,
        'stateMachineArn.$': '$$.StateMachine.Id',
        'executionArn.$': '$$.Execution.Id',
        'executionName.$': '$$.Execution.Name',
      },
    },
    {
      Comment: 'The original event, the error and the failing state: `infra:redrive` sends the event back once the cause is fixed.',
      ResultPath: null,
      Retry: TRANSIENT_RETRY,
      End: true,
    },
  );
}
