import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { SynthesizeOptions } from '@batchmon/infra';

/** The repository root: this file is tools/local/src/stack-cache.ts. */
const REPOSITORY = join(__dirname, '..', '..', '..');

/**
 * What shapes the synthesized template: the CDK app's sources and the libs it builds the
 * workflows, rules and dashboards from, the exact dependency versions (aws-cdk-lib, and
 * asl-validator for the definitions it accepted), and the path aliases that tie them together.
 */
const SOURCES = (repository: string): string[] => ['apps/infra/src', ...readdirSync(join(repository, 'libs')).map((lib) => join('libs', lib, 'src'))];
const ROOT_FILES = ['package-lock.json', 'tsconfig.base.json'];
/** Bumped when the shape of a cache entry changes. */
const FORMAT = 1;
/** Entries kept in the cache folder; older ones are removed when a new one is written. */
const KEPT_ENTRIES = 8;

/** The default cache folder, beside other tools' caches (removed with node_modules). */
export const DEFAULT_STACK_CACHE_DIR = join(REPOSITORY, 'node_modules', '.cache', 'batchmon', 'stack');

/** A synthesized stack as the cache keeps it. */
export interface CachedStack {
  /** The CloudFormation template `synthesizeTemplate` returned. */
  readonly template: object;
  /**
   * SHA-256 digests of the state machine definitions asl-validator accepted when the template was
   * first loaded, so that a later run does not validate them again (see `acceptDefinitionDigests`).
   */
  readonly acceptedDefinitions: readonly string[];
}

/** Files under `dir` (recursively) that can shape the template: sources and data, not tests. */
function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'cdk.out' && !entry.name.startsWith('.')) files.push(...sourceFiles(path));
    } else if (entry.isFile() && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.md')) {
      files.push(path);
    }
  }
  return files;
}

/**
 * The cache key of a synthesis: a SHA-256 of the content (and path) of every file that shapes the
 * template and of the stack options. Content, not modification times: a checkout or an edit that
 * changes nothing keeps the entry, any change to a workflow's source makes a new one.
 *
 * @example
 * stackCacheKey({ metricsProfile: 'detailed' }); // '3f1c…' (64 hex digits)
 */
export function stackCacheKey(stack: Omit<SynthesizeOptions, 'bundle'> = {}, repository = REPOSITORY): string {
  const hash = createHash('sha256');
  hash.update(`batchmon stack cache ${FORMAT}\n${JSON.stringify(stack)}\n`);
  const files = [...SOURCES(repository).flatMap((dir) => sourceFiles(join(repository, dir))), ...ROOT_FILES.map((file) => join(repository, file))].sort();
  for (const file of files) {
    const content = readFileSync(file);
    hash.update(`${relative(repository, file)}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest('hex');
}

/**
 * The cached stack of `key`, or undefined when there is none (or it cannot be read: the cache is
 * only ever an optimisation, a damaged entry is synthesized again).
 */
export function readCachedStack(key: string, dir = DEFAULT_STACK_CACHE_DIR): CachedStack | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, `${key}.json`), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<CachedStack> & { key?: unknown };
    if (parsed.key !== key || typeof parsed.template !== 'object' || parsed.template === null || !Array.isArray(parsed.acceptedDefinitions)) return undefined;
    return { template: parsed.template, acceptedDefinitions: parsed.acceptedDefinitions.filter((digest): digest is string => typeof digest === 'string') };
  } catch {
    return undefined;
  }
}

/**
 * Writes the entry of `key` (to a temporary file renamed into place, so that a concurrent run reads
 * the old entry or the new one, never half of one) and removes all but the latest entries.
 * Failing to write is not an error: the next run synthesizes again.
 */
export function writeCachedStack(key: string, entry: CachedStack, dir = DEFAULT_STACK_CACHE_DIR): void {
  try {
    mkdirSync(dir, { recursive: true });
    const temporary = join(dir, `${key}.${process.pid}.tmp`);
    writeFileSync(temporary, JSON.stringify({ key, ...entry }));
    renameSync(temporary, join(dir, `${key}.json`));
    const entries = readdirSync(dir)
      .filter((name) => name.endsWith('.json'))
      .map((name) => ({ name, at: statSync(join(dir, name)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const { name } of entries.slice(KEPT_ENTRIES)) rmSync(join(dir, name), { force: true });
  } catch {
    // A read-only node_modules or a full disk costs the next run a synthesis, nothing else.
  }
}
