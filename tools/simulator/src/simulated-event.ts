import type { BatchmonEvent } from '@batchmon/event-schemas';
import type { SpotInterruptionWarning } from './events/spot-interruption-warnings';

/**
 * One simulated event exactly as EventBridge would deliver it to batchmon's rules: every family of
 * `@batchmon/event-schemas` (including events of non-Batch clusters that the rules filter out), and
 * EC2 Spot Instance Interruption Warnings when the workload asks for them
 * (`spotInterruptionWarnings`), a family batchmon's schemas may not classify yet.
 */
export type SimulatedEvent = BatchmonEvent | SpotInterruptionWarning;
