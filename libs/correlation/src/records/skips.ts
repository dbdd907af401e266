import type { ChoiceState, State } from '../asl/asl';
import { jsonataPass } from '../asl/jsonata';
import { jsonataRecords, literal } from './jsonata-records';

/** Name of the state that sends the execution's metric message; every workflow has it. */
export const SEND_STATE = 'Send the metric records';

/**
 * A state that counts the event as skipped (metric `SkippedEvents`, by workflow and reason) and
 * goes on to send that record: an event the pipeline cannot use is counted, never dropped.
 * The record is stamped with the event's time, so a replayed capture counts its skips when they
 * happened — or with the execution's start when the time is the field that is missing (JSONata:
 * JSONPath has no default for an absent field). `next` sends the message: {@link SEND_STATE},
 * unless the skip is inside a branch, whose states are named apart from the machine's.
 */
export function skip(workflow: string, reason: string, next: string = SEND_STATE): State {
  const records = jsonataRecords([
    {
      metric: 'SkippedEvents',
      time: `$type($states.input.time) = 'string' ? $states.input.time : $states.context.Execution.StartTime`,
      dimensions: { Workflow: literal(workflow), Reason: literal(reason) },
      properties: { eventId: '$states.input.id' },
    },
  ]);
  return jsonataPass(`{ 'message': { 'source': ${literal(workflow)}, 'records': ${records} } }`, next);
}

/** A field the workflow cannot do without, and how its absence reads in the console. */
export interface RequiredField {
  /** JSONPath of the field, e.g. `$.detail.jobId`. */
  readonly path: `$.${string}`;
  /** What the field is, for the state name ("the job id"). */
  readonly label: string;
}

/** Skip reason for a missing field: `missing:detail.jobId`. */
export const missingReason = (field: RequiredField): string => `missing:${field.path.slice(2)}`;

/**
 * A Choice that sends the event on to `next` only when every required field is present, and
 * otherwise to a skip state named for the first missing field. JSONPath on an absent field is a
 * runtime error that would fail the execution, so every path used later must be checked here.
 */
export function requireFields(
  workflow: string,
  name: string,
  fields: readonly RequiredField[],
  next: string,
): Record<string, State> {
  const states: Record<string, State> = {};
  const choice: ChoiceState = {
    Type: 'Choice',
    Choices: fields.map((field) => ({
      Not: { Variable: field.path, IsPresent: true },
      Next: `Skip: the event has no ${field.label}`,
    })),
    Default: next,
  };
  states[name] = choice;
  for (const field of fields) states[`Skip: the event has no ${field.label}`] = skip(workflow, missingReason(field));
  return states;
}
