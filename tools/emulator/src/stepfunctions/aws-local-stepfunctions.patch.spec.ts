import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { StateMachine, type StateMachineDefinition } from 'aws-local-stepfunctions';
import type { JsonValue } from '../json';

// patches/aws-local-stepfunctions+<version>.patch (applied by patch-package at `npm install`) reads
// plain JSONPaths directly and clones state inputs with loops. These tests fail when the installed
// version is not the one the patch was written for, when the patch is not applied, and when a path
// read by the patched interpreter differs from what jsonpath-plus gives for it.

const REPOSITORY = join(__dirname, '..', '..', '..', '..');
const MAIN = require.resolve('aws-local-stepfunctions');
const PACKAGE_DIR = join(dirname(MAIN), '..');
const BUILDS = ['build/main.node.cjs', 'build/main.node.esm.js'];
const PATCHED_FUNCTIONS = ['function evaluateJsonPath(', 'function cloneJSON('];

function patchedVersion(): string | undefined {
  const patch = readdirSync(join(REPOSITORY, 'patches')).find((name) => name.startsWith('aws-local-stepfunctions+'));
  return /\+(.+)\.patch$/.exec(patch ?? '')?.[1];
}

/** jsonpath-plus as aws-local-stepfunctions loads it, called the way the unpatched interpreter called it. */
const { JSONPath } = createRequire(MAIN)('jsonpath-plus') as { JSONPath: (options: { path: string; json: unknown; wrap: boolean }) => unknown };

async function readWithPass(path: string, input: JsonValue): Promise<{ value?: unknown; error?: string }> {
  const definition = { StartAt: 'Read', States: { Read: { Type: 'Pass', Parameters: { 'value.$': path }, End: true } } };
  const machine = new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });
  try {
    const output = (await machine.run(input).result) as { value: unknown };
    return { value: output.value };
  } catch (error) {
    return { error: String(error) };
  }
}

describe('the aws-local-stepfunctions patch', () => {
  it('was written for the installed version of aws-local-stepfunctions', () => {
    const installed = (JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }).version;
    expect(patchedVersion()).toBe(installed);
  });

  it.each(BUILDS)('is applied to %s', (build) => {
    const source = readFileSync(join(PACKAGE_DIR, build), 'utf8');
    for (const patched of PATCHED_FUNCTIONS) expect(source).toContain(patched);
    expect(source).toContain('batchmon patch (patches/aws-local-stepfunctions+');
    expect(source).not.toContain('Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneJSON(v)]))');
  });

  const document = { a: { b: 1, nothing: null, list: [1, { x: 2 }], empty: '', zero: 0, no: false, 'with-dash': { z: 's' } }, text: 'abc' };
  const paths = ['$', '$.a', '$.a.b', '$.a.nothing', '$.a.list', '$.a.list.length', '$.a.empty', '$.a.zero', '$.a.no', '$.a.with-dash.z', '$.text.length', '$.a.list[1].x', "$.a['with-dash']", '$.a.list[*]'];

  it.each(paths)('reads %s as jsonpath-plus does', async (path) => {
    const expected = JSONPath({ path, json: document, wrap: false });
    expect(expected).toBeDefined();
    expect(await readWithPass(path, document)).toEqual({ value: expected });
  });

  it.each(['$.missing', '$.a.b.c', '$.a.empty.length', '$.a.zero.x'])('fails for %s, which jsonpath-plus finds nothing at', async (path) => {
    expect(JSONPath({ path, json: document, wrap: false })).toBeUndefined();
    expect((await readWithPass(path, document)).error).toContain(`Path expression '${path}' does not point to a value`);
  });

  it('reads the context object through $$ paths', async () => {
    const definition = { StartAt: 'Read', States: { Read: { Type: 'Pass', Parameters: { 'name.$': '$$.Execution.Name' }, End: true } } };
    const machine = new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });
    const output = await machine.run({}, { context: { Execution: { Name: 'run-1' } } }).result;
    expect(output).toEqual({ name: 'run-1' });
  });

  it('keeps the rest of the input and leaves the given input unchanged when a ResultPath writes into it', async () => {
    const definition = { StartAt: 'Write', States: { Write: { Type: 'Pass', Result: { y: 2 }, ResultPath: '$.a.result', End: true } } };
    const machine = new StateMachine(definition as unknown as StateMachineDefinition, { validationOptions: { noValidate: true } });
    const input = { a: { keep: [1, { deep: true }] }, other: 'x' };
    const copy = structuredClone(input);
    expect(await machine.run(input).result).toEqual({ ...copy, a: { ...copy.a, result: { y: 2 } } });
    expect(input).toEqual(copy);
  });
});
