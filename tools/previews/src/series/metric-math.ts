import { UnsupportedExpressionError } from '../errors';
/** A time series: period start (epoch milliseconds) → value. */
export type Points = ReadonlyMap<number, number>;

/** A labelled series of an array (what a SEARCH returns: one per dimension values). */
export interface ArrayMember {
  readonly label: string;
  readonly points: Points;
}

/** What a metric math expression or one of its terms evaluates to. */
export type MathValue =
  | { readonly kind: 'scalar'; readonly value: number }
  | { readonly kind: 'series'; readonly points: Points }
  | { readonly kind: 'array'; readonly members: readonly ArrayMember[] };

/** What an expression's ids and `PERIOD()` and `FILL()` resolve against. */
export interface MathEnvironment {
  /** The value of query `id` of the same widget, or `undefined` when it has none locally. */
  value(id: string): MathValue | undefined;
  /** Period of query `id`, in seconds. */
  period(id: string): number | undefined;
  /** Every period start of the expression's period over the time range (for `FILL`). */
  readonly periodStarts: readonly number[];
}

type Token =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'id'; readonly name: string }
  | { readonly kind: 'function'; readonly name: string }
  | { readonly kind: 'operator'; readonly value: string }
  | { readonly kind: 'punctuation'; readonly value: '(' | ')' | ',' };

type Node =
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'id'; readonly name: string }
  | { readonly kind: 'negate'; readonly operand: Node }
  | { readonly kind: 'binary'; readonly operator: string; readonly left: Node; readonly right: Node }
  | { readonly kind: 'call'; readonly name: string; readonly args: readonly Node[] };

const FUNCTIONS = ['SUM', 'AVG', 'MIN', 'MAX', 'PERIOD', 'IF', 'FILL'] as const;
const COMPARISONS = ['>=', '<=', '==', '!=', '>', '<'];

/**
 * Evaluates the subset of CloudWatch metric math the dashboards use, over local series: numbers,
 * query ids, `+ - * /`, comparisons (1 or 0), parentheses, and `SUM`, `AVG`, `MIN`, `MAX` (over the
 * series of an array, per timestamp, ignoring missing values), `PERIOD(id)` (seconds), `IF(c, a[, b])`
 * and `FILL(x, value)`. An operation between two series gives a value only at the timestamps where
 * both have one (the reason CloudWatch offers `FILL`); a division by zero gives none ("Using metric
 * math", https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-metric-math.html).
 *
 * @throws {UnsupportedExpressionError} for any other function, operator or combination (e.g. an
 *   array with a series), or an id without local data
 *
 * @example
 * evaluateMath('100 * failed / (failed + succeeded)', environment);
 * // { kind: 'series', points: Map { 1714550400000 => 12.5, … } }
 */
export function evaluateMath(expression: string, environment: MathEnvironment): MathValue {
  const parser = new Parser(tokenize(expression));
  const tree = parser.parseExpression();
  parser.expectEnd();
  return evaluate(tree, environment);
}

