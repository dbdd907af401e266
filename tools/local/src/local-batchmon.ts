import { redriveInput, type FailedEventMessage } from '@batchmon/correlation';
import type { SynthesizeOptions } from '@batchmon/infra';
import { createMetricsHandler, DEFAULT_METRICS_PROFILE } from '@batchmon/metrics';
import { acceptDefinitionDigests, acceptedDefinitionDigests, createLocalPipeline, type JsonValue, type LocalPipeline, type LocalQueue, type PublishResult } from '@batchmon/emulator';
import { accountEmfLine, accountEventRead, accountPublished, accountScheduled, emptySummary, type RunSummary } from './run-summary';
import { DEFAULT_STACK_CACHE_DIR, readCachedStack, stackCacheKey, writeCachedStack } from './stack-cache';

/** The stack's queue of metric messages (its construct id). */
const METRICS_QUEUE = 'MetricsQueue';
/** The stack's queue of events whose workflow failed (its construct id). */
const FAILED_EVENTS_QUEUE = 'FailedEventsQueue';

/** Options of {@link startLocalBatchmon}. */
export interface LocalBatchmonOptions {
  /** Stack props the template is synthesized with (namespace, metrics profile…). */
  readonly stack?: Omit<SynthesizeOptions, 'bundle'>;
  /** Receives every EMF line as the metrics Lambda printed it; without it the lines are kept in `emfLines`. */
  readonly onEmf?: (line: string) => void;
  /** Receives every line the Lambda logs as an error (rejected messages). @default kept in `errorLines` */
  readonly onLambdaError?: (line: string) => void;
  /**
   * Receives every message a workflow handed to the failed-events queue (the original event, the
   * error and the failing state), as `infra:redrive` would read it.
   * @default kept in `failedEvents`
   */
  readonly onFailedEvent?: (message: unknown) => void;
  /** Wait states and retry intervals: 0 instant (default), 1 real time. */
  readonly timeScale?: number;
  /** Where probabilistic injected faults draw from (seeded, for a reproducible benchmark). @default Math.random */
  readonly faultRandom?: () => number;
  /** Keep execution histories (for debugging a scenario). @default false */
  readonly recordHistory?: boolean;
  /**
   * Reuse the template synthesized by an earlier run, and the definitions it found valid, when
   * nothing that shapes the template changed (see `stackCacheKey`); `false` synthesizes anew.
   * @default true
   */
  readonly cache?: boolean;
  /** Where synthesized stacks are cached. @default node_modules/.cache/batchmon/stack */
  readonly cacheDir?: string;
}

/** Why an event was not sent to the workflows, and where. */
export interface InvalidEvent {
  readonly family: string;
  readonly issues: readonly { readonly path: string; readonly message: string }[];
}

/** What ingesting one event did. */
export type IngestResult =
  | { readonly kind: 'invalid'; readonly invalid: InvalidEvent }
  | { readonly kind: 'published'; readonly result: PublishResult };

/** batchmon running locally: the synthesized stack on the embedded emulators, the real Lambda handler. */
export interface LocalBatchmon {
  readonly pipeline: LocalPipeline;
  /** EMF lines printed so far, when no `onEmf` was given. */
  readonly emfLines: readonly string[];
  /** Lines the Lambda logged as errors, when no `onLambdaError` was given. */
  readonly errorLines: readonly string[];
  /** Failed-events messages so far, when no `onFailedEvent` was given. */
  readonly failedEvents: readonly unknown[];
  /** Validates one event and, when valid (or of no family batchmon knows), routes it through the rules. */
  ingest(event: unknown): Promise<IngestResult>;
  /** Delivers every queued metric message to the Lambda (redeliveries and DLQ included). */
  flush(): Promise<void>;
  /**
   * Fires the scheduled workflows (MinuteLevels) for every boundary up to `time`, as an event at
   * that time would: e.g. to publish the last minute's levels at the end of a replay.
   */
  advanceTo(time: string | number): Promise<void>;
  /**
   * Sends a failed event back as `infra:redrive` does: a new execution of the state machine that
   * failed on it (StartExecution, not through the rules, so a scheduled event is redriven too),
   * with the failed execution's writer mark.
   */
  redrive(message: FailedEventMessage): Promise<void>;
  /** The summary so far. */
  summary(): RunSummary;
  close(): Promise<void>;
}

/**
 * The stack's template: from the cache when an entry has the key of the current sources (its
 * definitions then skip asl-validator), else synthesized in memory — aws-cdk-lib is loaded only
 * then. `store` writes the entry once the pipeline has validated the definitions.
 */
