import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { startLocalBatchmon } from '../local-batchmon';
import type { RunSummary } from '../local-batchmon';
import { readEvents } from '../cli/read-events';

/** Options of {@link replay}. */
export interface ReplayOptions {
  /** The capture: a JSON array, one JSON event, or JSON Lines. */
  readonly input: string;
  /** Directory that receives `emf.jsonl` and `summary.json`. */
  readonly outDir: string;
  /** CloudWatch namespace. @default 'AWSBatchMetrics' */
  readonly namespace?: string;
  /** Metric messages are delivered to the Lambda every this many events (and at the end). @default 250 */
  readonly flushEvery?: number;
  /** Called for every event that failed validation, with a one-line explanation. */
  readonly onInvalid?: (message: string) => void;
  /** Called after each event with the count so far and the bytes of the input read. */
  readonly onProgress?: (eventsDone: number, bytesRead: number) => void;
  /** Checked after each event: when it returns true the replay stops early, writing what it has. */
  readonly shouldStop?: () => boolean;
}

/** What a replay produced. */
export interface ReplayResult {
  readonly summary: RunSummary;
  /** The first failed executions (state machine, error, cause), at most 10. */
  readonly failures: readonly string[];
  /** Whether the replay stopped before the end of the input. */
  readonly interrupted: boolean;
}

const write = async (stream: WriteStream, text: string): Promise<void> => {
  if (!stream.write(text)) await once(stream, 'drain');
};

/**
 * Replays EventBridge events through batchmon running locally, in file order, streaming: events
 * are read one at a time and EMF lines written as the Lambda prints them, so memory stays bounded
 * whatever the capture's size. Writes `<outDir>/emf.jsonl` and `<outDir>/summary.json`.
 *
 * @throws UnreadableCaptureError when the input cannot be read as events (nothing is replayed past that point).
 */
export async function replay(options: ReplayOptions): Promise<ReplayResult> {
  mkdirSync(options.outDir, { recursive: true });
  const emf = createWriteStream(join(options.outDir, 'emf.jsonl'));
  const pending: string[] = [];
  const batchmon = await startLocalBatchmon({
    stack: options.namespace === undefined ? {} : { metricsNamespace: options.namespace },
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
  try {
    for await (const { index, line, event, offset } of readEvents(options.input)) {
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
    const summary = batchmon.summary();
    writeFileSync(join(options.outDir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
    await batchmon.close();
  }
  return { summary: batchmon.summary(), failures, interrupted };
}
