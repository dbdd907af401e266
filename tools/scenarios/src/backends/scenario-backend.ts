import type { ExecutionResult, JsonValue, PublishResult, ScheduledRun } from '@batchmon/emulator';
import type { BackendName } from './backend-name';

/** What the metrics Lambda did during one {@link ScenarioBackend.drain}. */
export interface DrainOutput {
  /** EMF lines printed, in order. */
  readonly emfLines: readonly string[];
  /** Lines logged as errors (rejected messages). */
  readonly errorLines: readonly string[];
  /** Metric messages moved to the metrics dead-letter queue. */
  readonly deadLetters: number;
}

/**
 * batchmon deployed on one emulator: the template's rules, state machines, table and queues, and
 * the metrics Lambda at the end. The scenario suite drives every backend through this.
 */
export interface ScenarioBackend {
  readonly name: BackendName;
  /** Routes one event by the rules as deployed and runs each matched state machine to its end. */
  publish(event: unknown): Promise<PublishResult>;
  /** Fires, oldest first, every schedule rule's boundary up to `time` (ISO 8601 or epoch milliseconds): the clock is the events' own time. */
  advanceTo(time: string | number): Promise<ScheduledRun[]>;
  /** Starts one state machine (construct id, name or logical id) directly and waits for its end. */
  startExecution(stateMachine: string, input: JsonValue): Promise<ExecutionResult>;
  /** Delivers every queued metric message to the Lambda (redeliveries and dead letters included) and says what it printed. */
  drain(): Promise<DrainOutput>;
  /** The messages the workflows handed to the failed-events queue since the last call, taken off it (as `infra:redrive` reads them). */
  takeFailedEvents(): Promise<unknown[]>;
  /** Deletes what was deployed and stops what was started. */
  close(): Promise<void>;
}