async function loadTemplate(options: LocalBatchmonOptions): Promise<{ readonly template: object; readonly store: () => void }> {
  const stack = options.stack ?? {};
  const synthesize = async (): Promise<object> => (await import('@batchmon/infra')).synthesizeTemplate(stack);
  if (options.cache === false) return { template: await synthesize(), store: () => undefined };
  const dir = options.cacheDir ?? DEFAULT_STACK_CACHE_DIR;
  const key = stackCacheKey(stack);
  const cached = readCachedStack(key, dir);
  if (cached) {
    acceptDefinitionDigests(cached.acceptedDefinitions);
    return { template: cached.template, store: () => undefined };
  }
  const template = await synthesize();
  return { template, store: () => writeCachedStack(key, { template, acceptedDefinitions: acceptedDefinitionDigests() }, dir) };
}

/**
 * Starts batchmon locally: synthesizes the CDK stack in memory (or reuses the template an earlier
 * run synthesized from the same sources), loads its state machines, rules,
 * table and queues into the emulator, and consumes the metrics queue with the real metrics Lambda
 * handler, capturing its EMF output. Event times are kept as they are, however old (a replay of a
 * capture); Wait states are instant unless `timeScale` says otherwise.
 *
 * @example
 * const batchmon = await startLocalBatchmon();
 * await batchmon.ingest(event);
 * await batchmon.flush();
 * console.log(batchmon.summary());
 * await batchmon.close();
 */
export async function startLocalBatchmon(options: LocalBatchmonOptions = {}): Promise<LocalBatchmon> {
  const summary = emptySummary();
  const emfLines: string[] = [];
  const errorLines: string[] = [];
  const failedEvents: unknown[] = [];
  const { template, store } = await loadTemplate(options);
  // The handler is created before the pipeline that owns the queue it acknowledges on.
  let metricsQueue = (): LocalQueue => {
    throw new Error('local batchmon: the metrics queue is not loaded yet');
  };
  const handler = createMetricsHandler({
    namespace: options.stack?.metricsNamespace,
    // The option itself, not the environment: a local run never reads METRICS_PROFILE.
    profile: options.stack?.metricsProfile ?? DEFAULT_METRICS_PROFILE,
    timestampWindow: 'any',
    write: (line) => {
      accountEmfLine(summary, line);
      if (options.onEmf) options.onEmf(line);
      else emfLines.push(line);
    },
    logError: (line) => (options.onLambdaError ? options.onLambdaError(line) : errorLines.push(line)),
    // As the deployed Lambda does: written messages leave the queue before the handler returns.
    acknowledge: async (messages) => {
      for (const message of messages) metricsQueue().delete(message.receiptHandle);
    },
  });
  const pipeline = await createLocalPipeline({
    template,
    handler,
    timeScale: options.timeScale ?? 0,
    recordHistory: options.recordHistory ?? false,
    // Nothing here reads the invocation log; a short one keeps long replays small.
    retainedRecords: 100,
    ...(options.faultRandom ? { faultRandom: options.faultRandom } : {}),
  });
  store();
  const failedEventsQueue = pipeline.queues.get(FAILED_EVENTS_QUEUE);
  const metricsQueueOfPipeline = pipeline.queues.get(METRICS_QUEUE);
  metricsQueue = () => metricsQueueOfPipeline;
  /** Takes what the workflows handed to the failed-events queue, as `infra:redrive` would. */
  const takeFailedEvents = (): void => {
    while (failedEventsQueue.depth > 0) {
      for (const message of failedEventsQueue.receive(10).received) {
        summary.failedEvents += 1;
        const body: unknown = JSON.parse(message.message.body);
        if (options.onFailedEvent) options.onFailedEvent(body);
        else failedEvents.push(body);
        failedEventsQueue.delete(message.receiptHandle);
      }
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
      const result = await pipeline.publish(event);
      accountPublished(summary, result);
      takeFailedEvents();
      return { kind: 'published', result };
    },
    async flush() {
      const drained = await pipeline.drain();
      summary.deadLetters += drained.messagesMovedToDlq;
    },
    async redrive(message) {
      const execution = await pipeline.startExecution(message.stateMachineArn, redriveInput(message) as JsonValue);
      summary.executions += 1;
      if (execution.status !== 'SUCCEEDED') summary.failedExecutions += 1;
      takeFailedEvents();
    },
    async advanceTo(time) {
      accountScheduled(summary, await pipeline.advanceTo(time));
      takeFailedEvents();
    },
    summary: () => structuredClone(summary),
    close: () => pipeline.close(),
  };
}
