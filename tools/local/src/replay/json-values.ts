import type { TextChunk } from './capture-text';

/** One top-level JSON value of a capture (an element of the outer array, or a value of JSON Lines). */
export interface ScannedValue {
  readonly kind: 'value';
  /** Its text, ready for `JSON.parse`; empty when `tooDeep` or `tooLarge` (it is not kept). */
  readonly text: string;
  /** Line and column where it starts (1-based). */
  readonly line: number;
  readonly column: number;
  /** Nested deeper than `maxDepth`: not kept, so nothing recursive ever sees it. */
  readonly tooDeep: boolean;
  /** Longer than `maxChars`: not kept, so one huge value cannot exhaust memory. */
  readonly tooLarge: boolean;
  /** A string inside it held bytes that were not valid UTF-8. */
  readonly invalidUtf8: boolean;
}

/** Where the text stops being JSON, and how the scanner went on. */
export interface ScanProblem {
  readonly kind: 'problem';
  readonly problem: 'malformed-json' | 'truncated';
  /** Line where the broken value starts (or of the stray character). */
  readonly line: number;
  /** What was expected and found, with the exact line:column. */
  readonly message: string;
}

/** What {@link JsonValueScanner} produces, in file order. */
export type ScanItem = ScannedValue | ScanProblem;

/** Limits of {@link JsonValueScanner}. */
export interface ScanLimits {
  /** Deepest nesting kept. */
  readonly maxDepth: number;
  /** Longest value text kept, in UTF-16 code units. */
  readonly maxChars: number;
}

const enum Expect {
  /** After `{`: a key or `}`. */
  KeyOrClose,
  /** After `,` in an object. */
  Key,
  Colon,
  /** After `:` or `,` in an array. */
  Value,
  /** After `[`: a value or `]`. */
  ValueOrClose,
  /** After a value inside a container: `,` or its closing bracket. */
  CommaOrClose,
}

/** Where the scanner stands between top-level values. */
const enum Top {
  /** Nothing seen yet: a `[` here opens an array of events. */
  Start,
  /** Inside the outer array, before an element or `]`. */
  ElementOrEnd,
  /** Inside the outer array, after a `,`. */
  Element,
  /** Inside the outer array, after an element. */
  CommaOrEnd,
  /** JSON Lines, concatenated JSON, or after the outer array. */
  Values,
}

const OBJECT = 0;
const ARRAY = 1;
const NEWLINE = 0x0a;
const LITERAL = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)$/;
const MAX_TOKEN = 4096;

const isWhitespace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xfeff;
// Characters of numbers and of true/false/null, plus letters so that a bare word is read whole and
// reported as one problem rather than letter by letter.
const isTokenChar = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x2b || c === 0x2e || c === 0x5f;

