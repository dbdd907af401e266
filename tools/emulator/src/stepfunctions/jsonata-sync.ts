import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { compileFunction } from 'node:vm';
import type jsonata from 'jsonata';
import { JsonataSyncSourceError } from '../errors';

// jsonata 2.x evaluates every node of an expression in an `async` function and awaits each child,
// so that user-registered functions may return promises (jsonata-js/jsonata#583). The workflows'
// expressions call none: they only pay for it, one promise and one microtask per node visited. On
// the replay benchmark JSONata was 30 % of the CPU profile, most of it `evaluate`/`lookup`
// resuming after awaits, plus the garbage those promises leave.
//
// This module derives a synchronous evaluator from the installed jsonata, the way upstream's
// proposal does (jsonata-js/jsonata#758, "synchronous variant of jsonata": `async`/`await` removed,
// `Promise.all(…)` turned into `Array.from(…)`), at load time and in memory: the package on disk is
// not changed, so every other user of jsonata keeps the asynchronous API. The source is checked
// against the digest of the version this was written for, and each rewrite against its count of
// occurrences, so a new jsonata release fails loudly (and jsonata-sync.spec.ts with it) instead of
// being rewritten blindly.

/** The jsonata release this rewrite was written for, and the SHA-256 of its `jsonata.js`. */
export const JSONATA_SYNC_SOURCE = {
  version: '2.2.2',
  sha256: '9c2a35f4d895797f123f65c7f9a4ce16b3a295d209e0f3f225a0c3bae1bd9049',
} as const;

/**
 * The rewrites, each with how many times it applies to that source: every `async function`
 * becomes a plain function, the three `async` arrow functions plain arrows, every `await` goes (an
 * awaited plain value is that value), and the two `Promise.all` over the array and object
 * constructors' evaluations become `Array.from`, which keeps their order.
 */
const REWRITES = [
  { pattern: /\basync function\b/g, replacement: 'function', count: 43 },
  { pattern: /\basync (\(|\(\) =>)/g, replacement: '$1', count: 3 },
  { pattern: /\bawait Promise\.all\(/g, replacement: 'Array.from(', count: 2 },
  { pattern: /\bawait /g, replacement: '', count: 103 },
] as const;

/** A compiled JSONata expression whose `evaluate` returns its value instead of a promise. */
export interface SyncExpression {
  /** Evaluates the expression against `input` with `bindings` (`$name` → value); throws JSONata's error objects as jsonata does. */
  evaluate(input: unknown, bindings?: Record<string, unknown>): unknown;
}

type JsonataFactory = (expression: string) => SyncExpression;

let factory: JsonataFactory | undefined;

/**
 * Compiles a JSONata expression for synchronous evaluation: the same parser and evaluator as
 * `jsonata(text)` of the installed jsonata, with the `async`/`await` plumbing taken out. Only for
 * expressions that call no function returning a promise (no such function is registered here).
 *
 * @throws JsonataSyncSourceError when the installed jsonata differs from {@link JSONATA_SYNC_SOURCE}.
 * @throws jsonata's own error object when the expression does not parse.
 *
 * @example
 * jsonataSync('$states.input.a + 1').evaluate(undefined, { states: { input: { a: 1 } } }); // 2
 */
export function jsonataSync(expression: string): SyncExpression {
  factory ??= loadSyncFactory();
  return factory(expression);
}

/**
 * The synchronous source derived from the installed jsonata.
 * @throws JsonataSyncSourceError when the source or a rewrite's count is not what was expected.
 */
export function synchronousJsonataSource(): { readonly path: string; readonly source: string } {
  const path = require.resolve('jsonata');
  return { path, source: rewriteJsonataSource(readFileSync(path, 'utf8'), path) };
}

/**
 * Rewrites the text of jsonata's `jsonata.js` into its synchronous form.
 * @param where the file the text was read from, for errors.
 * @throws JsonataSyncSourceError when the text is not that of {@link JSONATA_SYNC_SOURCE}, when a
 * rewrite does not apply exactly as often as expected, or when asynchronous code is left.
 */
export function rewriteJsonataSource(original: string, where: string): string {
  const sha256 = createHash('sha256').update(original).digest('hex');
  if (sha256 !== JSONATA_SYNC_SOURCE.sha256) {
    throw new JsonataSyncSourceError(
      `jsonata-sync: expected ${where} to be jsonata ${JSONATA_SYNC_SOURCE.version} (SHA-256 ${JSONATA_SYNC_SOURCE.sha256}), found SHA-256 ${sha256}: review the rewrites in jsonata-sync.ts for the installed version`,
    );
  }
  let source = original;
  for (const { pattern, replacement, count } of REWRITES) {
    const found = source.match(pattern)?.length ?? 0;
    if (found !== count) {
      throw new JsonataSyncSourceError(`jsonata-sync: expected ${count} occurrences of ${String(pattern)} in ${where}, found ${found}`);
    }
    source = source.replace(pattern, replacement);
  }
  // `enclosingEnvironment.async` and the `async:` property of an environment are data, not syntax.
  const left = /(?<!\.)\basync\b(?!:)|\bawait\b|Promise\.all/.exec(source);
  if (left !== null) throw new JsonataSyncSourceError(`jsonata-sync: expected no asynchronous code left in the rewritten ${where}, found "${left[0]}" at offset ${left.index}`);
  return source;
}

function loadSyncFactory(): JsonataFactory {
  const { path, source } = synchronousJsonataSource();
  // jsonata.js is a browserify bundle in a UMD wrapper: run as the CommonJS module Node would make of it.
  const module = { exports: {} as unknown };
  const wrapper = compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: `${path} (synchronous)` });
  wrapper(module.exports, createRequire(path), module, path, path.slice(0, path.lastIndexOf('/')));
  const compiled = module.exports as typeof jsonata;
  if (typeof compiled !== 'function') throw new JsonataSyncSourceError(`jsonata-sync: expected the rewritten ${path} to export the jsonata function, found ${typeof compiled}`);
  return (expression) => compiled(expression) as unknown as SyncExpression;
}
