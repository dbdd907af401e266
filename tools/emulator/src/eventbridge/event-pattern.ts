import { describeValue as describe, isRecord } from '../json';

/** An EventBridge event pattern (the `EventPattern` of a rule). */
export type EventPattern = Readonly<Record<string, unknown>>;

/** A compiled pattern: tells whether an event matches. */
export type EventMatcher = (event: unknown) => boolean;

/** A compiled leaf condition: `present` tells whether the field has leaf values, `values` holds them. */
type LeafMatcher = (values: readonly unknown[], present: boolean) => boolean;

type ValueTest = (value: unknown) => boolean;

const OPERATORS = ['prefix', 'suffix', 'equals-ignore-case', 'wildcard', 'anything-but', 'numeric', 'exists', 'cidr'] as const;

/**
 * Compiles an EventBridge event pattern, checking it as EventBridge does when a rule is created.
 *
 * Semantics: every field of the pattern must match (AND); the values listed for a field are
 * alternatives (OR); nested objects match nested fields; a field whose event value is an array
 * matches when any element matches (arrays of objects are matched element by element); `$or`
 * takes alternative sub-patterns. Operators: exact values (strings, numbers, booleans, null),
 * `prefix`, `suffix` (each also with `equals-ignore-case`), `equals-ignore-case`, `wildcard`,
 * `anything-but` (a value, a list, `prefix`, `suffix`, `equals-ignore-case`, `wildcard`),
 * `numeric`, `exists` and `cidr` (IPv4). As in EventBridge, operators only test leaf values:
 * `exists: true` does not match a field holding an object, and an empty array counts as absent.
 *
 * @param where names the pattern in error messages (e.g. the rule's logical id).
 * @throws when the pattern is not valid, naming the field path and what was found.
 * @example
 * ```ts
 * const matches = compileEventPattern({ source: ['aws.batch'], detail: { status: [{ 'anything-but': 'SUBMITTED' }] } });
 * matches({ source: 'aws.batch', detail: { status: 'RUNNING' } }); // true
 * ```
 */
export function compileEventPattern(pattern: unknown, where = 'EventPattern'): EventMatcher {
  if (!isRecord(pattern)) throw new Error(`${where}: expected an object, found ${describe(pattern)}`);
  if (Object.keys(pattern).length === 0) throw new Error(`${where}: expected at least one field, found an empty pattern`);
  const match = compileObject(pattern, where);
  return (event) => match(isRecord(event) ? event : {});
}

/** Whether `event` matches `pattern` (compiles the pattern each time; compile once for many events). */
export function matchesEventPattern(pattern: EventPattern, event: unknown): boolean {
  return compileEventPattern(pattern)(event);
}

function compileObject(pattern: Record<string, unknown>, where: string): (event: Record<string, unknown>) => boolean {
  const tests: ((event: Record<string, unknown>) => boolean)[] = [];
  for (const [key, value] of Object.entries(pattern)) {
    const at = `${where}.${key}`;
    if (key === '$or') {
      if (!Array.isArray(value) || value.length < 2) throw new Error(`${at}: expected a list of at least two patterns, found ${describe(value)}`);
      const alternatives = value.map((alternative, i) => {
        if (!isRecord(alternative)) throw new Error(`${at}[${i}]: expected a pattern object, found ${describe(alternative)}`);
        return compileObject(alternative, `${at}[${i}]`);
      });
      tests.push((event) => alternatives.some((alternative) => alternative(event)));
    } else if (Array.isArray(value)) {
      const leaf = compileLeaf(value, at);
      tests.push((event) => {
        const values = leafValues(event[key]);
        return leaf(values, values.length > 0);
      });
    } else if (isRecord(value)) {
      const nested = compileObject(value, at);
      tests.push((event) => {
        const field = event[key];
        if (Array.isArray(field)) {
          const objects = field.flat(Infinity).filter(isRecord);
          // An absent nested object still lets `exists: false` inside the pattern match.
          return objects.length === 0 ? nested({}) : objects.some((element) => nested(element));
        }
        return nested(isRecord(field) ? field : {});
      });
    } else {
      throw new Error(`${at}: expected a list of match values or a nested pattern object, found ${describe(value)}`);
    }
  }
  return (event) => tests.every((test) => test(event));
}