function describeChar(c: number): string {
  if (c === NEWLINE) return 'the end of the line';
  if (c < 0x20 || c === 0x7f || c === 0xfffd) return `character U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  return JSON.stringify(String.fromCharCode(c));
}

/**
 * Splits decoded capture text into top-level JSON values, streaming, with bounded memory: the
 * elements of an array when the text starts with `[`, otherwise every value in turn (JSON Lines,
 * one pretty-printed event, concatenated events). It checks the JSON grammar as it goes, so a
 * broken value is found where it breaks — not at the end of the file — and it then goes on at the
 * next line (JSON Lines, or an array of one event per line) or, in pretty-printed JSON, at the next
 * line that opens with `{`, so one bad line never costs the rest of the file. Values nested deeper than `maxDepth` or longer
 * than `maxChars` are reported without their text, so nothing recursive or unbounded ever sees them.
 * The text of a kept value is still checked by `JSON.parse` (escapes, numbers).
 *
 * @example
 * const scanner = new JsonValueScanner({ maxDepth: 64, maxChars: 1 << 20 });
 * for await (const chunk of captureText(path)) for (const item of scanner.push(chunk)) handle(item);
 * for (const item of scanner.end()) handle(item);
 */
export class JsonValueScanner {
  private top = Top.Start;
  /** After a problem inside an outer array, stray `,` and `]` between values are tolerated. */
  private lenient = false;
  private readonly stack: number[] = [];
  private depth = 0;
  private expect = Expect.Value;
  private inString = false;
  private stringIsKey = false;
  private escape = false;
  private token = '';
  private inToken = false;
  /** 'none', skipping the rest of a line after a problem, or looking for where to go on. */
  private resync: 'none' | 'rest-of-line' | 'line-start' = 'none';
  /**
   * Where to go on after a problem: at the next line whatever it holds (JSON Lines: every line is a
   * value, each reported on its own), or only at a line opening with `{` (pretty-printed JSON, whose
   * other lines are fragments that would each be reported).
   */
  private resumeAnyLine = true;
  private valuesOnOneLine = 0;
  private valuesOnSeveralLines = 0;
  private line = 1;
  private lineStart = 0;
  private lineHasContent = false;
  private consumed = 0;
  private arrayLine = 0;
  private arrayColumn = 0;
  // The value being read: where it starts, its text so far, and what is wrong with it.
  private inValue = false;
  private valueStart = 0;
  private valueLine = 0;
  private valueColumn = 0;
  private parts: string[] = [];
  private partsLength = 0;
  private tooDeep = false;
  private tooLarge = false;
  private invalidUtf8 = false;

  constructor(private readonly limits: ScanLimits) {}

  /** Scans one chunk; returns the values completed and the problems found in it. */
  push(chunk: Pick<TextChunk, 'text' | 'invalidUtf8'>): ScanItem[] {
    const out: ScanItem[] = [];
    const { text } = chunk;
    for (let i = 0; i < text.length; i += 1) {
      const c = text.charCodeAt(i);
      const first = !this.lineHasContent && !isWhitespace(c);
      if (!isWhitespace(c)) this.lineHasContent = true;
      if (this.resync !== 'none') {
        if (c === NEWLINE) {
          this.newline(i);
          continue;
        }
        if (this.resync === 'rest-of-line' || !first) continue;
        if (c === 0x7b || this.resumeAnyLine) this.resync = 'none';
        else {
          this.resync = 'rest-of-line';
          continue;
        }
      }
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (c === 0x5c) this.escape = true;
        else if (c === 0x22) {
          this.inString = false;
          if (this.stringIsKey) this.expect = Expect.Colon;
          else this.valueDone(i + 1, text, out);
        } else if (c < 0x20) this.fail(out, i, c, first, `expected '"' closing the string`);
        else if (c === 0xfffd && chunk.invalidUtf8) this.invalidUtf8 = true;
        continue;
      }
      if (this.inToken) {
        if (isTokenChar(c)) {
          if (this.token.length < MAX_TOKEN) this.token += String.fromCharCode(c);
          continue;
        }
        if (!this.endToken(i, text, out)) {
          if (c === NEWLINE) this.newline(i);
          continue;
        }
      }
      if (isWhitespace(c)) {
        if (c === NEWLINE) this.newline(i);
        continue;
      }
      if (this.depth === 0) this.atTop(out, i, c, first);
      else this.inContainer(out, i, c, first, text);
    }
    this.consumed += text.length;
    if (this.inValue) this.keep(text, text.length);
    this.valueStart = 0;
    return out;
  }

  /** Ends the scan: a value or an outer array left open means the file was cut short. */
  end(): ScanItem[] {
    const out: ScanItem[] = [];
    if (this.inToken) this.endToken(0, '', out);
    if (this.inValue) {
      out.push({
        kind: 'problem',
        problem: 'truncated',
        line: this.valueLine,
        message: `the file ends inside the value that starts at ${this.valueLine}:${this.valueColumn}`,
      });
    } else if (this.top === Top.ElementOrEnd || this.top === Top.Element || this.top === Top.CommaOrEnd) {
      out.push({
        kind: 'problem',
        problem: 'truncated',
        line: this.arrayLine,
        message: `the file ends before the ']' closing the array that opens at ${this.arrayLine}:${this.arrayColumn}`,
      });
    }
    return out;
  }

  private newline(i: number): void {
    this.line += 1;
    this.lineStart = this.consumed + i + 1;
    this.lineHasContent = false;
    if (this.resync === 'rest-of-line') this.resync = 'line-start';
  }

  private column(i: number): number {
    return this.consumed + i - this.lineStart + 1;
  }

  private atTop(out: ScanItem[], i: number, c: number, first: boolean): void {
    switch (this.top) {
      case Top.Start:
        if (c === 0x5b) {
          this.top = Top.ElementOrEnd;
          this.arrayLine = this.line;
          this.arrayColumn = this.column(i);
          return;
        }
        this.top = Top.Values;
        this.startValue(out, i, c, first, 'a JSON value');
        return;
      case Top.ElementOrEnd:
        if (c === 0x5d) this.top = Top.Values;
        else this.startValue(out, i, c, first, "an event or ']'");
        return;
      case Top.Element:
        this.startValue(out, i, c, first, 'an event after \',\'');
        return;
      case Top.CommaOrEnd:
        if (c === 0x2c) this.top = Top.Element;
        else if (c === 0x5d) this.top = Top.Values;
        else this.fail(out, i, c, first, "expected ',' or ']' after an event of the array");
        return;
      case Top.Values:
        if (this.lenient && (c === 0x2c || c === 0x5d)) return;
        this.startValue(out, i, c, first, 'a JSON value');
        return;
    }
  }

  private startValue(out: ScanItem[], i: number, c: number, first: boolean, expected: string): void {
    if (c === 0x7b || c === 0x5b || c === 0x22 || isTokenChar(c)) this.beginValue(i);
    this.value(out, i, c, first, expected);
  }

  /** A value starts at `c` (inside a container, or at the top after `beginValue`). */
  private value(out: ScanItem[], i: number, c: number, first: boolean, expected: string): void {
    if (c === 0x7b) this.open(OBJECT);
    else if (c === 0x5b) this.open(ARRAY);
    else if (c === 0x22) {
      this.inString = true;
      this.stringIsKey = false;
    } else if (isTokenChar(c)) {
      this.inToken = true;
      this.token = String.fromCharCode(c);
    } else this.fail(out, i, c, first, `expected ${expected}`);
  }

  private inContainer(out: ScanItem[], i: number, c: number, first: boolean, text: string): void {
    if (this.depth > this.limits.maxDepth) {
      // Too deep to keep: only brackets and strings are followed, to find where the value ends.
      if (c === 0x7b) this.open(OBJECT);
      else if (c === 0x5b) this.open(ARRAY);
      else if (c === 0x7d || c === 0x5d) this.close(out, i, c, first, text);
      else if (c === 0x22) {
        this.inString = true;
        this.stringIsKey = false;
      }
      return;
    }
    switch (this.expect) {
      case Expect.KeyOrClose:
      case Expect.Key:
        if (c === 0x22) {
          this.inString = true;
          this.stringIsKey = true;
        } else if (c === 0x7d && this.expect === Expect.KeyOrClose) this.close(out, i, c, first, text);
        else this.fail(out, i, c, first, this.expect === Expect.Key ? 'expected a key after \',\'' : "expected a key or '}'");
        return;
      case Expect.Colon:
        if (c === 0x3a) this.expect = Expect.Value;
        else this.fail(out, i, c, first, "expected ':' after the key");
        return;
      case Expect.ValueOrClose:
        if (c === 0x5d) this.close(out, i, c, first, text);
        else this.value(out, i, c, first, "a value or ']'");
        return;
      case Expect.Value:
        this.value(out, i, c, first, 'a value');
        return;
      case Expect.CommaOrClose:
        if (c === 0x2c) this.expect = this.containerType() === OBJECT ? Expect.Key : Expect.Value;
        else if (c === 0x7d || c === 0x5d) this.close(out, i, c, first, text);
        else this.fail(out, i, c, first, `expected ',' or '${this.containerType() === OBJECT ? '}' : ']'}'`);
        return;
    }
  }

  private containerType(): number {
    return this.depth > this.limits.maxDepth ? -1 : (this.stack[this.stack.length - 1] ?? -1);
  }

  private open(type: number): void {
    this.depth += 1;
    if (this.depth > this.limits.maxDepth) this.tooDeep = true;
    else this.stack.push(type);
    this.expect = type === OBJECT ? Expect.KeyOrClose : Expect.ValueOrClose;
  }

  private close(out: ScanItem[], i: number, c: number, first: boolean, text: string): void {
    const type = c === 0x7d ? OBJECT : ARRAY;
    if (this.depth <= this.limits.maxDepth) {
      const expected = this.stack.pop();
      if (expected !== type) {
        this.fail(out, i, c, first, `expected '${expected === OBJECT ? '}' : ']'}'`);
        return;
      }
    }
    this.depth -= 1;
    // Deeper than the limit, the kinds of the brackets are not kept: the nearest one kept decides.
    if (this.depth === 0) this.valueDone(i + 1, text, out);
    else this.expect = Expect.CommaOrClose;
  }

  /** Ends a bare token; false when it is not a number, true, false or null (a problem was reported). */
  private endToken(i: number, text: string, out: ScanItem[]): boolean {
    this.inToken = false;
    if (!LITERAL.test(this.token)) {
      const shown = this.token.length > 40 ? `${this.token.slice(0, 40)}…` : this.token;
      this.problem(out, `${this.line}:${this.column(i) - this.token.length}: expected a JSON value, found ${JSON.stringify(shown)}${this.inValueWhere()}`);
      this.chooseResume();
      this.reset();
      this.resync = 'rest-of-line';
      return false;
    }
    this.valueDone(i, text, out);
    return true;
  }

  /** A value (or a string or token inside one) ended at `end` (exclusive). */
  private valueDone(end: number, text: string, out: ScanItem[]): void {
    if (this.depth > 0) {
      this.expect = Expect.CommaOrClose;
      return;
    }
    this.keep(text, end);
    if (this.line === this.valueLine) this.valuesOnOneLine += 1;
    else this.valuesOnSeveralLines += 1;
    out.push({
      kind: 'value',
      text: this.tooDeep || this.tooLarge ? '' : this.parts.join(''),
      line: this.valueLine,
      column: this.valueColumn,
      tooDeep: this.tooDeep,
      tooLarge: this.tooLarge,
      invalidUtf8: this.invalidUtf8,
    });
    this.reset();
    if (this.top !== Top.Values) this.top = Top.CommaOrEnd;
  }

  private beginValue(i: number): void {
    this.inValue = true;
    this.valueStart = i;
    this.valueLine = this.line;
    this.valueColumn = this.column(i);
  }

  /** Keeps the text of the value up to `end` of this chunk, unless it is too large or too deep to keep. */
  private keep(text: string, end: number): void {
    if (this.tooDeep || this.tooLarge) return;
    const length = end - this.valueStart;
    if (this.partsLength + length > this.limits.maxChars) {
      this.tooLarge = true;
      this.parts = [];
      return;
    }
    this.parts.push(text.slice(this.valueStart, end));
    this.partsLength += length;
  }

  private reset(): void {
    this.inValue = false;
    this.parts = [];
    this.partsLength = 0;
    this.tooDeep = false;
    this.tooLarge = false;
    this.invalidUtf8 = false;
    this.stack.length = 0;
    this.depth = 0;
    this.inString = false;
    this.escape = false;
    this.inToken = false;
    this.token = '';
  }

  private problem(out: ScanItem[], message: string): void {
    out.push({ kind: 'problem', problem: 'malformed-json', line: this.inValue ? this.valueLine : this.line, message });
  }

  /** ` in the value that starts at 3:1`, when a value was being read. */
  private inValueWhere(): string {
    return this.inValue ? ` in the value that starts at ${this.valueLine}:${this.valueColumn}` : '';
  }

  /** Judged by the values read so far, or, before any, by whether the broken one spans lines. */
  private chooseResume(): void {
    const spansLines = this.inValue && this.valueLine !== this.line;
    const read = this.valuesOnOneLine + this.valuesOnSeveralLines;
    this.resumeAnyLine = read === 0 ? !spansLines : this.valuesOnOneLine >= this.valuesOnSeveralLines;
  }

  /**
   * The text stopped being JSON at `c`. The value in progress is dropped; reading goes on at `c`
   * when it is a `{` opening its line (the previous line was cut short), else at the next line
   * (see {@link resumeAnyLine}).
   */
  private fail(out: ScanItem[], i: number, c: number, first: boolean, expected: string): void {
    this.problem(out, `${this.line}:${this.column(i)}: ${expected}, found ${describeChar(c)}${this.inValueWhere()}`);
    this.chooseResume();
    this.reset();
    if (this.top !== Top.Values) {
      this.top = Top.Values;
      this.lenient = true;
    }
    if (c === 0x7b && first) {
      this.beginValue(i);
      this.open(OBJECT);
    } else if (c === NEWLINE) {
      this.resync = 'rest-of-line';
      this.newline(i);
    } else this.resync = 'rest-of-line';
  }
}
