import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEvents } from '@batchmon/local';
import { simulateWorkload, writeWorkload } from '@batchmon/simulator';

describe('writeWorkload', () => {
  const dir = mkdtempSync(join(tmpdir(), 'batchmon-simulate-'));

  it('writes JSON Lines that the replay reader reads back as the simulated events, and the truth', async () => {
    const out = join(dir, 'events.jsonl');
    const truthFile = join(dir, 'truth.json');
    const options = { jobs: 40, seed: 2, duplicateRate: 0.05, keepFinishedJobs: true };
    const { truth } = await writeWorkload({ out, truth: truthFile, options });
    const read: unknown[] = [];
    for await (const { event, line } of readEvents(out)) {
      expect(line).toBe(read.length + 1);
      read.push(event);
    }
    const expected = simulateWorkload(options);
    expect(read).toEqual(JSON.parse(JSON.stringify(expected.events)));
    expect(JSON.parse(readFileSync(truthFile, 'utf8'))).toEqual(JSON.parse(JSON.stringify(truth)));
    expect(truth).toEqual(expected.truth);
  });

  it('fails with the file system error when the file cannot be written', async () => {
    await expect(writeWorkload({ out: join(dir, 'missing', 'events.jsonl'), options: { jobs: 2 } })).rejects.toThrow(/ENOENT/);
  });
});
