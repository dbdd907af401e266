import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simulateWorkload } from '../simulator';

// The commands as a user runs them: `npm run replay -- …` and `npm start -- …` are these scripts.
const root = resolve(__dirname, '../../..');
const run = (script: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join('tools/src/cli', script), ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
const dir = mkdtempSync(join(tmpdir(), 'batchmon-cli-'));

describe('npm run replay', () => {
  it('asks for an events file when given none, exiting 2', () => {
    const { status, stderr } = run('replay.ts', ['--out', dir]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/expected an events file/);
  });

  it('asks for --out when it is missing, exiting 2', () => {
    const { status, stderr } = run('replay.ts', ['events.json']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/expected --out <dir>/);
  });

  it('names an option it does not know, exiting 2', () => {
    const { status, stderr } = run('replay.ts', ['events.json', '--out', dir, '--fast']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/--fast/);
  });

  it('names a file it cannot read, exiting 2', () => {
    const { status, stderr } = run('replay.ts', [join(dir, 'missing.jsonl'), '--out', dir]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/cannot read .*missing\.jsonl/);
  });

  it('stops on an interrupt, leaving valid JSON Lines and a summary of what it did', async () => {
    const capture = join(dir, 'capture.jsonl');
    const { events } = simulateWorkload({ jobs: 200, seed: 3 });
    writeFileSync(capture, events.map((e) => JSON.stringify(e)).join('\n'));
    const out = join(dir, 'interrupted');
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/src/cli/replay.ts', capture, '--out', out], { cwd: root });
    const emf = join(out, 'emf.jsonl');
    // Interrupt once the first EMF lines are out (the replay writes them every 250 events).
    while (!(existsSync(emf) && statSync(emf).size > 0) && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    expect(code).toBe(130);
    const lines = readFileSync(emf, 'utf8').trimEnd().split('\n');
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { events: number; emfRecords: number };
    expect(summary.events).toBeLessThan(events.length);
    expect(summary.emfRecords).toBe(lines.length);
  });
});

describe('npm start', () => {
  it('rejects a number of jobs that is not a whole number, exiting 2', () => {
    const { status, stderr } = run('start.ts', ['--jobs', 'many']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/--jobs: expected a whole number, found "many"/);
  });

  it('rejects zero jobs with the simulator’s reason, exiting 2', () => {
    const { status, stderr } = run('start.ts', ['--jobs', '0']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/jobs: expected a positive integer/);
  });

  it('writes the EMF records, a summary and the dashboard previews of a small seeded run', () => {
    const out = join(dir, 'start');
    const { status, stdout } = run('start.ts', ['--jobs', '20', '--seed', '2', '--out', out]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/events per second/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { failedExecutions: number; emfRecords: number };
    expect(summary.failedExecutions).toBe(0);
    expect(readFileSync(join(out, 'emf.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(summary.emfRecords);
    expect(readFileSync(join(out, 'dashboards', 'index.html'), 'utf8')).toMatch(/batchmon-job-states/);
  });
});
