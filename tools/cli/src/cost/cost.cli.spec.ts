import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULT_PRICES } from './prices';

// `npm run cost -- …` is this script. Bad input fails before the (long) measurement starts.
const root = resolve(__dirname, '../../../..');
const run = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'tools/cli/src/cost/cost.cli.ts', ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
const dir = mkdtempSync(join(tmpdir(), 'batchmon-cost-'));

describe('npm run cost', () => {
  it('names a bad option in one line and exits 2, without a stack trace', () => {
    const { status, stderr } = run(['--jobs-per-day', 'lots']);
    expect(status).toBe(2);
    expect(stderr.trim()).toBe('cost: --jobs-per-day: expected a whole number, found "lots"');
  });

  it('names the invalid field of a price file in one line and exits 2', () => {
    const file = join(dir, 'prices.json');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_PRICES, kms: { customerManagedKeyPerMonth: -1 } }));
    const { status, stderr } = run(['--prices', file]);
    expect(status).toBe(2);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^cost: --prices .*prices\.json: kms\.customerManagedKeyPerMonth: .*found -1$/)]);
  });
});
