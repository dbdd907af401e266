import type { ChoiceState } from '../asl/asl';

/**
 * Where a workflow finds its writer mark: what identifies this event's processing in the writes it
 * makes (a state that replaces the whole state, such as a skip, drops it: read it before). It is
 * the execution's name, or, for an event sent back by `infra:redrive`, the name of the execution
 * that failed on it — so a redriven event recognises
 * the writes its failed execution committed as its own, while another delivery of the same event
 * (another execution) is a duplicate.
 */
export const WRITER_MARK = '$.writer.mark';

/** Where a sent-back event carries the mark of the execution that failed on it (`infra:redrive` adds it). */
export const REDRIVE_MARK = '$.batchmon.redriveOf';

/**
 * What an idempotent write leaves on an item: this execution's name. A write finding it (a retry
 * after the write had committed) or the {@link WRITER_MARK} (a redriven event finding what its
 * failed execution committed) counts the event as its own; any other mark is another delivery's, a
 * duplicate. Writing the execution, not the writer mark, keeps two deliveries of one redriven event
 * apart: the second finds the first's execution.
 */
export const WRITER_EXECUTION = '$.writer.execution';

/** JSONata: the marks a write counts as this execution's own ({@link WRITER_MARK}, {@link WRITER_EXECUTION}). */
export const OWN_MARKS_JSONATA = '[$states.input.writer.mark, $states.input.writer.execution]';

/**
 * A Choice on the mark an idempotent write read back (at `variable`): this execution's own mark —
 * the first delivery, or a retry after its write had committed — goes on to `counted`; another
 * execution's mark, a repeated delivery, goes to `duplicate`.
 *
 * @example
 * const decide = ownMarkChoice('$.saved.by', 'Record the registration', 'Skip: the registration was already recorded');
 */
export function ownMarkChoice(variable: string, counted: string, duplicate: string): ChoiceState {
  return {
    Type: 'Choice',
    Comment: 'Its own mark: the first delivery, or a retry after this execution’s write had committed. Another: a repeated delivery.',
    Choices: [
      {
        Or: [
          { Variable: variable, StringEqualsPath: WRITER_EXECUTION },
          { Variable: variable, StringEqualsPath: WRITER_MARK },
        ],
        Next: counted,
      },
    ],
    Default: duplicate,
  };
}
