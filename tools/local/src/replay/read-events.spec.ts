import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { InputProblem, InputReport } from './input-report';
import { CaptureReader, MAX_EVENT_BYTES, MAX_EVENT_DEPTH, UnreadableCaptureError, eventEntryBytes, readEvents } from './read-events';

const dir = mkdtempSync(join(tmpdir(), 'batchmon-read-'));
let files = 0;
const file = (contents: string | Buffer, name = `capture-${++files}.jsonl`): string => {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return path;
};

/** A minimal EventBridge event: every envelope field the reader requires. */
const event = (id: string, detail: Record<string, unknown> = {}): Record<string, unknown> => ({
  version: '0',
  id,
  'detail-type': 'Test Event',
  source: 'test.source',
  time: '2026-01-01T00:00:00Z',
  detail,
});
const lines = (...values: unknown[]): string => values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join('\n');

interface Read {
  readonly ids: unknown[];
  readonly lines: (number | undefined)[];
  readonly problems: InputProblem[];
  readonly report: InputReport;
}
const read = async (path: string, shouldStop?: () => boolean): Promise<Read> => {
  const problems: InputProblem[] = [];
  const reader = new CaptureReader(path, { onProblem: (problem) => problems.push(problem), shouldStop });
  const ids: unknown[] = [];
  const at: (number | undefined)[] = [];
  for await (const { event: read, line } of reader.events()) {
    ids.push((read as { id?: unknown }).id);
    at.push(line);
  }
  return { ids, lines: at, problems, report: reader.report };
};

