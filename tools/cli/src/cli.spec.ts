import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildJobStateChange } from '@batchmon/event-schemas';
import { type ReplaySummary, MAX_EVENT_BYTES, MAX_EVENT_DEPTH } from '@batchmon/local';
import { simulateWorkload } from '@batchmon/simulator';

// The commands as a user runs them: `npm run replay -- …` and `npm start -- …` are these scripts.
const root = resolve(__dirname, '../../..');
const run = (script: string, args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join('tools/cli/src', script), ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
const dir = mkdtempSync(join(tmpdir(), 'batchmon-cli-'));
const events = (jobs: number, seed: number): readonly object[] => simulateWorkload({ jobs, seed }).events;
const readSummary = (out: string): ReplaySummary => JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as ReplaySummary;
const stderrLines = (result: SpawnSyncReturns<string>): string[] => result.stderr.trimEnd().split('\n');

/** What every run's summary must satisfy, whatever its input. */
function expectInvariants(summary: ReplaySummary): void {
  expect(summary.events).toBe(summary.routed + summary.unrouted + summary.invalid);
  expect(summary.executions).toBe(summary.routed);
}

describe('npm run replay, given bad options', () => {
  const capture = join(dir, 'options.jsonl');
  writeFileSync(capture, `${JSON.stringify(events(1, 1)[0])}\n`);
  const blockedOut = join(dir, 'blocked');
  mkdirSync(join(blockedOut, 'emf.jsonl'), { recursive: true });

  // Each mistake: exit 2, one line on stderr that names it, no stack trace, nothing started.
  it.each([
    ['no events file', ['--out', dir], /^replay: expected an events file \(npm run replay -- --help for usage\)$/],
    ['no --out', [capture], /^replay: expected --out <dir> /],
    ['two events files', [capture, capture, '--out', dir], /^replay: expected one events file, found 2/],
    ['an unknown option', [capture, '--out', dir, '--fast'], /^replay: Unknown option '--fast'/],
    ['an option without its value', [capture, '--out'], /^replay: Option '--out <value>' argument missing/],
    ['a number that is not a number', [capture, '--out', dir, '--show-problems', 'many'], /^replay: --show-problems: expected a whole number, found "many"/],
    ['a namespace CloudWatch refuses', [capture, '--out', dir, '--namespace', 'bad{ns}'], /^replay: --namespace: expected a CloudWatch namespace, found "bad\{ns\}"/],
    ['a missing events file', [join(dir, 'missing.jsonl'), '--out', dir], /^replay: cannot read .*missing\.jsonl: ENOENT: no such file or directory$/],
    ['a directory as events file', [dir, '--out', dir], /^replay: cannot read .*: expected a file of events, found a directory$/],
    ['a file as --out', [capture, '--out', capture], /^replay: --out .*options\.jsonl: expected a directory, found a file$/],
    ['an --out under a file', [capture, '--out', join(capture, 'out')], /^replay: --out .*: cannot create the directory: ENOTDIR/],
    ['an empty --out', [capture, '--out', ''], /^replay: --out: expected a directory, found an empty path$/],
    ['an --out whose emf.jsonl is a directory', [capture, '--out', blockedOut], /^replay: --out .*: expected emf\.jsonl to be a file it can replace, found a directory or device$/],
  ])('refuses %s with one line, exiting 2', (_mistake, args, message) => {
    const result = run('replay.ts', args);
    expect(result.status).toBe(2);
    expect(stderrLines(result)).toEqual([expect.stringMatching(message) as unknown]);
  });

  it('checks --out before reading the events file', () => {
    const result = run('replay.ts', [join(dir, 'missing.jsonl'), '--out', join(capture, 'out')]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/--out/);
    expect(result.stderr).not.toMatch(/missing\.jsonl/);
  });
});

describe('npm run replay, given a capture full of what is not an event', () => {
  const capture = join(dir, 'hostile.jsonl');
  const out = join(dir, 'hostile');
  const valid = events(3, 4).map((event) => JSON.stringify(event));
  const deep = `{"id":"d","source":"s","detail-type":"t","time":"2026-01-01T00:00:00Z","detail":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
  const large = JSON.stringify({ ...buildJobStateChange(), detail: { ...buildJobStateChange().detail, blob: 'x'.repeat(MAX_EVENT_BYTES) } });
  const badQueue = JSON.stringify({ ...buildJobStateChange(), detail: { ...buildJobStateChange().detail, jobQueue: 'high\u0007' } });
  const { source: _source, ...noSource } = buildJobStateChange();
  // As deep as EventBridge processes (the envelope, `detail` and `extra` are three of the levels): replayed.
  let nested: unknown = 'bottom';
  for (let level = 3; level < MAX_EVENT_DEPTH; level += 1) nested = { level: nested };
  const deepButValid = JSON.stringify({ ...buildJobStateChange(), detail: { ...buildJobStateChange().detail, extra: nested } });
  // Line numbers of the hostile lines, in file order (valid events before, between and after).
  const hostile: readonly (readonly [string, string | Buffer])[] = [
    ['malformed-json', '{"id": oops'],
    ['not-an-object', '42'],
    ['not-an-object', '[1, 2]'],
    ['not-an-object', 'null'],
    ['missing-field', JSON.stringify(noSource)],
    ['too-deep', deep],
    ['too-large', large],
    ['invalid-utf8', Buffer.concat([Buffer.from('{"id":"'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('","source":"s","detail-type":"t","time":"t","detail":{}}')])],
    ['invalid:detail.jobQueue', badQueue],
  ];
  const lines: (string | Buffer)[] = [...valid.slice(0, 3), '', ...hostile.map(([, line]) => line), '   ', deepButValid, ...valid.slice(3)];
  let result: SpawnSyncReturns<string>;
  let summary: ReplaySummary;

  beforeAll(() => {
    writeFileSync(capture, Buffer.concat(lines.flatMap((line) => [Buffer.from(line), Buffer.from('\n')])));
    result = run('replay.ts', [capture, '--out', out]);
    summary = readSummary(out);
  }, 120_000);

  it('replays every valid event and exits 0', () => {
    expect(result.status).toBe(0);
    // The deep event is replayed; the one with the bad queue is validated, then refused.
    expect(summary.events).toBe(valid.length + 2);
    expect(summary.failedExecutions).toBe(0);
  });

  it('keeps the invariants', () => expectInvariants(summary));

  it('says it read the capture to its end', () => {
    expect(summary.readToEnd).toBe(true);
    expect(summary.input).toMatchObject({ readToEnd: true, bytesRead: statSync(capture).size });
  });

  it('counts what is not an event by kind', () => {
    const expected: Record<string, number> = {};
    for (const [kind] of hostile) if (!kind.startsWith('invalid:')) expected[kind] = (expected[kind] ?? 0) + 1;
    expect(summary.input?.problemsByKind).toEqual(expected);
    expect(summary.input?.problems).toBe(hostile.length - 1);
  });

  it('prints each skipped line once, as file:line, kind and reason', () => {
    hostile.forEach(([kind], index) => {
      const line = 5 + index;
      const printed = kind.startsWith('invalid:')
        ? `${capture}:${line}: invalid BatchJobStateChange: ${kind.slice('invalid:'.length)}: `
        : `${capture}:${line}: ${kind}: `;
      expect(stderrLines(result).filter((each) => each.startsWith(printed))).toHaveLength(1);
    });
  });

  it('counts an event whose queue AWS would refuse as invalid, by field path', () => {
    expect(summary.invalid).toBe(1);
    expect(summary.skipped['invalid:detail.jobQueue']).toBe(1);
  });

  it('prints no control character and no stack trace', () => {
    // eslint-disable-next-line no-control-regex -- control characters are what must not be printed
    expect(result.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it('lists the first problems in summary.json with file and line', () => {
    expect(summary.input?.firstProblems[0]).toBe(`${capture}:5: malformed-json: 5:8: expected a JSON value, found "oops" in the value that starts at 5:1`);
  });
});

describe('npm run replay, given a compressed UTF-16 capture cut short', () => {
  const capture = join(dir, 'cut.json.gz');
  const out = join(dir, 'cut');
  const all = events(30, 5);
  let result: SpawnSyncReturns<string>;
  let summary: ReplaySummary;

  beforeAll(() => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(all.map((event) => JSON.stringify(event)).join('\n'), 'utf16le')]);
    const zipped = gzipSync(utf16);
    writeFileSync(capture, zipped.subarray(0, Math.floor(zipped.length * 0.6)));
    result = run('replay.ts', [capture, '--out', out]);
    summary = readSummary(out);
  }, 120_000);

  it('replays the events before the cut', () => {
    expect(summary.events).toBeGreaterThan(0);
    expect(summary.events).toBeLessThan(all.length);
    expect(summary.input).toMatchObject({ compression: 'gzip', encoding: 'utf-16le' });
  });

  it('keeps the invariants', () => expectInvariants(summary));

  it('says it did not read to the end, and exits 2', () => {
    expect(summary.readToEnd).toBe(false);
    expect(summary.input?.problemsByKind).toEqual({ 'read-error': 1 });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/could not be read to its end/);
  });
});

describe('npm run replay, interrupted', () => {
  const interrupt = async (name: string, when: (emf: string) => boolean): Promise<{ code: number | null; out: string; total: number }> => {
    const capture = join(dir, `${name}.jsonl`);
    const all = events(200, 3);
    writeFileSync(capture, all.map((e) => JSON.stringify(e)).join('\n'));
    const out = join(dir, name);
    const child = spawn(process.execPath, ['--import', 'tsx', 'tools/cli/src/replay.ts', capture, '--out', out], { cwd: root });
    const emf = join(out, 'emf.jsonl');
    while (!when(emf) && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', r));
    return { code, out, total: all.length };
  };

  it('stops, leaving valid JSON Lines and a summary of what it did', async () => {
    // Interrupt once the first EMF lines are out (the replay writes them every 250 events).
    const { code, out, total } = await interrupt('interrupted', (emf) => existsSync(emf) && statSync(emf).size > 0);
    expect(code).toBe(130);
    const lines = readFileSync(join(out, 'emf.jsonl'), 'utf8').trimEnd().split('\n');
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const summary = readSummary(out);
    expect(summary.events).toBeLessThan(total);
    expect(summary.emfLines).toBe(lines.length);
    expect(summary.readToEnd).toBe(false);
    expectInvariants(summary);
  }, 120_000);

  it('stops during start-up, before the first event, exiting 130', async () => {
    // The output directory exists as soon as the options are checked, seconds before the emulators are up.
    const { code, out } = await interrupt('interrupted-early', () => existsSync(join(dir, 'interrupted-early')));
    expect(code).toBe(130);
    const summary = readSummary(out);
    expect(summary).toMatchObject({ events: 0, readToEnd: false });
    expectInvariants(summary);
  }, 120_000);
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

  it('writes the EMF lines, a summary and the dashboard previews of a small seeded run', () => {
    const out = join(dir, 'start');
    const { status, stdout } = run('start.ts', ['--jobs', '20', '--seed', '2', '--out', out]);
    expect(status).toBe(0);
    expect(stdout).toMatch(/events per second/);
    const summary = readSummary(out);
    expect(summary.failedExecutions).toBe(0);
    expectInvariants(summary);
    expect(readFileSync(join(out, 'emf.jsonl'), 'utf8').trimEnd().split('\n')).toHaveLength(summary.emfLines);
    expect(readFileSync(join(out, 'dashboards', 'index.html'), 'utf8')).toMatch(/batchmon-job-states/);
  });
});
