import type { DescribeExecutionCommandOutput, HistoryEvent } from '@aws-sdk/client-sfn';
import type { ExecutionHistoryEvent, ExecutionResult, ExecutionStatus, JsonValue, LocalStateMachineSpec } from '@batchmon/emulator';
import { ScenarioBackendError } from '../errors';

/** What DescribeExecution returns that the mapping reads. */
export type DescribedExecution = Pick<DescribeExecutionCommandOutput, 'executionArn' | 'name' | 'status' | 'startDate' | 'stopDate' | 'output' | 'error' | 'cause'>;

const FINISHED: readonly ExecutionStatus[] = ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED'];

/** Whether DescribeExecution says the execution has ended (anything but RUNNING or PENDING_REDRIVE). */
export function hasFinished(description: Pick<DescribedExecution, 'status'>): boolean {
  return FINISHED.some((status) => status === description.status);
}

/**
 * An execution that ran on a container backend, in the shape the embedded emulator gives: status,
 * output or error, the states entered (from the history's `*StateEntered` events, nested Map and
 * Parallel states included) and the duration. Waits there are real, so the simulated duration is
 * the measured one.
 *
 * @throws ScenarioBackendError when the execution has not finished or its output is not JSON.
 * @example
 * const result = executionResultOf(spec, input, await sfn.send(new DescribeExecutionCommand(…)), events);
 */
export function executionResultOf(
  stateMachine: Pick<LocalStateMachineSpec, 'name' | 'logicalId'>,
  input: JsonValue,
  description: DescribedExecution,
  history: readonly HistoryEvent[],
): ExecutionResult {
  const where = `${stateMachine.name} execution ${description.name ?? description.executionArn ?? '(unnamed)'}`;
  const status = FINISHED.find((candidate) => candidate === description.status);
  if (status === undefined) throw new ScenarioBackendError(`${where}: expected a finished execution, found status ${String(description.status)}`);
  const startedAt = description.startDate ?? new Date(0);
  const durationMs = (description.stopDate ?? startedAt).getTime() - startedAt.getTime();
  const output = description.output === undefined ? undefined : parseJson(description.output, `${where}.output`);
  return {
    executionArn: description.executionArn ?? '',
    executionName: description.name ?? '',
    stateMachine: stateMachine.name,
    stateMachineLogicalId: stateMachine.logicalId,
    status,
    input,
    ...(output === undefined ? {} : { output }),
    ...(description.error === undefined ? {} : { error: description.error }),
    ...(description.cause === undefined ? {} : { cause: description.cause }),
    visitedStates: history.flatMap((event) => (event.type?.endsWith('StateEntered') && event.stateEnteredEventDetails?.name !== undefined ? [event.stateEnteredEventDetails.name] : [])),
    history: history.map((event) => historyEventOf(event, where)),
    startedAt: startedAt.toISOString(),
    durationMs,
    simulatedDurationSeconds: durationMs / 1000,
  };
}

/** One Step Functions history event, simplified as the embedded emulator records them. */
export function historyEventOf(event: HistoryEvent, where: string): ExecutionHistoryEvent {
  const at = `${where}.history[${event.id ?? '?'}]`;
  const entered = event.stateEnteredEventDetails;
  const exited = event.stateExitedEventDetails;
  const failed = event.executionFailedEventDetails ?? event.taskFailedEventDetails;
  const stateName = entered?.name ?? exited?.name;
  const input = entered?.input ?? event.executionStartedEventDetails?.input;
  const output = exited?.output ?? event.executionSucceededEventDetails?.output;
  return {
    type: event.type ?? 'Unknown',
    timestamp: event.timestamp?.getTime() ?? 0,
    ...(stateName === undefined ? {} : { stateName }),
    ...(input === undefined ? {} : { input: parseJson(input, `${at}.input`) }),
    ...(output === undefined ? {} : { output: parseJson(output, `${at}.output`) }),
    ...(failed?.error === undefined ? {} : { error: failed.error }),
    ...(failed?.cause === undefined ? {} : { cause: failed.cause }),
  };
}

function parseJson(text: string, where: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new ScenarioBackendError(`${where}: expected JSON, found ${JSON.stringify(text.slice(0, 80))}`, { cause: error });
  }
}