describe('CaptureReader', () => {
  it('reads a JSON array of events in order, with the line each starts on', async () => {
    const { ids, lines: at, report } = await read(file(`[\n${lines(event('1'), ',', event('2'))}\n]\n`));
    expect(ids).toEqual(['1', '2']);
    expect(at).toEqual([2, 4]);
    expect(report).toMatchObject({ readToEnd: true, problems: 0 });
  });

  it('reads one pretty-printed event', async () => {
    expect((await read(file(JSON.stringify(event('1'), null, 2)))).ids).toEqual(['1']);
  });

  it('reads pretty-printed events one after the other', async () => {
    expect((await read(file(`${JSON.stringify(event('1'), null, 2)}\n${JSON.stringify(event('2'), null, 2)}\n`))).ids).toEqual(['1', '2']);
  });

  it('reads JSON Lines with CRLF line ends and blank lines', async () => {
    const { ids, lines: at, problems } = await read(file(`${JSON.stringify(event('1'))}\r\n\r\n  \r\n${JSON.stringify(event('2'))}\r\n`));
    expect(ids).toEqual(['1', '2']);
    expect(at).toEqual([1, 4]);
    expect(problems).toEqual([]);
  });

  it('reads JSON Lines that open with blank lines', async () => {
    expect((await read(file(`\n\n${lines(event('1'), event('2'))}`))).ids).toEqual(['1', '2']);
  });

  it('reads an empty file as no events, to its end', async () => {
    expect(await read(file(''))).toMatchObject({ ids: [], problems: [], report: { readToEnd: true } });
  });

  it('reports a line of JSON Lines that is not JSON with its line, and reads the lines after it', async () => {
    const { ids, problems, report } = await read(file(lines(event('1'), '{oops', event('3'), 'hello world', event('5'))));
    expect(ids).toEqual(['1', '3', '5']);
    expect(problems.map(({ kind, line }) => [kind, line])).toEqual([
      ['malformed-json', 2],
      ['malformed-json', 4],
    ]);
    expect(problems[0]?.message).toMatch(/^2:2: expected a key or '}', found "o"/);
    expect(report.problemsByKind).toEqual({ 'malformed-json': 2 });
  });

  it('reads the next line when a line of JSON Lines is cut short', async () => {
    const { ids, problems } = await read(file(lines(event('1'), JSON.stringify(event('2')).slice(0, 30), event('3'))));
    expect(ids).toEqual(['1', '3']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'malformed-json', line: 2 });
  });

  it('reports where a JSON array breaks and reads the events after it', async () => {
    const text = `[\n${JSON.stringify(event('1'))},\n{"id": "2", "source": oops},\n${JSON.stringify(event('3'))},\n${JSON.stringify(event('4'))}\n]\n`;
    const { ids, problems } = await read(file(text));
    expect(ids).toEqual(['1', '3', '4']);
    expect(problems).toEqual([{ kind: 'malformed-json', line: 3, message: expect.stringMatching(/^3:23: expected a JSON value, found "oops"/) as unknown }]);
  });

  it('reports a string that runs past the end of its line and reads the next line', async () => {
    const { ids, problems } = await read(file(lines('{"id": "1}', event('2'))));
    expect(ids).toEqual(['2']);
    expect(problems).toEqual([
      { kind: 'malformed-json', line: 1, message: `1:11: expected '"' closing the string, found the end of the line in the value that starts at 1:1` },
    ]);
  });

  it('reports each of consecutive bad lines of JSON Lines on its own', async () => {
    const { ids, problems } = await read(file(lines(event('1'), '{oops', '42', 'hello', event('5'))));
    expect(ids).toEqual(['1', '5']);
    expect(problems.map(({ kind, line }) => [kind, line])).toEqual([
      ['malformed-json', 2],
      ['not-an-object', 3],
      ['malformed-json', 4],
    ]);
  });

  it('goes on at the next event of pretty-printed JSON after one breaks, without reporting its fragments', async () => {
    const pretty = (id: string): string => JSON.stringify(event(id, { nested: { list: [1, 2] } }), null, 2);
    const broken = pretty('2').replace('"source": "test.source"', '"source": test.source');
    const { ids, problems } = await read(file(`[\n${pretty('1')},\n${broken},\n${pretty('3')}\n]\n`));
    expect(ids).toEqual(['1', '3']);
    expect(problems.map(({ kind }) => kind)).toEqual(['malformed-json']);
  });

  it('reports values that are not objects, each with its line', async () => {
    const { ids, problems } = await read(file(lines(42, '"text"', 'null', [event('4')], event('5'))));
    expect(ids).toEqual(['5']);
    expect(problems.map(({ kind, line, message }) => [kind, line, message])).toEqual([
      ['not-an-object', 1, 'expected an EventBridge event object, found number 42'],
      ['not-an-object', 2, 'expected an EventBridge event object, found string "text"'],
      ['not-an-object', 3, 'expected an EventBridge event object, found null'],
      ['not-an-object', 4, 'expected an EventBridge event object, found an array of 1'],
    ]);
  });

  it.each(['source', 'detail-type', 'detail', 'time', 'id'])('reports an event without %s by its field path', async (field) => {
    const incomplete = event('1');
    delete incomplete[field];
    const { ids, problems } = await read(file(lines(incomplete, event('2'))));
    expect(ids).toEqual(['2']);
    expect(problems).toEqual([{ kind: 'missing-field', line: 1, path: field, message: expect.stringMatching(/found undefined \(field missing\)$/) as unknown }]);
  });

  it('reports an envelope field of the wrong type by its field path', async () => {
    const { problems } = await read(file(lines({ ...event('1'), detail: 'text' }, { ...event('2'), resources: [1] })));
    expect(problems.map(({ kind, path }) => [kind, path])).toEqual([
      ['wrong-type', 'detail'],
      ['wrong-type', 'resources'],
    ]);
  });

  it('skips an event nested far deeper than EventBridge processes, without overflowing the stack', async () => {
    const depth = 200_000;
    const deep = `{"id":"1","source":"s","detail-type":"d","time":"t","detail":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    const { ids, problems } = await read(file(lines(deep, event('2'))));
    expect(ids).toEqual(['2']);
    expect(problems).toEqual([{ kind: 'too-deep', line: 1, message: expect.stringContaining(String(MAX_EVENT_DEPTH - 1)) as unknown }]);
  });

  it('keeps an event nested as deep as EventBridge processes', async () => {
    const levels = MAX_EVENT_DEPTH - 2; // the envelope and `detail` are two levels
    const nested = `{"id":"1","source":"s","detail-type":"d","time":"t","detail":{"a":${'['.repeat(levels)}${']'.repeat(levels)}}}`;
    expect((await read(file(nested))).ids).toEqual(['1']);
  });

  it('skips an event over the EventBridge size limit, and reads the next one', async () => {
    const large = event('1', { blob: 'x'.repeat(MAX_EVENT_BYTES) });
    const { ids, problems } = await read(file(lines(large, event('2'))));
    expect(ids).toEqual(['2']);
    expect(problems).toEqual([{ kind: 'too-large', line: 1, message: expect.stringContaining(`${eventEntryBytes(large)} bytes`) as unknown }]);
  });

  it('keeps an event just under the EventBridge size limit', async () => {
    const base = eventEntryBytes(event('1', { blob: '' }));
    expect((await read(file(lines(event('1', { blob: 'x'.repeat(MAX_EVENT_BYTES - base) }))))).ids).toEqual(['1']);
  });

  it('skips a first line of many megabytes without keeping it, and reads the next line', async () => {
    const { ids, problems } = await read(file(`{"id":"${'x'.repeat(6 * 1024 * 1024)}"}\n${JSON.stringify(event('2'))}\n`));
    expect(ids).toEqual(['2']);
    expect(problems.map(({ kind }) => kind)).toEqual(['too-large']);
  });

  it('reads values that straddle the chunks the file is read in', async () => {
    // 4,000 events of about 150 bytes make several 256 KiB chunks; multi-byte characters fall on chunk edges.
    const many = Array.from({ length: 4000 }, (_, index) => event(String(index), { name: 'é'.repeat(index % 7) }));
    const { ids, problems, report } = await read(file(JSON.stringify(many, null, 1)));
    expect(ids).toEqual(many.map(({ id }) => id));
    expect(problems).toEqual([]);
    expect(report.readToEnd).toBe(true);
  });

  it('reads past a UTF-8 byte-order mark', async () => {
    const { ids, report } = await read(file(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines(event('1'), event('2')))])));
    expect(ids).toEqual(['1', '2']);
    expect(report).toMatchObject({ encoding: 'utf-8', problems: 0 });
  });

  it('decodes UTF-16 LE with a byte-order mark', async () => {
    const { ids, report } = await read(file(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines(event('é1'), event('2')), 'utf16le')])));
    expect(ids).toEqual(['é1', '2']);
    expect(report).toMatchObject({ encoding: 'utf-16le', problems: 0 });
  });

  it('decodes UTF-16 BE with a byte-order mark', async () => {
    const le = Buffer.from(lines(event('1'), event('2')), 'utf16le');
    const be = Buffer.from(le.swap16());
    const { ids, report } = await read(file(Buffer.concat([Buffer.from([0xfe, 0xff]), be])));
    expect(ids).toEqual(['1', '2']);
    expect(report).toMatchObject({ encoding: 'utf-16be', problems: 0 });
  });

  it('decodes UTF-16 LE without a byte-order mark', async () => {
    const { ids, report } = await read(file(Buffer.from(lines(event('1'), event('2')), 'utf16le')));
    expect(ids).toEqual(['1', '2']);
    expect(report.encoding).toBe('utf-16le');
  });

  it('counts an event holding invalid UTF-8 and reads the others', async () => {
    const [before, after] = JSON.stringify(event('2')).split('"2"');
    const bytes = Buffer.concat([Buffer.from(`${JSON.stringify(event('1'))}\n${before}"`), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from(`"${after}\n${JSON.stringify(event('3'))}\n`)]);
    const { ids, problems } = await read(file(bytes));
    expect(ids).toEqual(['1', '3']);
    expect(problems.map(({ kind, line }) => [kind, line])).toEqual([['invalid-utf8', 2]]);
  });

  it('does not mistake a real U+FFFD character for invalid UTF-8', async () => {
    expect((await read(file(lines(event('\uFFFD'))))).ids).toEqual(['\uFFFD']);
  });

  it('decompresses a gzip capture by its magic bytes, whatever its name', async () => {
    const { ids, report } = await read(file(gzipSync(lines(event('1'), event('2'))), 'capture.jsonl'));
    expect(ids).toEqual(['1', '2']);
    expect(report).toMatchObject({ compression: 'gzip', readToEnd: true });
  });

  it('decompresses a gzipped UTF-16 capture', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(lines(event('1')), 'utf16le')]);
    expect((await read(file(gzipSync(utf16), 'capture.json.gz'))).ids).toEqual(['1']);
  });

  it('reports a gzip capture cut short as a read error, after the events before the cut', async () => {
    const many = Array.from({ length: 3000 }, (_, index) => event(String(index), { seed: index * 7919 }));
    const zipped = gzipSync(lines(...many));
    const { ids, problems, report } = await read(file(zipped.subarray(0, Math.floor(zipped.length / 2)), 'cut.jsonl.gz'));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.length).toBeLessThan(many.length);
    expect(problems.map(({ kind }) => kind)).toEqual(['read-error']);
    expect(report.readToEnd).toBe(false);
  });

  it('reports a file that ends inside an event', async () => {
    const { ids, problems, report } = await read(file(`${JSON.stringify(event('1'))}\n${JSON.stringify(event('2'), null, 2).slice(0, 40)}`));
    expect(ids).toEqual(['1']);
    expect(problems).toEqual([{ kind: 'truncated', line: 2, message: 'the file ends inside the value that starts at 2:1' }]);
    expect(report.readToEnd).toBe(true);
  });

  it('reports a JSON array that is never closed, keeping its events', async () => {
    const { ids, problems } = await read(file(`[${JSON.stringify(event('1'))},\n${JSON.stringify(event('2'))}\n`));
    expect(ids).toEqual(['1', '2']);
    expect(problems).toEqual([{ kind: 'truncated', line: 1, message: "the file ends before the ']' closing the array that opens at 1:1" }]);
  });

  it('stops reading when asked, saying it did not read to the end', async () => {
    const many = Array.from({ length: 4000 }, (_, index) => event(String(index)));
    const { ids, report } = await read(file(lines(...many)), () => true);
    expect(ids.length).toBeLessThan(many.length);
    expect(report.readToEnd).toBe(false);
  });

  it('keeps the first problems of a report as one line each, with file and line', async () => {
    const path = file(lines(42, event('2')));
    expect((await read(path)).report.firstProblems).toEqual([`${path}:1: not-an-object: expected an EventBridge event object, found number 42`]);
  });

  it('names a file that does not exist', async () => {
    await expect(read(join(dir, 'missing.json'))).rejects.toThrow(`cannot read ${join(dir, 'missing.json')}: ENOENT: no such file or directory`);
  });

  it('refuses a directory, saying what it found', async () => {
    await expect(read(dir)).rejects.toThrow(new UnreadableCaptureError(`cannot read ${dir}: expected a file of events, found a directory`));
  });

  it('refuses a device that would be read forever', async () => {
    await expect(read('/dev/zero')).rejects.toThrow(/expected a file of events, found not a regular file/);
  });

  it('gives the events through readEvents for callers that need no report', async () => {
    const read: unknown[] = [];
    for await (const { event: each } of readEvents(file(lines(event('1'))))) read.push(each);
    expect(read).toEqual([event('1')]);
  });
});
