import { startLocalBatchmon, type LocalBatchmon, type LocalBatchmonOptions } from '@batchmon/local';
import type { DrainOutput, ScenarioBackend } from './scenario-backend';

/** The embedded backend and the local batchmon it runs, for stories that read the emulator itself. */
export interface EmbeddedBackend extends ScenarioBackend {
  readonly batchmon: LocalBatchmon;
}

/**
 * The default backend: the synthesized stack on the embedded emulators (dynalite,
 * aws-local-stepfunctions, in-memory SQS) with the real Lambda handler, as `startLocalBatchmon` runs it.
 *
 * @example
 * const backend = await startEmbeddedBackend({ stack: { metricsProfile: 'detailed' } });
 * await backend.publish(event);
 * const { emfLines } = await backend.drain();
 */
export async function startEmbeddedBackend(options: Omit<LocalBatchmonOptions, 'onEmf' | 'onLambdaError' | 'onFailedEvent'> = {}): Promise<EmbeddedBackend> {
  let emfLines: string[] = [];
  let errorLines: string[] = [];
  let failedEvents: unknown[] = [];
  const batchmon = await startLocalBatchmon({
    ...options,
    onEmf: (line) => emfLines.push(line),
    onLambdaError: (line) => errorLines.push(line),
    onFailedEvent: (message) => failedEvents.push(message),
  });
  return {
    name: 'embedded',
    batchmon,
    publish: (event) => batchmon.pipeline.publish(event),
    advanceTo: (time) => batchmon.pipeline.advanceTo(time),
    startExecution: (stateMachine, input) => batchmon.pipeline.startExecution(stateMachine, input),
    async drain(): Promise<DrainOutput> {
      const before = batchmon.summary().deadLetters;
      await batchmon.flush();
      const output = { emfLines, errorLines, deadLetters: batchmon.summary().deadLetters - before };
      emfLines = [];
      errorLines = [];
      return output;
    },
    async takeFailedEvents() {
      // The local batchmon takes the failed-events queue after each ingest; a direct publish leaves it for here.
      const queue = batchmon.pipeline.queues.get('FailedEventsQueue');
      const taken = failedEvents;
      failedEvents = [];
      while (queue.depth > 0) {
        for (const message of queue.receive(10).received) {
          taken.push(JSON.parse(message.message.body));
          queue.delete(message.receiptHandle);
        }
      }
      return taken;
    },
    close: () => batchmon.close(),
  };
}
