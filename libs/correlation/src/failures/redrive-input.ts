import type { FailedEventMessage } from './failed-events';

/**
 * The input a failed event is sent back with: the original event, carrying the writer mark of the
 * execution that failed on it, so the writes that execution committed count as this event's own
 * (the workflows read it at `batchmon.redriveOf`; EventBridge events have no such field). An event
 * sent back before keeps the mark it had.
 *
 * @example
 * redriveInput(message); // { ...message.event, batchmon: { redriveOf: message.executionName } }
 */
export function redriveInput(message: Pick<FailedEventMessage, 'event' | 'executionName'>): Record<string, unknown> {
  const event = isObject(message.event) ? message.event : {};
  const earlier = isObject(event['batchmon']) ? event['batchmon']['redriveOf'] : undefined;
  return { ...event, batchmon: { redriveOf: typeof earlier === 'string' ? earlier : message.executionName } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
