import type { JsonataPassState } from './asl';

/**
 * A Pass state in JSONata whose output is `expression`. Used only for what JSONPath cannot express
 * — defaults for absent fields, lookups in arrays by name, regular expressions, date arithmetic,
 * lists of varying length — everywhere else the workflows are JSONPath.
 * The expression may span lines for reading; the ASL schema accepts a template on one line only.
 */
export function jsonataPass(expression: string, next: string): JsonataPassState {
  return { Type: 'Pass', QueryLanguage: 'JSONata', Output: `{% ${expression.replace(/\s*\n\s*/g, ' ')} %}`, Next: next };
}
