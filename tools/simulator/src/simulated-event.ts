import type { BatchmonEvent } from '@batchmon/event-schemas';

/**
 * One simulated event exactly as EventBridge would deliver it to batchmon's rules (every family of
 * `@batchmon/event-schemas`, including events of non-Batch clusters that the rules filter out).
 */
export type SimulatedEvent = BatchmonEvent;
