import { captureText, checkCapture } from './capture-text';
import { emptyInputReport, recordInputProblem, type InputProblem, type InputReport } from './input-report';
import { JsonValueScanner, type ScannedValue } from './json-values';

export { UnreadableCaptureError } from '../errors';

/** An event read from a capture, with where it came from (for error messages). */
export interface ReadEvent {
  /** 1-based position of the event among the events read. */
  readonly index: number;
  /** Line of the file it starts on, when known. */
  readonly line?: number;
  readonly event: unknown;
  /** Bytes of the file read up to the end of this event (for progress). */
  readonly offset: number;
}

/**
 * The largest event EventBridge accepts: a PutEvents entry must be under 256 KB, counted as
 * 14 bytes for `time` plus the UTF-8 bytes of `source`, `detail-type`, `detail` and each resource.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-putevent-size.html
 */
export const MAX_EVENT_BYTES = 256 * 1024;

/**
 * The deepest nesting kept. PutEvents only processes JSON nested up to 1,000 levels
 * (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html); the envelope
 * adds one. Deeper values are skipped before `JSON.parse`, so nothing recursive can overflow the stack.
 */
export const MAX_EVENT_DEPTH = 1001;

/**
 * Longest event text kept before parsing: a pretty-printed event under {@link MAX_EVENT_BYTES}
 * may carry much indentation, but anything longer cannot be a valid event and is skipped unread.
 */
export const MAX_EVENT_TEXT = 4 * 1024 * 1024;

/** Options of {@link CaptureReader}. */
export interface CaptureReaderOptions {
  /** Called for every part of the capture skipped as not being an event. */
  readonly onProblem?: (problem: InputProblem) => void;
  /** Checked after each chunk of the file: when it returns true the reading stops (`readToEnd` stays false). */
  readonly shouldStop?: () => boolean;
}

