import { accessSync, constants, createWriteStream, existsSync, mkdirSync, statSync, writeFileSync, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { checkCapture, messageOf } from './capture-text';
import { escapeControlCharacters, formatInputProblem, type InputReport } from './input-report';
import { CaptureReader, type ReadEvent } from './read-events';
import { redriveInput, type FailedEventMessage } from '@batchmon/correlation';
import type { MetricsProfile } from '@batchmon/metrics';
import { startLocalBatchmon } from '../local-batchmon';
import type { RunSummary } from '../run-summary';
import { UnusableOutputError } from '../errors';

/** The files a run writes into its output directory. */
const OUTPUT_FILES = ['emf.jsonl', 'summary.json', 'failed-events.jsonl'] as const;

/**
 * Makes sure `outDir` is a directory this process can write `emf.jsonl` and `summary.json` into,
 * creating it when missing — before any input is read, so a wrong `--out` costs nothing.
 *
 * @throws UnusableOutputError saying what is wrong with the path.
 */
export function prepareOutDir(outDir: string): void {
  if (outDir.trim() === '') throw new UnusableOutputError('--out: expected a directory, found an empty path');
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new UnusableOutputError(`--out ${outDir}: expected a directory, found a file`);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new UnusableOutputError(`--out ${outDir}: cannot create the directory: ${messageOf(error)}`, { cause: error });
  }
  try {
    accessSync(outDir, constants.W_OK);
  } catch (error) {
    throw new UnusableOutputError(`--out ${outDir}: cannot write there: ${messageOf(error)}`, { cause: error });
  }
  for (const name of OUTPUT_FILES) {
    const path = join(outDir, name);
    if (!existsSync(path)) continue;
    if (!statSync(path).isFile()) throw new UnusableOutputError(`--out ${outDir}: expected ${name} to be a file it can replace, found a directory or device`);
    try {
      accessSync(path, constants.W_OK);
    } catch (error) {
      throw new UnusableOutputError(`--out ${outDir}: cannot replace ${name}: ${messageOf(error)}`, { cause: error });
    }
  }
}

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
  /** Called for every event that failed validation, with a one-line explanation (`file:line: invalid …`). */
  readonly onInvalid?: (message: string) => void;
  /** Called after each event with the count so far and the bytes of the input read. */
  readonly onProgress?: (eventsDone: number, bytesRead: number) => void;
  /** Checked before each event (and by the reader after each chunk): when it returns true the run stops early, writing what it has. */
  readonly shouldStop?: () => boolean;
  /** The file the events come from, to say where an invalid event is. */
  readonly file?: string;
  /** Reuse the template an earlier run synthesized from the same sources (`--no-cache`: false). @default true */
  readonly cache?: boolean;
  /** How the input was read, when it is a file: added to the summary at the end. */
  readonly inputReport?: () => InputReport;
}

/** Options of {@link replay}. */
export interface ReplayOptions extends Omit<ReplayEventsOptions, 'file' | 'inputReport'> {
  /** The capture: a JSON array, one JSON event, or JSON Lines; gzip or not; UTF-8 or UTF-16 with a byte-order mark. */
  readonly input: string;
  /** Called for every part of the capture skipped as not being an event, with a one-line explanation (`file:line: kind: …`). */
  readonly onInputProblem?: (message: string) => void;
}

/** What `summary.json` holds: the pipeline's summary, how the input was read, and timing. */
export type ReplaySummary = RunSummary & {
  /** Whether every event of the input was read: false when interrupted or when reading failed partway. */
  readonly readToEnd: boolean;
  /** How the capture file was read and what in it was skipped (absent for simulated input). */
  readonly input?: InputReport;
  readonly wallSeconds: number;
  readonly eventsPerSecond: number;
};

/** What a run produced. */
export interface ReplayResult {
  readonly summary: ReplaySummary;
  /** The first failed executions (state machine, error, cause), at most 10. */
  readonly failures: readonly string[];
  /** Whether the run stopped early because `shouldStop` said so. */
  readonly interrupted: boolean;
}

const write = async (stream: WriteStream, text: string): Promise<void> => {
  if (!stream.write(text)) await once(stream, 'drain');
};

/**
 * Runs events through batchmon running locally, in order, streaming: events are taken one at a
 * time and EMF lines written as the Lambda prints them, so memory stays bounded whatever the
 * number of events. Writes `<outDir>/emf.jsonl`, `<outDir>/summary.json` and
 * `<outDir>/failed-events.jsonl` (events a workflow failed on, ready to replay) — also when stopped
 * early, so an interrupted run leaves valid JSON Lines and a summary of what was done.
 */
