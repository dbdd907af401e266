import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { validateDashboardBody } from '../validation/validate-body';

const ROOT = path.resolve(__dirname, '../../../..');
const SCRIPT = path.join(__dirname, 'render.ts');

/** Runs the render command as `nx run dashboards:render -- …` does (tsx from the workspace root). */
function render(...args: string[]) {
  return spawnSync(process.execPath, [require.resolve('tsx/cli'), SCRIPT, ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('render command', () => {
  let out: string;
  beforeEach(() => {
    out = mkdtempSync(path.join(tmpdir(), 'batchmon-dashboards-'));
  });
  afterEach(() => rmSync(out, { recursive: true, force: true }));

  it('writes one valid, pretty-printed body per dashboard', () => {
    const result = render('--out', out, '--region', 'eu-west-1');
    expect(result.status).toBe(0);
    const files = readdirSync(out).sort();
    expect(files).toHaveLength(8);
    expect(files).toContain('eu-west-1-batchmon-job-states.json');
    for (const file of files) {
      const text = readFileSync(path.join(out, file), 'utf8');
      expect(text).toMatch(/^\{\n {2}"/);
      expect(() => validateDashboardBody(JSON.parse(text), file)).not.toThrow();
    }
  }, 30_000);

  it('exits 2 with the usage on an unknown option', () => {
    const result = render('--out', out, '--colour');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("render: Unknown option '--colour'");
    expect(result.stderr).toContain('usage: nx run dashboards:render -- --out <dir>');
    expect(readdirSync(out)).toEqual([]);
  }, 30_000);

  it('exits 2 when --out is missing', () => {
    const result = render();
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('render: --out <dir> is required');
  }, 30_000);

  it('exits 2 on a region that is not one', () => {
    const result = render('--out', out, '--region', 'Europe');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('render: --region: expected a region like us-east-1, found "Europe"');
  }, 30_000);
});