function describeFound(value: unknown): string {
  if (value === undefined) return 'undefined (field missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const nonEmptyString = (value: unknown): boolean => typeof value === 'string' && value !== '';

/**
 * The envelope fields every EventBridge event carries and batchmon depends on: classification
 * (`source`, `detail-type`), the payload (`detail`), the metric timestamp (`time`) and idempotency
 * (`id`). https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
 */
const ENVELOPE: readonly { readonly path: string; readonly expected: string; readonly valid: (value: unknown) => boolean }[] = [
  { path: 'source', expected: 'a non-empty string', valid: nonEmptyString },
  { path: 'detail-type', expected: 'a non-empty string', valid: nonEmptyString },
  { path: 'detail', expected: 'an object', valid: isObject },
  { path: 'time', expected: 'a timestamp string', valid: nonEmptyString },
  { path: 'id', expected: 'a non-empty string', valid: nonEmptyString },
  {
    path: 'resources',
    expected: 'an array of strings',
    valid: (value) => value === undefined || (Array.isArray(value) && value.every((resource) => typeof resource === 'string')),
  },
];

/** The size EventBridge counts for an event against {@link MAX_EVENT_BYTES}. */
export function eventEntryBytes(event: Record<string, unknown>): number {
  const bytes = (value: unknown): number => (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  const resources = Array.isArray(event['resources']) ? event['resources'] : [];
  return (
    (event['time'] === undefined ? 0 : 14) +
    bytes(event['source']) +
    bytes(event['detail-type']) +
    Buffer.byteLength(JSON.stringify(event['detail']) ?? '') +
    resources.reduce((sum: number, resource: unknown) => sum + bytes(resource), 0)
  );
}

/**
 * Reads EventBridge events from a capture, in file order, and accounts for everything else in it.
 *
 * Formats: a JSON array of events, one event (pretty-printed or not), or JSON Lines; gzip-compressed
 * or not (by magic bytes); UTF-8, or UTF-16 LE/BE with a byte-order mark. Everything is streamed
 * with bounded memory, whatever the size of the file or of one line. Whatever is not an event —
 * malformed JSON, values that are not objects, events missing an envelope field, nested deeper or
 * larger than EventBridge allows, invalid UTF-8 — is skipped, reported through `onProblem` with its
 * line and counted in {@link CaptureReader.report}; reading goes on after it. A read that fails
 * partway (I/O error, corrupt gzip) ends the events with a `read-error` problem and `readToEnd` false.
 *
 * @example
 * const reader = new CaptureReader('capture.jsonl.gz', { onProblem: (p) => console.error(p.message) });
 * for await (const { event } of reader.events()) route(event);
 * console.log(reader.report); // { readToEnd: true, problems: 0, … }
 */
export class CaptureReader {
  private readonly input: InputReport;
  private index = 0;

  constructor(
    readonly path: string,
    private readonly options: CaptureReaderOptions = {},
  ) {
    this.input = emptyInputReport(path);
  }

  /** How the capture was read so far (a copy). */
  get report(): InputReport {
    return structuredClone(this.input);
  }

  /**
   * The events of the capture.
   * @throws UnreadableCaptureError when the file cannot be opened at all (missing, a directory…).
   */
  async *events(): AsyncGenerator<ReadEvent> {
    await checkCapture(this.path);
    const scanner = new JsonValueScanner({ maxDepth: MAX_EVENT_DEPTH, maxChars: MAX_EVENT_TEXT });
    try {
      for await (const chunk of captureText(this.path, (encoding) => Object.assign(this.input, encoding))) {
        this.input.bytesRead = chunk.bytesRead;
        for (const item of scanner.push(chunk)) {
          if (item.kind === 'problem') this.problem({ kind: item.problem, line: item.line, message: item.message });
          else {
            const event = this.toEvent(item);
            if (event !== undefined) yield { index: ++this.index, line: item.line, event, offset: chunk.bytesRead };
          }
        }
        if (this.options.shouldStop?.() === true) return;
      }
    } catch (error) {
      this.problem({ kind: 'read-error', message: `reading stopped after ${this.input.bytesRead} bytes: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    for (const item of scanner.end()) if (item.kind === 'problem') this.problem({ kind: item.problem, line: item.line, message: item.message });
    this.input.readToEnd = true;
  }

  private problem(problem: InputProblem): void {
    recordInputProblem(this.input, problem);
    this.options.onProblem?.(problem);
  }

  /** The event a scanned value holds, or undefined when it is not one (the problem is recorded). */
  private toEvent(value: ScannedValue): Record<string, unknown> | undefined {
    const { line } = value;
    if (value.tooDeep) {
      this.problem({ kind: 'too-deep', line, message: `nested deeper than ${MAX_EVENT_DEPTH - 1} levels under the envelope, EventBridge's limit` });
      return undefined;
    }
    if (value.tooLarge) {
      this.problem({ kind: 'too-large', line, message: `more than ${MAX_EVENT_TEXT} characters of JSON, far over EventBridge's ${MAX_EVENT_BYTES}-byte event limit` });
      return undefined;
    }
    if (value.invalidUtf8) {
      this.problem({ kind: 'invalid-utf8', line, message: 'a string holds bytes that are not valid UTF-8' });
      return undefined;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(value.text);
    } catch (error) {
      // The scanner checked the structure; what is left is escapes and number syntax.
      this.problem({ kind: 'malformed-json', line, message: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
    if (!isObject(parsed)) {
      this.problem({ kind: 'not-an-object', line, message: `expected an EventBridge event object, found ${describeFound(parsed)}` });
      return undefined;
    }
    for (const field of ENVELOPE) {
      const found = parsed[field.path];
      if (field.valid(found)) continue;
      this.problem({ kind: found === undefined ? 'missing-field' : 'wrong-type', line, path: field.path, message: `expected ${field.expected}, found ${describeFound(found)}` });
      return undefined;
    }
    // Only events whose text could be over the limit are measured (UTF-16 code units ≤ UTF-8 bytes ≤ 3×).
    if (value.text.length * 3 > MAX_EVENT_BYTES) {
      const size = eventEntryBytes(parsed);
      if (size > MAX_EVENT_BYTES) {
        this.problem({ kind: 'too-large', line, message: `an EventBridge entry of ${size} bytes, over the ${MAX_EVENT_BYTES}-byte event limit` });
        return undefined;
      }
    }
    return parsed;
  }
}

/**
 * The events of a capture (see {@link CaptureReader}), for callers that need no report.
 *
 * @throws UnreadableCaptureError when the file cannot be opened at all.
 * @example
 * for await (const { event, line } of readEvents('capture.jsonl')) route(event);
 */
export function readEvents(path: string, options: CaptureReaderOptions = {}): AsyncGenerator<ReadEvent> {
  return new CaptureReader(path, options).events();
}