/** The leaf (non-object) values of a field: itself, or the scalar elements of an array, flattened. */
function leafValues(field: unknown): unknown[] {
  if (field === undefined) return [];
  if (Array.isArray(field)) return field.flat(Infinity).filter((value) => !isRecord(value));
  return isRecord(field) ? [] : [field];
}

function compileLeaf(alternatives: readonly unknown[], where: string): LeafMatcher {
  if (alternatives.length === 0) throw new Error(`${where}: expected at least one match value, found an empty list`);
  const matchers = alternatives.map((alternative, i) => compileAlternative(alternative, `${where}[${i}]`));
  return (values, present) => matchers.some((matcher) => matcher(values, present));
}

function compileAlternative(alternative: unknown, where: string): LeafMatcher {
  if (alternative === null || typeof alternative === 'string' || typeof alternative === 'number' || typeof alternative === 'boolean') {
    return anyValue((value) => value === alternative);
  }
  if (!isRecord(alternative)) throw new Error(`${where}: expected a value or an operator object, found ${describe(alternative)}`);
  const keys = Object.keys(alternative);
  const [operator] = keys;
  if (keys.length !== 1 || operator === undefined) {
    throw new Error(`${where}: expected an object with exactly one operator (${OPERATORS.join(', ')}), found ${describe(alternative)}`);
  }
  const argument = alternative[operator];
  const at = `${where}.${operator}`;
  switch (operator) {
    case 'exists':
      if (typeof argument !== 'boolean') throw new Error(`${at}: expected true or false, found ${describe(argument)}`);
      return (_values, present) => present === argument;
    case 'prefix':
    case 'suffix':
      return anyValue(compileAffix(operator, argument, at));
    case 'equals-ignore-case': {
      const expected = expectString(argument, at).toLowerCase();
      return anyValue((value) => typeof value === 'string' && value.toLowerCase() === expected);
    }
    case 'wildcard': {
      const regex = wildcardRegex(expectString(argument, at), at);
      return anyValue((value) => typeof value === 'string' && regex.test(value));
    }
    case 'numeric': {
      const test = compileNumeric(argument, at);
      return anyValue((value) => typeof value === 'number' && test(value));
    }
    case 'cidr': {
      const test = compileCidr(expectString(argument, at), at);
      return anyValue((value) => typeof value === 'string' && test(value));
    }
    case 'anything-but': {
      const excluded = compileAnythingBut(argument, at);
      return anyValue((value) => !excluded(value));
    }
    default:
      throw new Error(`${where}: expected one of the operators ${OPERATORS.join(', ')}, found "${operator}"`);
  }
}

/** Matches when some leaf value passes (a present field); never matches an absent field. */
function anyValue(test: ValueTest): LeafMatcher {
  return (values) => values.some(test);
}

function compileAffix(operator: 'prefix' | 'suffix', argument: unknown, where: string): ValueTest {
  let expected: string;
  let ignoreCase = false;
  if (isRecord(argument)) {
    const keys = Object.keys(argument);
    if (keys.length !== 1 || keys[0] !== 'equals-ignore-case') {
      throw new Error(`${where}: expected a string or { "equals-ignore-case": string }, found ${describe(argument)}`);
    }
    expected = expectString(argument['equals-ignore-case'], `${where}.equals-ignore-case`).toLowerCase();
    ignoreCase = true;
  } else {
    expected = expectString(argument, where);
  }
  return (value) => {
    if (typeof value !== 'string') return false;
    const subject = ignoreCase ? value.toLowerCase() : value;
    return operator === 'prefix' ? subject.startsWith(expected) : subject.endsWith(expected);
  };
}

