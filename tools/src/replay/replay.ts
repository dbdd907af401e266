import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { readEvents, UnreadableCaptureError, type ReadEvent } from '../cli/read-events';
import type { MetricsProfile } from '@batchmon/metrics';
import { startLocalBatchmon, type RunSummary } from '../local-batchmon';

/** Options of {@link replayEvents}. */
export interface ReplayEventsOptions {
  /** Directory that receives `emf.jsonl` and `summary.json`. */
  readonly outDir: string;
  /** CloudWatch namespace. @default 'AWSBatchMetrics' */
  readonly namespace?: string;
  /** The stack's metrics profile: which catalog dimension sets the Lambda publishes. @default 'essential' */
  readonly metricsProfile?: MetricsProfile;
  /** Metric messages are delivered to the Lambda every this many events (and at the end). @default 250 */
  readonly flushEvery?: number;
  /** Called for every event that failed validation, with a one-line explanation. */
  readonly onInvalid?: (message: string) => void;
  /** Called after each event with the count so far and the bytes of the input read. */
  readonly onProgress?: (eventsDone: number, bytesRead: number) => void;
  /** Checked after each event: when it returns true the run stops early, writing what it has. */
  readonly shouldStop?: () => boolean;
}

/** Options of {@link replay}. */
export interface ReplayOptions extends ReplayEventsOptions {
  /** The capture: a JSON array, one JSON event, or JSON Lines. */
  readonly input: string;
}

/** What a run produced. */
export interface ReplayResult {
  readonly summary: RunSummary & { readonly wallSeconds: number; readonly eventsPerSecond: number };
  /** The first failed executions (state machine, error, cause), at most 10. */
  readonly failures: readonly string[];
  /** Whether the run stopped before the end of its input. */
  readonly interrupted: boolean;
}

const write = async (stream: WriteStream, text: string): Promise<void> => {
  if (!stream.write(text)) await once(stream, 'drain');
};

/**
 * Runs events through batchmon running locally, in order, streaming: events are taken one at a
 * time and EMF lines written as the Lambda prints them, so memory stays bounded whatever the
 * number of events. Writes `<outDir>/emf.jsonl` and `<outDir>/summary.json` — also when stopped
 * early, so an interrupted run leaves valid JSON Lines and a summary of what was done.
 */
export async function replayEvents(events: AsyncIterable<ReadEvent> | Iterable<ReadEvent>, options: ReplayEventsOptions): Promise<ReplayResult> {
  mkdirSync(options.outDir, { recursive: true });
  const emf = createWriteStream(join(options.outDir, 'emf.jsonl'));
  const pending: string[] = [];
  const started = Date.now();
  const batchmon = await startLocalBatchmon({
    stack: { ...(options.namespace === undefined ? {} : { metricsNamespace: options.namespace }), metricsProfile: options.metricsProfile },
    onEmf: (line) => pending.push(`${line}\n`),
    onLambdaError: () => undefined,
  });
  const flushEvery = options.flushEvery ?? 250;
  const failures: string[] = [];
  let done = 0;
  let interrupted = false;
  const flush = async (): Promise<void> => {
    await batchmon.flush();
    const text = pending.join('');
    pending.length = 0;
    if (text.length > 0) await write(emf, text);
  };
  const timed = (): ReplayResult['summary'] => {
    const wallSeconds = (Date.now() - started) / 1000;
    const summary = batchmon.summary();
    return { ...summary, wallSeconds, eventsPerSecond: Math.round(summary.events / Math.max(wallSeconds, 0.001)) };
  };
  let summary: ReplayResult['summary'];
  try {
    for await (const { index, line, event, offset } of events) {
      const result = await batchmon.ingest(event);
      if (result.kind === 'invalid') {
        const where = line === undefined ? `event ${index}` : `event ${index} (line ${line})`;
        for (const issue of result.invalid.issues.slice(0, 3)) {
          options.onInvalid?.(`${where}: ${result.invalid.family}: ${issue.path}: ${issue.message}`);
        }
      } else {
        for (const execution of result.result.executions) {
          if (execution.status !== 'SUCCEEDED' && failures.length < 10) {
            failures.push(`event ${index}: ${execution.stateMachine} ${execution.status}: ${execution.error ?? ''}: ${execution.cause ?? ''}`);
          }
        }
      }
      done += 1;
      if (done % flushEvery === 0) await flush();
      options.onProgress?.(done, offset);
      if (options.shouldStop?.() === true) {
        interrupted = true;
        break;
      }
    }
  } finally {
    await flush();
    emf.end();
    await once(emf, 'close');
    summary = timed();
    writeFileSync(join(options.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    await batchmon.close();
  }
  return { summary, failures, interrupted };
}

/**
 * Replays EventBridge events from a file (JSON array, one event, or JSON Lines, streamed) through
 * batchmon running locally, in file order (see {@link replayEvents}).
 *
 * @throws UnreadableCaptureError when the input cannot be read as events (what was replayed before is written).
 */
export async function replay(options: ReplayOptions): Promise<ReplayResult> {
  // Fail before the emulators start: an unreadable file is the commonest mistake.
  try {
    await access(options.input, constants.R_OK);
  } catch (error) {
    throw new UnreadableCaptureError(`cannot read ${options.input}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return replayEvents(readEvents(options.input), options);
}
