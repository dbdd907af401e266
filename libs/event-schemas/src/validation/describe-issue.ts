import type { z } from 'zod';

/** One reason an event failed validation: where (dotted field path) and what was expected vs found. */
export interface ValidationIssue {
  /** Dotted path from the event root, e.g. `detail.attempts.0.container`; empty for the event itself. */
  readonly path: string;
  /** What was expected and what was found, e.g. `expected string, found undefined (field missing)`. */
  readonly message: string;
}

/** `detail.attempts.0.container` from `['detail', 'attempts', 0, 'container']`. */
export function dottedPath(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join('.');
}

const MAX_SHOWN = 60;

/**
 * A short, readable rendering of a found value for error messages — batchmon's one vocabulary for
 * "found …": its type and, for scalars and small containers, the value itself; a long string is
 * cut, a large container is named by kind and size.
 *
 * @example
 * describeValue(undefined); // 'undefined (field missing)'
 * describeValue('graph'); // 'string "graph"'
 * describeValue(25); // 'number 25'
 * describeValue([]); // 'array []'
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined (field missing)';
  if (value === null) return 'null';
  if (typeof value === 'object') {
    const text = JSON.stringify(value);
    if (text.length <= MAX_SHOWN) return `${Array.isArray(value) ? 'array' : 'object'} ${text}`;
    return Array.isArray(value) ? `an array of ${value.length}` : 'an object';
  }
  if (typeof value === 'string') {
    const shown = value.length > MAX_SHOWN ? `${value.slice(0, MAX_SHOWN)}…` : value;
    return `string ${JSON.stringify(shown)}`;
  }
  return `${typeof value} ${String(value)}`;
}

function quoteAll(values: readonly unknown[]): string {
  return values.map((value) => JSON.stringify(value)).join(' | ');
}

/**
 * Turns a zod issue into a {@link ValidationIssue} whose message says what was expected and what was
 * found. Parse with `{ reportInput: true }` so that the found value is known.
 */
export function describeIssue(issue: z.core.$ZodIssue): ValidationIssue {
  const path = dottedPath(issue.path);
  const found = describeValue(issue.input);
  switch (issue.code) {
    case 'invalid_type':
      return { path, message: `expected ${issue.expected}, found ${found}` };
    case 'invalid_value':
      return {
        path,
        message: `expected ${issue.values.length === 1 ? '' : 'one of '}${quoteAll(issue.values)}, found ${found}`,
      };
    case 'invalid_union':
      // A discriminated union reports the whole object as input; the discriminator is what differs.
      if ('options' in issue && Array.isArray(issue.options) && 'discriminator' in issue) {
        const input: unknown = issue.input;
        const discriminated =
          typeof input === 'object' && input !== null && typeof issue.discriminator === 'string'
            ? (input as Record<string, unknown>)[issue.discriminator]
            : input;
        return { path, message: `expected one of ${quoteAll(issue.options)}, found ${describeValue(discriminated)}` };
      }
      return { path, message: `expected one of the allowed shapes, found ${found}` };
    case 'too_small':
      return {
        path,
        message:
          issue.origin === 'string' && Number(issue.minimum) === 1
            ? `expected a non-empty string, found ${found}`
            : `expected ${issue.origin} of at least ${String(issue.minimum)}, found ${found}`,
      };
    case 'invalid_format':
      return { path, message: `expected ${issue.format} format, found ${found}` };
    default:
      return { path, message: `${issue.message}, found ${found}` };
  }
}
