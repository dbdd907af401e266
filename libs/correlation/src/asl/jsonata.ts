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

/**
 * The most characters one JSONata state's Output may hold: about a screen of the console, 60 lines
 * of 50 characters. The expression is one line in the definition, so a longer one cannot be read
 * at a glance; larger logic is split into named states that each add one part to the input.
 */
export const SCREEN_CHARACTERS = 3000;

/**
 * How many characters a JSONata state's Output shows in the console: the `{% … %}` template as
 * the definition holds it, or the JSON text of an Output object.
 *
 * @example
 * outputLength(jsonataPass("$merge([$states.input, { 'seen': true }])", 'Next')); // 47
 */
export function outputLength(state: JsonataPassState): number {
  return typeof state.Output === 'string' ? state.Output.length : JSON.stringify(state.Output).length;
}