/** The values `anything-but` excludes, as a test: true when the value is excluded. */
function compileAnythingBut(argument: unknown, where: string): ValueTest {
  if (typeof argument === 'string' || typeof argument === 'number') return (value) => value === argument;
  if (Array.isArray(argument)) {
    if (argument.length === 0) throw new Error(`${where}: expected at least one value to exclude, found an empty list`);
    argument.forEach((item, i) => {
      if (typeof item !== 'string' && typeof item !== 'number') throw new Error(`${where}[${i}]: expected a string or number, found ${describe(item)}`);
    });
    return (value) => argument.includes(value);
  }
  if (isRecord(argument)) {
    const keys = Object.keys(argument);
    const [operator] = keys;
    const inner = operator === undefined ? undefined : argument[operator];
    const at = `${where}.${operator ?? ''}`;
    if (keys.length === 1 && (operator === 'prefix' || operator === 'suffix')) {
      return compileAffix(operator, inner, at);
    }
    if (keys.length === 1 && operator === 'equals-ignore-case') {
      const excluded = stringOrList(inner, at).map((text) => text.toLowerCase());
      return (value) => typeof value === 'string' && excluded.includes(value.toLowerCase());
    }
    if (keys.length === 1 && operator === 'wildcard') {
      const regexes = stringOrList(inner, at).map((text, i) => wildcardRegex(text, `${at}[${i}]`));
      return (value) => typeof value === 'string' && regexes.some((regex) => regex.test(value));
    }
  }
  throw new Error(`${where}: expected a value, a list of values, or one of prefix, suffix, equals-ignore-case, wildcard; found ${describe(argument)}`);
}

function compileNumeric(argument: unknown, where: string): (value: number) => boolean {
  if (!Array.isArray(argument) || (argument.length !== 2 && argument.length !== 4)) {
    throw new Error(`${where}: expected [operator, number] or [operator, number, operator, number], found ${describe(argument)}`);
  }
  const tests: ((value: number) => boolean)[] = [];
  for (let i = 0; i < argument.length; i += 2) {
    const operator = argument[i];
    const bound = argument[i + 1];
    if (typeof bound !== 'number') throw new Error(`${where}[${i + 1}]: expected a number, found ${describe(bound)}`);
    switch (operator) {
      case '=':
        tests.push((value) => value === bound);
        break;
      case '<':
        tests.push((value) => value < bound);
        break;
      case '<=':
        tests.push((value) => value <= bound);
        break;
      case '>':
        tests.push((value) => value > bound);
        break;
      case '>=':
        tests.push((value) => value >= bound);
        break;
      default:
        throw new Error(`${where}[${i}]: expected one of =, <, <=, >, >=, found ${describe(operator)}`);
    }
  }
  return (value) => tests.every((test) => test(value));
}

function compileCidr(block: string, where: string): (value: string) => boolean {
  const match = /^(\d{1,3}(?:\.\d{1,3}){3})\/(\d{1,2})$/.exec(block);
  const base = match?.[1] === undefined ? undefined : ipv4ToNumber(match[1]);
  const bits = Number(match?.[2]);
  if (base === undefined || bits > 32) throw new Error(`${where}: expected an IPv4 CIDR block such as 10.0.0.0/24 (IPv6 is not emulated), found "${block}"`);
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (value) => {
    const address = ipv4ToNumber(value);
    return address !== undefined && ((address & mask) >>> 0) === ((base & mask) >>> 0);
  };
}

function ipv4ToNumber(text: string): number | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let result = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
    result = result * 256 + Number(part);
  }
  return result;
}

/** A wildcard pattern as a regex: `*` matches any run of characters, `\*` a literal star. */
function wildcardRegex(pattern: string, where: string): RegExp {
  if (/(?<!\\)\*\*/.test(pattern)) throw new Error(`${where}: expected no consecutive wildcard characters, found "${pattern}"`);
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern.charAt(i);
    if (char === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
      source += `\\${pattern.charAt(i + 1)}`;
      i++;
    } else if (char === '*') {
      source += '.*';
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 's');
}

function stringOrList(argument: unknown, where: string): string[] {
  if (typeof argument === 'string') return [argument];
  if (Array.isArray(argument) && argument.length > 0) return argument.map((item, i) => expectString(item, `${where}[${i}]`));
  throw new Error(`${where}: expected a string or a non-empty list of strings, found ${describe(argument)}`);
}

function expectString(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new Error(`${where}: expected a string, found ${describe(value)}`);
  return value;
}
