import type { SeriesDisplay } from './series-display';

/**
 * A metric math expression over the other queries of the same widget or alarm, which it names by
 * id (`100 * failed / (failed + succeeded)`). Functions are upper case; ids start lower case.
 */
export interface MathExpression extends SeriesDisplay {
  readonly kind: 'math';
  readonly id: string;
  readonly expression: string;
  /** Seconds. @default - the widget's period */
  readonly period?: number;
}

/**
 * A math expression.
 *
 * @example
 * mathExpression('ratio', '100 * failed / (failed + succeeded)', { label: 'Failed %' });
 */
export function mathExpression(id: string, expression: string, display: Omit<SeriesDisplay, 'id'> & { readonly period?: number } = {}): MathExpression {
  return { kind: 'math', id, expression, ...display };
}

/**
 * The ids an expression refers to: identifiers that start with a lowercase letter, outside quoted
 * strings (function names are upper case, so they never match).
 *
 * @example
 * referencedIds('SUM(placed) / PERIOD(ec2)'); // ['placed', 'ec2']
 */
export function referencedIds(expression: string): string[] {
  const unquoted = expression.replace(/'[^']*'|"[^"]*"/g, ' ');
  return [...new Set(unquoted.match(/(?<![A-Za-z0-9_.])[a-z][A-Za-z0-9_]*/g) ?? [])];
}

/**
 * The ids passed to `PERIOD(...)`: the function accepts metrics only, not the results of other
 * expressions ("Using metric math").
 */
export function periodArguments(expression: string): string[] {
  return [...expression.matchAll(/PERIOD\(\s*([^)]*?)\s*\)/g)].map((match) => match[1] ?? '');
}

/** Metric and expression ids: a lowercase letter, then letters, digits or `_`. */
export const QUERY_ID = /^[a-z][A-Za-z0-9_]*$/;
