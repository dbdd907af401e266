import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UnreadableCaptureError, readEvents } from './read-events';

const dir = mkdtempSync(join(tmpdir(), 'batchmon-read-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const all = async (path: string): Promise<unknown[]> => {
  const out: unknown[] = [];
  for await (const { event } of readEvents(path)) out.push(event);
  return out;
};

describe('readEvents', () => {
  it('reads a JSON array of events in order', async () => {
    expect(await all(file('a.json', '[{"id":"1"},{"id":"2"}]'))).toEqual([{ id: '1' }, { id: '2' }]);
  });

  it('reads one pretty-printed event', async () => {
    expect(await all(file('one.json', '{\n  "id": "1"\n}\n'))).toEqual([{ id: '1' }]);
  });

  it('reads JSON Lines and skips blank lines', async () => {
    expect(await all(file('l.jsonl', '{"id":"1"}\n\n{"id":"2"}\n'))).toEqual([{ id: '1' }, { id: '2' }]);
  });

  it('names the line of a JSON Lines file that is not JSON', async () => {
    await expect(all(file('bad.jsonl', '{"id":"1"}\n{oops\n'))).rejects.toThrow(/bad\.jsonl:2 is not valid JSON/);
  });

  it('rejects a file that is not JSON at all', async () => {
    await expect(all(file('x.txt', 'hello'))).rejects.toBeInstanceOf(UnreadableCaptureError);
  });

  it('rejects a file that does not exist, naming it', async () => {
    await expect(all(join(dir, 'missing.json'))).rejects.toThrow(/cannot read .*missing\.json/);
  });
});
