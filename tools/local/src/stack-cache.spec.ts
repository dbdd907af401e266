import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readCachedStack, stackCacheKey, writeCachedStack } from './stack-cache';

let repository: string;
const write = (path: string, text: string): void => {
  mkdirSync(dirname(join(repository, path)), { recursive: true });
  writeFileSync(join(repository, path), text);
};

beforeEach(() => {
  repository = mkdtempSync(join(tmpdir(), 'batchmon-stack-cache-'));
  write('apps/infra/src/stack/stack.ts', 'export const stack = 1;');
  write('libs/correlation/src/job-states/job-states.workflow.ts', "export const next = 'Send';");
  write('libs/correlation/src/job-states/job-states.workflow.spec.ts', 'it("works", () => undefined);');
  write('package-lock.json', '{"lockfileVersion":3}');
  write('tsconfig.base.json', '{}');
});
afterEach(() => rmSync(repository, { recursive: true, force: true }));

describe('stackCacheKey', () => {
  it('changes when a workflow source changes', () => {
    const before = stackCacheKey({}, repository);
    write('libs/correlation/src/job-states/job-states.workflow.ts', "export const next = 'Skip';");
    expect(stackCacheKey({}, repository)).not.toBe(before);
  });

  it('changes when a source file is added to the CDK app', () => {
    const before = stackCacheKey({}, repository);
    write('apps/infra/src/stack/alarms.ts', 'export const alarms = [];');
    expect(stackCacheKey({}, repository)).not.toBe(before);
  });

  it('changes when the dependency versions change', () => {
    const before = stackCacheKey({}, repository);
    write('package-lock.json', '{"lockfileVersion":3,"packages":{}}');
    expect(stackCacheKey({}, repository)).not.toBe(before);
  });

  it('changes with the stack options', () => {
    expect(stackCacheKey({ metricsProfile: 'detailed' }, repository)).not.toBe(stackCacheKey({}, repository));
  });

  it('stays the same when only a test changes', () => {
    const before = stackCacheKey({}, repository);
    write('libs/correlation/src/job-states/job-states.workflow.spec.ts', 'it("still works", () => undefined);');
    expect(stackCacheKey({}, repository)).toBe(before);
  });
});

describe('the stack cache', () => {
  const entry = { template: { Resources: { Table: { Type: 'AWS::DynamoDB::Table' } } }, acceptedDefinitions: ['ab12'] };

  it('reads back the entry written under a key', () => {
    const dir = join(repository, 'cache');
    writeCachedStack('k1', entry, dir);
    expect(readCachedStack('k1', dir)).toEqual(entry);
  });

  it('has no entry for another key', () => {
    const dir = join(repository, 'cache');
    writeCachedStack('k1', entry, dir);
    expect(readCachedStack('k2', dir)).toBeUndefined();
  });

  it('treats a damaged entry as no entry', () => {
    const dir = join(repository, 'cache');
    writeCachedStack('k1', entry, dir);
    writeFileSync(join(dir, 'k1.json'), '{"key":"k1","template":');
    expect(readCachedStack('k1', dir)).toBeUndefined();
  });

  it('treats an entry filed under the wrong name as no entry', () => {
    const dir = join(repository, 'cache');
    writeCachedStack('k1', entry, dir);
    writeFileSync(join(dir, 'k2.json'), JSON.stringify({ key: 'k1', ...entry }));
    expect(readCachedStack('k2', dir)).toBeUndefined();
  });
});
