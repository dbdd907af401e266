import { redriveInput } from '@batchmon/correlation';
import type { JsonValue, LocalPipeline, LocalTemplate } from '@batchmon/emulator';
import { accountEmfLine, accountEventRead, accountPublished, accountScheduled, emptySummary, type LocalBatchmon } from '@batchmon/local';
import { EmbeddedOnlyError } from '../errors';
import type { ScenarioBackend } from './scenario-backend';

/**
 * A {@link LocalBatchmon} over any backend, so the stories read the same object on every backend:
 * `ingest` validates and publishes as the embedded one does and keeps the same summary (from the
 * executions and the EMF lines), `flush` drains the metrics queue, and the failed-events queue is
 * read after each event. The pipeline answers `template`, `publish`, `publishAll` and
 * `startExecution`; what only the embedded emulators have (fault injection, the Auto Scaling
 * recorder, the in-process table and queues, counters) throws {@link EmbeddedOnlyError}.
 *
 * @example
 * const batchmon = batchmonOn(await startContainerBackend({ name: 'localstack', endpoints, template }), template);
 * await batchmon.ingest(event);
 * await batchmon.flush();
 * batchmon.summary().metricTotals;
 */
export function batchmonOn(backend: ScenarioBackend, template: LocalTemplate): LocalBatchmon {
  const summary = emptySummary();
  const emfLines: string[] = [];
  const errorLines: string[] = [];
  const failedEvents: unknown[] = [];
  const pipeline = new BackendPipelineView(backend, template);
  const takeFailedEvents = async (): Promise<void> => {
    for (const message of await backend.takeFailedEvents()) {
      summary.failedEvents += 1;
      failedEvents.push(message);
    }
  };
  return {
    pipeline,
    emfLines,
    errorLines,
    failedEvents,
    async ingest(event) {
      const invalid = accountEventRead(summary, event);
      if (invalid !== undefined) return { kind: 'invalid', invalid };
      const result = await backend.publish(event);
      accountPublished(summary, result);
      await takeFailedEvents();
      return { kind: 'published', result };
    },
    async advanceTo(time) {
      accountScheduled(summary, await backend.advanceTo(time));
      await takeFailedEvents();
    },
    async redrive(message) {
      // As infra:redrive does: a new execution of the state machine that failed, with its writer mark.
      const execution = await backend.startExecution(message.stateMachineArn, redriveInput(message) as JsonValue);
      summary.executions += 1;
      if (execution.status !== 'SUCCEEDED') summary.failedExecutions += 1;
      await takeFailedEvents();
    },
    async flush() {
      const drained = await backend.drain();
      for (const line of drained.emfLines) {
        accountEmfLine(summary, line);
        emfLines.push(line);
      }
      errorLines.push(...drained.errorLines);
      summary.deadLetters += drained.deadLetters;
    },
    summary: () => structuredClone(summary),
    close: () => backend.close(),
  };
}

/** The part of {@link LocalPipeline} a backend can serve; the rest names the embedded backend. */
class BackendPipelineView implements LocalPipeline {
  constructor(
    private readonly backend: ScenarioBackend,
    readonly template: LocalTemplate,
  ) {}

  publish: LocalPipeline['publish'] = (event) => this.backend.publish(event);

  publishAll: LocalPipeline['publishAll'] = async (events) => {
    const results = [];
    for (const event of events) results.push(await this.backend.publish(event));
    return results;
  };

  advanceTo: LocalPipeline['advanceTo'] = (time) => this.backend.advanceTo(time);

  startExecution: LocalPipeline['startExecution'] = (stateMachine, input) => this.backend.startExecution(stateMachine, input);

  get dynamo(): LocalPipeline['dynamo'] {
    return this.embeddedOnly('dynamo');
  }
  get dynamodb(): LocalPipeline['dynamodb'] {
    return this.embeddedOnly('dynamodb');
  }
  get queues(): LocalPipeline['queues'] {
    return this.embeddedOnly('queues');
  }
  get autoscaling(): LocalPipeline['autoscaling'] {
    return this.embeddedOnly('autoscaling');
  }
  get faults(): LocalPipeline['faults'] {
    return this.embeddedOnly('faults');
  }
  get invocations(): LocalPipeline['invocations'] {
    return this.embeddedOnly('invocations');
  }
  get unroutedEvents(): LocalPipeline['unroutedEvents'] {
    return this.embeddedOnly('unroutedEvents');
  }
  drain: LocalPipeline['drain'] = () => this.embeddedOnly('drain');
  stats: LocalPipeline['stats'] = () => this.embeddedOnly('stats');
  close: LocalPipeline['close'] = () => this.backend.close();

  private embeddedOnly(member: string): never {
    throw new EmbeddedOnlyError(
      `batchmon.pipeline.${member}: expected the embedded backend, found BATCHMON_EMULATOR=${this.backend.name}; a story that reads it is listed in tools/scenarios/src/backends/embedded-only-stories.json`,
    );
  }
}
