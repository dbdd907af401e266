import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** An event read from a capture, with where it came from (for error messages). */
export interface ReadEvent {
  /** 1-based position of the event in the file. */
  readonly index: number;
  /** Line of the file it starts on (JSON Lines), when known. */
  readonly line?: number;
  readonly event: unknown;
  /** Bytes of the file read up to the end of this event (for progress). */
  readonly offset: number;
}

/** A capture file that cannot be read as EventBridge events. */
export class UnreadableCaptureError extends Error {
  override readonly name = 'UnreadableCaptureError';
}

async function firstLine(path: string): Promise<string> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8').split('\n', 1)[0] ?? '';
  } finally {
    await handle.close();
  }
}

const parses = (text: string): boolean => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/**
 * Reads EventBridge events from a file, in file order: a JSON array of events, one JSON event
 * (pretty-printed or not), or JSON Lines (one event per line, blank lines ignored). JSON Lines are
 * streamed, so a capture of millions of events is read with bounded memory; an array or a single
 * event is parsed whole.
 *
 * @throws UnreadableCaptureError naming the file and the line or reason.
 * @example
 * for await (const { event } of readEvents('capture.jsonl')) route(event);
 */
export async function* readEvents(path: string): AsyncGenerator<ReadEvent> {
  let head: string;
  try {
    head = (await firstLine(path)).trim();
  } catch (error) {
    throw new UnreadableCaptureError(`cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const jsonLines = head.startsWith('{') && parses(head);
  if (!jsonLines) {
    const { readFile } = await import('node:fs/promises');
    const text = await readFile(path, 'utf8');
    if (text.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new UnreadableCaptureError(
        `${path} is neither a JSON array, a JSON event nor JSON Lines: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    const events = Array.isArray(parsed) ? parsed : [parsed];
    const size = Buffer.byteLength(text);
    let index = 0;
    for (const event of events) {
      index += 1;
      yield { index, event, offset: Math.round((size * index) / events.length) };
    }
    return;
  }
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNumber = 0;
  let index = 0;
  let offset = 0;
  for await (const text of lines) {
    lineNumber += 1;
    offset += Buffer.byteLength(text) + 1;
    if (text.trim() === '') continue;
    let event: unknown;
    try {
      event = JSON.parse(text);
    } catch (error) {
      throw new UnreadableCaptureError(
        `${path}:${lineNumber} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    yield { index: ++index, line: lineNumber, event, offset };
  }
}
