/** Kinds of input problems: parts of a capture that are not EventBridge events and were skipped. */
export const INPUT_PROBLEM_KINDS = [
  /** Text that is not JSON (a line of JSON Lines, or where a JSON document breaks). */
  'malformed-json',
  /** The file ends inside an event or before the `]` of its array. */
  'truncated',
  /** A JSON value that is not an object: number, string, null, array. */
  'not-an-object',
  /** An envelope field EventBridge always sends is missing (`source`, `detail-type`, `detail`, `time`, `id`). */
  'missing-field',
  /** An envelope field of the wrong type. */
  'wrong-type',
  /** Nested deeper than EventBridge processes. */
  'too-deep',
  /** Larger than an EventBridge event may be. */
  'too-large',
  /** Bytes that are not valid UTF-8 inside an event. */
  'invalid-utf8',
  /** The file could not be read to its end (I/O error, corrupt or truncated gzip). */
  'read-error',
] as const;

/** A kind of input problem. */
export type InputProblemKind = (typeof INPUT_PROBLEM_KINDS)[number];

/** One part of a capture that was skipped, and where. */
export interface InputProblem {
  readonly kind: InputProblemKind;
  /** Line of the file where the skipped value starts, when known. */
  readonly line?: number;
  /** Dotted field path inside the event, for envelope problems. */
  readonly path?: string;
  /** What was expected and what was found. */
  readonly message: string;
}

/** How a capture was read, as `summary.json` holds it under `input`. */
export interface InputReport {
  readonly file: string;
  /** `gzip` when the file was gzip-compressed (by its magic bytes). */
  compression: 'gzip' | 'none';
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  /** Whether every byte of the capture was read: false when interrupted or when reading failed partway. */
  readToEnd: boolean;
  /** Bytes of the file read (compressed bytes for gzip). */
  bytesRead: number;
  /** Parts of the capture skipped as not being events. */
  problems: number;
  problemsByKind: Partial<Record<InputProblemKind, number>>;
  /** The first problems, one line each (`file:line: kind: path: message`). */
  firstProblems: string[];
}

/** How many problems `summary.json` lists one by one; all are counted. */
export const FIRST_PROBLEMS_KEPT = 10;

/** An empty report of a capture not read yet. */
export function emptyInputReport(file: string): InputReport {
  return { file, compression: 'none', encoding: 'utf-8', readToEnd: false, bytesRead: 0, problems: 0, problemsByKind: {}, firstProblems: [] };
}

/** Characters a terminal or a log would interpret (control characters) are shown escaped. */
export function escapeControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * One line for a problem: `capture.jsonl:12: missing-field: detail-type: expected a non-empty string, found undefined`.
 * Control characters are escaped so that hostile input cannot rewrite the terminal.
 *
 * @example
 * formatInputProblem('capture.jsonl', { kind: 'not-an-object', line: 3, message: 'expected an event object, found number 42' });
 * // 'capture.jsonl:3: not-an-object: expected an event object, found number 42'
 */
export function formatInputProblem(file: string, problem: InputProblem): string {
  const where = problem.line === undefined ? file : `${file}:${problem.line}`;
  const path = problem.path === undefined ? '' : `${problem.path}: `;
  return escapeControlCharacters(`${where}: ${problem.kind}: ${path}${problem.message}`);
}

/** Counts a problem in a report, keeping its line among the first ones. */
export function recordInputProblem(report: InputReport, problem: InputProblem): void {
  report.problems += 1;
  report.problemsByKind[problem.kind] = (report.problemsByKind[problem.kind] ?? 0) + 1;
  if (report.firstProblems.length < FIRST_PROBLEMS_KEPT) report.firstProblems.push(formatInputProblem(report.file, problem));
}
