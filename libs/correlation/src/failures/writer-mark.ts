/**
 * Where a workflow finds its writer mark: what identifies this event's processing in the writes it
 * makes (a state that replaces the whole state, such as a skip, drops it: read it before). It is the execution's name, or, for an event sent back by
 * `infra:redrive`, the name of the execution that failed on it — so a redriven event recognises
 * the writes its failed execution committed as its own, while another delivery of the same event
 * (another execution) is a duplicate.
 */
export const WRITER_MARK = '$.writer.mark';

/** Where a sent-back event carries the mark of the execution that failed on it (`infra:redrive` adds it). */
export const REDRIVE_MARK = '$.batchmon.redriveOf';

/** {@link WRITER_MARK} in a JSONata state (the state input's `writer.mark`). */
export const WRITER_MARK_JSONATA = '$states.input.writer.mark';