function tokenize(expression: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < expression.length) {
    const rest = expression.slice(index);
    const space = /^\s+/.exec(rest);
    if (space) {
      index += space[0].length;
      continue;
    }
    const number = /^\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (number) {
      tokens.push({ kind: 'number', value: Number(number[0]) });
      index += number[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    if (name) {
      const word = name[0];
      tokens.push(/^[a-z]/.test(word) ? { kind: 'id', name: word } : { kind: 'function', name: word });
      index += word.length;
      continue;
    }
    const operator = [...COMPARISONS, '+', '-', '*', '/'].find((candidate) => rest.startsWith(candidate));
    if (operator) {
      tokens.push({ kind: 'operator', value: operator });
      index += operator.length;
      continue;
    }
    const character = rest[0];
    if (character === '(' || character === ')' || character === ',') {
      tokens.push({ kind: 'punctuation', value: character });
      index += 1;
      continue;
    }
    throw new UnsupportedExpressionError(`"${character ?? ''}" at position ${index + 1} is not evaluated locally`);
  }
  return tokens;
}

class Parser {
  private position = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseExpression(): Node {
    const left = this.parseSum();
    const next = this.peek();
    if (next?.kind === 'operator' && COMPARISONS.includes(next.value)) {
      this.position += 1;
      return { kind: 'binary', operator: next.value, left, right: this.parseSum() };
    }
    return left;
  }

  expectEnd(): void {
    const next = this.peek();
    if (next !== undefined) throw new UnsupportedExpressionError(`unexpected ${describe(next)} after the end of the expression`);
  }

  private parseSum(): Node {
    return this.parseLeftAssociative(['+', '-'], () => this.parseProduct());
  }

  private parseProduct(): Node {
    return this.parseLeftAssociative(['*', '/'], () => this.parseUnary());
  }

  /** `operand (operator operand)*` for operators of one precedence, grouped from the left. */
  private parseLeftAssociative(operators: readonly string[], parseOperand: () => Node): Node {
    let node = parseOperand();
    for (let next = this.peek(); next?.kind === 'operator' && operators.includes(next.value); next = this.peek()) {
      this.position += 1;
      node = { kind: 'binary', operator: next.value, left: node, right: parseOperand() };
    }
    return node;
  }

  private parseUnary(): Node {
    const next = this.peek();
    if (next?.kind === 'operator' && next.value === '-') {
      this.position += 1;
      return { kind: 'negate', operand: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Node {
    const token = this.take();
    if (token === undefined) throw new UnsupportedExpressionError('the expression ends too early');
    if (token.kind === 'number') return { kind: 'number', value: token.value };
    if (token.kind === 'id') return { kind: 'id', name: token.name };
    if (token.kind === 'punctuation' && token.value === '(') {
      const inner = this.parseExpression();
      this.expect(')');
      return inner;
    }
    if (token.kind === 'function') {
      this.expect('(');
      const args: Node[] = [];
      if (!this.isPunctuation(')')) {
        args.push(this.parseExpression());
        while (this.isPunctuation(',')) {
          this.position += 1;
          args.push(this.parseExpression());
        }
      }
      this.expect(')');
      return { kind: 'call', name: token.name, args };
    }
    throw new UnsupportedExpressionError(`unexpected ${describe(token)}`);
  }

  private expect(value: ')' | '('): void {
    const token = this.take();
    if (token?.kind !== 'punctuation' || token.value !== value) {
      throw new UnsupportedExpressionError(`expected "${value}", found ${token === undefined ? 'the end' : describe(token)}`);
    }
  }

  private isPunctuation(value: string): boolean {
    const next = this.peek();
    return next?.kind === 'punctuation' && next.value === value;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private take(): Token | undefined {
    const token = this.tokens[this.position];
    this.position += 1;
    return token;
  }
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'number':
      return `number ${token.value}`;
    case 'id':
      return `id "${token.name}"`;
    case 'function':
      return `"${token.name}"`;
    default:
      return `"${token.value}"`;
  }
}

function evaluate(node: Node, environment: MathEnvironment): MathValue {
  switch (node.kind) {
    case 'number':
      return { kind: 'scalar', value: node.value };
    case 'id': {
      const value = environment.value(node.name);
      if (value === undefined) throw new UnsupportedExpressionError(`"${node.name}" has no local data`);
      return value;
    }
    case 'negate':
      return combine('*', { kind: 'scalar', value: -1 }, evaluate(node.operand, environment));
    case 'binary':
      return combine(node.operator, evaluate(node.left, environment), evaluate(node.right, environment));
    case 'call':
      return call(node, environment);
  }
}

function call(node: Extract<Node, { kind: 'call' }>, environment: MathEnvironment): MathValue {
  const name = node.name;
  if (!(FUNCTIONS as readonly string[]).includes(name)) throw new UnsupportedExpressionError(`function ${name}() is not evaluated locally`);
  const arity = (count: number, optional = 0): void => {
    if (node.args.length < count || node.args.length > count + optional) {
      throw new UnsupportedExpressionError(`${name}() expects ${optional ? `${count} to ${count + optional}` : count} arguments, found ${node.args.length}`);
    }
  };
  if (name === 'PERIOD') {
    arity(1);
    const [argument] = node.args;
    const period = argument?.kind === 'id' ? environment.period(argument.name) : undefined;
    if (period === undefined) throw new UnsupportedExpressionError('PERIOD() takes the id of a query of the widget');
    return { kind: 'scalar', value: period };
  }
  const args = node.args.map((argument) => evaluate(argument, environment));
  switch (name) {
    case 'IF':
      arity(2, 1);
      return ifThen(args[0], args[1], args[2]);
    case 'FILL': {
      arity(2);
      const [series, fill] = args;
      if (fill?.kind !== 'scalar') throw new UnsupportedExpressionError('FILL() is evaluated locally with a number as its second argument only');
      return fillMissing(series, fill.value, environment.periodStarts);
    }
    default: {
      arity(1);
      const [argument] = args;
      if (argument === undefined || argument.kind !== 'array') return argument ?? { kind: 'scalar', value: 0 };
      return { kind: 'series', points: reduceMembers(argument.members, name) };
    }
  }
}

function reduceMembers(members: readonly ArrayMember[], name: string): Map<number, number> {
  const byTime = new Map<number, number[]>();
  for (const member of members) {
    for (const [time, value] of member.points) {
      const values = byTime.get(time);
      if (values) values.push(value);
      else byTime.set(time, [value]);
    }
  }
  const result = new Map<number, number>();
  for (const [time, values] of [...byTime].sort(([a], [b]) => a - b)) {
    const total = values.reduce((sum, value) => sum + value, 0);
    const reduced = name === 'SUM' ? total : name === 'AVG' ? total / values.length : name === 'MIN' ? Math.min(...values) : Math.max(...values);
    result.set(time, reduced);
  }
  return result;
}

function ifThen(condition: MathValue | undefined, then: MathValue | undefined, otherwise: MathValue | undefined): MathValue {
  if (condition === undefined || then === undefined) throw new UnsupportedExpressionError('IF() needs a condition and a value');
  if ([condition, then, otherwise].some((value) => value?.kind === 'array')) throw new UnsupportedExpressionError('IF() over the series of a SEARCH is not evaluated locally');
  const at = (value: MathValue | undefined, time: number | undefined): number | undefined => {
    if (value === undefined) return undefined;
    if (value.kind === 'scalar') return value.value;
    if (value.kind === 'series' && time !== undefined) return value.points.get(time);
    return undefined;
  };
  if (condition.kind === 'scalar') {
    const chosen = condition.value !== 0 ? then : otherwise;
    if (chosen === undefined) return { kind: 'series', points: new Map() };
    return chosen;
  }
  if (condition.kind !== 'series') throw new UnsupportedExpressionError('IF() over the series of a SEARCH is not evaluated locally');
  const points = new Map<number, number>();
  for (const [time, value] of condition.points) {
    const chosen = at(value !== 0 ? then : otherwise, time);
    if (chosen !== undefined && Number.isFinite(chosen)) points.set(time, chosen);
  }
  return { kind: 'series', points };
}

function fillMissing(value: MathValue | undefined, fill: number, periodStarts: readonly number[]): MathValue {
  const filled = (points: Points): Map<number, number> => new Map(periodStarts.map((time) => [time, points.get(time) ?? fill]));
  if (value === undefined || value.kind === 'scalar') return value ?? { kind: 'scalar', value: fill };
  if (value.kind === 'series') return { kind: 'series', points: filled(value.points) };
  return { kind: 'array', members: value.members.map((member) => ({ label: member.label, points: filled(member.points) })) };
}

function combine(operator: string, left: MathValue, right: MathValue): MathValue {
  const apply = (a: number, b: number): number | undefined => {
    const result = operate(operator, a, b);
    return Number.isFinite(result) ? result : undefined;
  };
  if (left.kind === 'scalar' && right.kind === 'scalar') {
    const result = apply(left.value, right.value);
    if (result === undefined) throw new UnsupportedExpressionError(`${left.value} ${operator} ${right.value} is not a number`);
    return { kind: 'scalar', value: result };
  }
  if (left.kind === 'array' || right.kind === 'array') {
    if (left.kind === 'array' && right.kind === 'scalar') {
      return { kind: 'array', members: left.members.map((member) => ({ label: member.label, points: mapPoints(member.points, (value) => apply(value, right.value)) })) };
    }
    if (right.kind === 'array' && left.kind === 'scalar') {
      return { kind: 'array', members: right.members.map((member) => ({ label: member.label, points: mapPoints(member.points, (value) => apply(left.value, value)) })) };
    }
    throw new UnsupportedExpressionError(`"${operator}" between the series of a SEARCH and another series is not evaluated locally`);
  }
  if (left.kind === 'series' && right.kind === 'scalar') return { kind: 'series', points: mapPoints(left.points, (value) => apply(value, right.value)) };
  if (left.kind === 'scalar' && right.kind === 'series') return { kind: 'series', points: mapPoints(right.points, (value) => apply(left.value, value)) };
  if (left.kind === 'series' && right.kind === 'series') {
    const points = new Map<number, number>();
    for (const [time, value] of left.points) {
      const other = right.points.get(time);
      if (other === undefined) continue;
      const result = apply(value, other);
      if (result !== undefined) points.set(time, result);
    }
    return { kind: 'series', points };
  }
  throw new UnsupportedExpressionError(`"${operator}" is not evaluated locally for these operands`);
}

function mapPoints(points: Points, map: (value: number) => number | undefined): Map<number, number> {
  const result = new Map<number, number>();
  for (const [time, value] of points) {
    const mapped = map(value);
    if (mapped !== undefined) result.set(time, mapped);
  }
  return result;
}

function operate(operator: string, a: number, b: number): number {
  switch (operator) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '>':
      return a > b ? 1 : 0;
    case '>=':
      return a >= b ? 1 : 0;
    case '<':
      return a < b ? 1 : 0;
    case '<=':
      return a <= b ? 1 : 0;
    case '==':
      return a === b ? 1 : 0;
    case '!=':
      return a !== b ? 1 : 0;
    default:
      throw new UnsupportedExpressionError(`operator "${operator}" is not evaluated locally`);
  }
}
