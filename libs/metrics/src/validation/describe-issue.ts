import type { z } from 'zod';
import { describeValue } from '@batchmon/event-schemas';

export { describeValue };

/** A schema validation problem, located by its field path. */
export interface FieldProblem {
  /** Dotted path of the offending field (`records.0.time`), or `(root)` for the whole document. */
  readonly path: string;
  /** What was expected and what was found, e.g. `expected ISO 8601 datetime, found "yesterday"`. */
  readonly reason: string;
}

/**
 * Describes a zod issue as "expected …, found …" at its field path, reading the offending value
 * from the input. Zod's own messages say what was received only as a type ("received string"),
 * which does not tell an operator reading a DLQ alarm which value to fix.
 */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): FieldProblem {
  const path = issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.');
  const found = valueAt(input, issue.path);
  return { path, reason: reasonOf(issue, found) };
}

/** Formats problems as one line: `path: reason; path: reason`. */
export function formatProblems(problems: readonly FieldProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.reason}`).join('; ');
}

function reasonOf(issue: z.core.$ZodIssue, found: unknown): string {
  const foundText = `found ${describeValue(found)}`;
  switch (issue.code) {
    case 'invalid_type':
      return `expected ${issue.expected}, ${foundText}`;
    case 'invalid_format':
      return `expected ${issue.format === 'datetime' ? 'ISO 8601 datetime' : issue.format}, ${foundText}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, ${foundText}`;
    case 'unrecognized_keys':
      return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return `expected a non-empty string, ${foundText}`;
      return `expected ${issue.origin} of at least ${String(issue.minimum)}, ${foundText}`;
    case 'too_big':
      return `expected ${issue.origin} of at most ${String(issue.maximum)}, ${foundText}`;
    default:
      return `${issue.message}, ${foundText}`;
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = input;
  for (const key of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}
