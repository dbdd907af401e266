/**
 * The mark an idempotent write leaves on an item: the name of the execution that wrote it.
 *
 * Why the execution and not the event: EventBridge delivers at least once, and a repeated delivery
 * is the same event (same `id`) in a new execution, so only the execution tells a repeated
 * delivery (another execution's mark: a duplicate) from a retry of this execution's own write
 * after an error (its own mark: the write had committed — DynamoDB documents that an internal
 * server error can follow a write that succeeded — and the event is counted, not lost). A Step
 * Functions Retry keeps the execution, so its name. Names of executions that EventBridge starts are
 * unique (an identifier of 36 characters), which also bounds what a mark adds to an item.
 */
export const EXECUTION_MARK = '$$.Execution.Name';

/** {@link EXECUTION_MARK} in a JSONata state. */
export const EXECUTION_MARK_JSONATA = '$states.context.Execution.Name';