export async function replayEvents(events: AsyncIterable<ReadEvent> | Iterable<ReadEvent>, options: ReplayEventsOptions): Promise<ReplayResult> {
  prepareOutDir(options.outDir);
  const emf = createWriteStream(join(options.outDir, 'emf.jsonl'));
  const pending: string[] = [];
  // Events a workflow handed to the failed-events queue, as `infra:redrive --out` writes them: a
  // replay of this file sends them back, counted once.
  const failedEvents = createWriteStream(join(options.outDir, 'failed-events.jsonl'));
  const pendingFailures: string[] = [];
  const started = Date.now();
  const batchmon = await startLocalBatchmon({
    stack: { ...(options.namespace === undefined ? {} : { metricsNamespace: options.namespace }), metricsProfile: options.metricsProfile },
    onEmf: (line) => pending.push(`${line}\n`),
    onLambdaError: () => undefined,
    onFailedEvent: (message) => pendingFailures.push(`${JSON.stringify(redriveInput(message as FailedEventMessage))}\n`),
    ...(options.cache === undefined ? {} : { cache: options.cache }),
  });
  const flushEvery = options.flushEvery ?? 250;
  const failures: string[] = [];
  let done = 0;
  let interrupted = false;
  let stoppedEarly = false;
  const flush = async (): Promise<void> => {
    await batchmon.flush();
    const text = pending.join('');
    pending.length = 0;
    if (text.length > 0) await write(emf, text);
    const failed = pendingFailures.join('');
    pendingFailures.length = 0;
    if (failed.length > 0) await write(failedEvents, failed);
  };
  const stopRequested = (): boolean => options.shouldStop?.() === true;
  let summary: ReplaySummary;
  try {
    // Checked before the first event too: an interrupt during the emulators' start-up stops here.
    stoppedEarly = stopRequested();
    if (!stoppedEarly) {
      for await (const { index, line, event, offset } of events) {
        if (stopRequested()) {
          stoppedEarly = true;
          break;
        }
        const result = await batchmon.ingest(event);
        if (result.kind === 'invalid') {
          const where = options.file !== undefined && line !== undefined ? `${options.file}:${line}` : `event ${index}`;
          const [first, ...others] = result.invalid.issues;
          const more = others.length === 0 ? '' : ` (and ${others.length} more)`;
          options.onInvalid?.(escapeControlCharacters(`${where}: invalid ${result.invalid.family}: ${first?.path ?? ''}: ${first?.message ?? ''}${more}`));
        } else {
          for (const execution of [...result.result.scheduled.flatMap((run) => run.executions), ...result.result.executions]) {
            if (execution.status !== 'SUCCEEDED' && failures.length < 10) {
              failures.push(`event ${index}: ${execution.stateMachine} ${execution.status}: ${execution.error ?? ''}: ${execution.cause ?? ''}`);
            }
          }
        }
        done += 1;
        if (done % flushEvery === 0) await flush();
        options.onProgress?.(done, offset);
      }
    }
    // The reader also stops on request, ending the loop without a break.
    interrupted = stoppedEarly || stopRequested();
  } finally {
    await flush();
    emf.end();
    failedEvents.end();
    await Promise.all([once(emf, 'close'), once(failedEvents, 'close')]);
    const wallSeconds = (Date.now() - started) / 1000;
    const pipeline = batchmon.summary();
    const input = options.inputReport?.();
    summary = {
      ...pipeline,
      readToEnd: input === undefined ? !interrupted : input.readToEnd && !stoppedEarly,
      ...(input === undefined ? {} : { input }),
      wallSeconds,
      eventsPerSecond: Math.round(pipeline.events / Math.max(wallSeconds, 0.001)),
    };
    writeFileSync(join(options.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    await batchmon.close();
  }
  return { summary, failures, interrupted };
}

/**
 * Replays EventBridge events from a capture file through batchmon running locally, in file order
 * (see {@link replayEvents}). The file is read by {@link CaptureReader}: whatever in it is not an
 * event is skipped, reported through `onInputProblem` and counted in `summary.input`.
 *
 * @throws UnusableOutputError when `outDir` cannot be written, before anything is read.
 * @throws UnreadableCaptureError when the input cannot be opened at all, before the emulators start.
 */
export async function replay(options: ReplayOptions): Promise<ReplayResult> {
  prepareOutDir(options.outDir);
  // Fail before the emulators start: a wrong path is the commonest mistake.
  await checkCapture(options.input);
  const reader = new CaptureReader(options.input, {
    shouldStop: options.shouldStop,
    onProblem: (problem) => options.onInputProblem?.(formatInputProblem(options.input, problem)),
  });
  return replayEvents(reader.events(), { ...options, file: options.input, inputReport: () => reader.report });
}
