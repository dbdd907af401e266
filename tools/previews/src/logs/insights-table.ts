import { DEFAULT_LOG_QUERY_LIMIT } from '../constants';
import type { LogRecord } from '../series/local-metrics';
import { UnsupportedLogQueryError } from '../errors';

/** A Logs Insights result computed locally. */
export interface LogTable {
  /** The `fields` of the query, each with whether any matched record has it. */
  readonly columns: readonly { readonly name: string; readonly present: boolean }[];
  /** Cells as displayed (`@timestamp` as `2024-05-01 08:02:47.000`); `''` for an absent field. */
  readonly rows: readonly (readonly string[])[];
  /** Records the filters kept, before `limit`. */
  readonly matched: number;
}

type Condition = (record: LogRecord) => boolean;

/**
 * Runs the subset of CloudWatch Logs Insights the dashboards' tables use over local log records:
 * `fields a, b`, `filter` with `ispresent(f)` and comparisons of a field with a quoted string or a
 * number (`=`, `!=`, `<`, `<=`, `>`, `>=`) joined by `and`, `stats` with `sum`, `avg`, `min`,
 * `max`, `count` and `pct(f, n)` (each optionally `as` an alias) `by` fields and `bin(n[s|m|h])`,
 * `sort f [asc|desc]` and `limit n`. Commands run in order: a `stats` aggregates the records the
 * filters before it kept, and the commands after it see its rows.
 *
 * @throws {UnsupportedLogQueryError} for any other command or condition (e.g. `parse`, `or`)
 *
 * @example
 * runInsightsQuery(['fields jobId, totalSeconds', 'filter ispresent(totalSeconds)', 'sort totalSeconds desc', 'limit 5'], records).rows;
 * // [['1c0e…', '1534.2'], …]
 */
export function runInsightsQuery(queryLines: readonly string[], records: readonly LogRecord[]): LogTable {
  let fields: string[] = ['@timestamp', '@message'];
  let conditions: Condition[] = [];
  let sort: { field: string; descending: boolean } | undefined;
  let limit = DEFAULT_LOG_QUERY_LIMIT;
  let input: readonly LogRecord[] = records;
  for (const line of queryLines.flatMap((part) => part.split('|')).map((part) => part.trim()).filter((part) => part.length > 0)) {
    const [command = '', ...rest] = line.split(/\s+/);
    const argument = line.slice(command.length).trim();
    switch (command) {
      case 'fields':
        fields = argument.split(',').map((field) => field.trim()).filter((field) => field.length > 0);
        break;
      case 'filter':
        conditions.push(parseCondition(argument));
        break;
      case 'stats': {
        const kept = conditions;
        const stats = parseStats(argument, line);
        input = aggregate(stats, input.filter((record) => kept.every((condition) => condition(record))));
        conditions = [];
        fields = [...stats.groups.map((group) => group.name), ...stats.aggregations.map((aggregation) => aggregation.alias)];
        break;
      }
      case 'sort': {
        const [field, order = 'asc'] = rest;
        if (field === undefined || (order !== 'asc' && order !== 'desc') || rest.length > 2) throw new UnsupportedLogQueryError(`"${line}" is not a sort this preview runs`);
        sort = { field, descending: order === 'desc' };
        break;
      }
      case 'limit': {
        const count = Number(argument);
        if (!Number.isInteger(count) || count < 1) throw new UnsupportedLogQueryError(`"${line}": expected a positive whole number`);
        limit = count;
        break;
      }
      default:
        throw new UnsupportedLogQueryError(`the command "${command}" is not run locally`);
    }
  }
  const kept = input.filter((record) => conditions.every((condition) => condition(record)));
  if (sort !== undefined) {
    const { field, descending } = sort;
    kept.sort((a, b) => compare(valueOf(a, field), valueOf(b, field), descending));
  }
  const shown = kept.slice(0, limit);
  return {
    columns: fields.map((name) => ({ name, present: shown.some((record) => valueOf(record, name) !== undefined) })),
    rows: shown.map((record) => fields.map((name) => display(name, valueOf(record, name)))),
    matched: kept.length,
  };
}

interface Aggregation {
  readonly alias: string;
  /** `count` counts the records that carry the field; the others read its numeric values. */
  readonly counts: boolean;
  readonly compute: (values: readonly number[]) => number | undefined;
  readonly field: string;
}

interface Group {
  readonly name: string;
  /** The group's value for a record; `undefined` leaves it empty (Logs Insights groups absent values together). */
  readonly valueOf: (record: LogRecord) => unknown;
}

interface Stats {
  readonly aggregations: readonly Aggregation[];
  readonly groups: readonly Group[];
}

const BIN_UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000 };

function parseStats(argument: string, line: string): Stats {
  const [aggregationText = '', groupText] = argument.split(/\s+by\s+/i);
  const aggregations = splitTopLevel(aggregationText).map((text): Aggregation => {
    const match = /^(sum|avg|min|max|count|pct)\(\s*([@\w.*]+)\s*(?:,\s*(\d+(?:\.\d+)?)\s*)?\)(?:\s+as\s+(\w+))?$/i.exec(text);
    if (!match) throw new UnsupportedLogQueryError(`"${line}": the aggregation "${text}" is not run locally`);
    const [, name = '', field = '', percentile, alias] = match;
    const fn = name.toLowerCase();
    if ((fn === 'pct') !== (percentile !== undefined)) throw new UnsupportedLogQueryError(`"${line}": "${text}" is not run locally`);
    return { alias: alias ?? text, field, counts: fn === 'count', compute: aggregationFunction(fn, Number(percentile)) };
  });
  const groups = groupText === undefined ? [] : splitTopLevel(groupText).map((text): Group => {
    const bin = /^bin\(\s*(\d+)\s*([smh])\s*\)$/.exec(text);
    if (bin) {
      const width = Number(bin[1]) * (BIN_UNIT_MS[bin[2] ?? ''] ?? 0);
      return { name: text, valueOf: (record) => Math.floor(record.timestamp / width) * width };
    }
    if (!/^[@\w.]+$/.test(text)) throw new UnsupportedLogQueryError(`"${line}": the grouping "${text}" is not run locally`);
    return { name: text, valueOf: (record) => valueOf(record, text) };
  });
  return { aggregations, groups };
}

/** Splits on commas outside parentheses: `pct(a, 90), sum(b)` → `pct(a, 90)`, `sum(b)`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const character of text) {
    if (character === ',' && depth === 0) {
      parts.push(current.trim());
      current = '';
      continue;
    }
    if (character === '(') depth += 1;
    if (character === ')') depth -= 1;
    current += character;
  }
  if (current.trim().length > 0) parts.push(current.trim());
  return parts;
}

function aggregationFunction(name: string, percentile: number): (values: readonly number[]) => number | undefined {
  switch (name) {
    case 'sum':
      return (values) => values.reduce((total, value) => total + value, 0);
    case 'avg':
      return (values) => (values.length === 0 ? undefined : values.reduce((total, value) => total + value, 0) / values.length);
    case 'min':
      return (values) => (values.length === 0 ? undefined : Math.min(...values));
    case 'max':
      return (values) => (values.length === 0 ? undefined : Math.max(...values));
    case 'count':
      return (values) => values.length;
    default:
      // Nearest rank; Logs Insights' pct() is an approximation of the same order statistic.
      return (values) => {
        if (values.length === 0) return undefined;
        const sorted = [...values].sort((a, b) => a - b);
        return sorted[Math.max(0, Math.ceil((percentile / 100) * sorted.length) - 1)];
      };
  }
}

/** One row per distinct group, in order of first appearance; `@timestamp` is the row's bin, if any. */
function aggregate(stats: Stats, records: readonly LogRecord[]): LogRecord[] {
  const groups = new Map<string, { readonly key: readonly unknown[]; readonly members: LogRecord[] }>();
  for (const record of records) {
    const key = stats.groups.map((group) => group.valueOf(record));
    const id = JSON.stringify(key);
    const existing = groups.get(id);
    if (existing) existing.members.push(record);
    else groups.set(id, { key, members: [record] });
  }
  return [...groups.values()].map(({ key, members }) => {
    const fields: Record<string, unknown> = {};
    stats.groups.forEach((group, index) => (fields[group.name] = key[index]));
    for (const aggregation of stats.aggregations) {
      const values = members.flatMap((member) => {
        const value = aggregation.field === '*' ? 1 : valueOf(member, aggregation.field);
        if (aggregation.counts) return value === undefined ? [] : [1];
        return typeof value === 'number' ? [value] : [];
      });
      fields[aggregation.alias] = aggregation.compute(values);
    }
    const bin = stats.groups.findIndex((group) => group.name.startsWith('bin('));
    const timestamp = bin >= 0 && typeof key[bin] === 'number' ? key[bin] : (members[0]?.timestamp ?? 0);
    return { timestamp, fields };
  });
}

function parseCondition(text: string): Condition {
  if (/\sor\s/i.test(text)) throw new UnsupportedLogQueryError(`"filter ${text}": "or" is not run locally`);
  const clauses = text.split(/\s+and\s+/i).map((clause) => parseClause(clause.trim(), text));
  return (record) => clauses.every((clause) => clause(record));
}

function parseClause(clause: string, filter: string): Condition {
  const present = /^ispresent\(\s*([@\w.]+)\s*\)$/.exec(clause);
  if (present) {
    const field = present[1] ?? '';
    return (record) => valueOf(record, field) !== undefined;
  }
  const comparison = /^([@\w.]+)\s*(=|!=|<=|>=|<|>)\s*(?:'([^']*)'|"([^"]*)"|(-?\d+(?:\.\d+)?))$/.exec(clause);
  if (!comparison) throw new UnsupportedLogQueryError(`"filter ${filter}": the condition "${clause}" is not run locally`);
  const [, field = '', operator = '=', single, double, number] = comparison;
  const expected: string | number = number !== undefined ? Number(number) : (single ?? double ?? '');
  return (record) => {
    const actual = valueOf(record, field);
    if (actual === undefined) return operator === '!=';
    const order = compare(actual, expected, false);
    switch (operator) {
      case '=':
        return order === 0;
      case '!=':
        return order !== 0;
      case '<':
        return order < 0;
      case '<=':
        return order <= 0;
      case '>':
        return order > 0;
      default:
        return order >= 0;
    }
  };
}

function valueOf(record: LogRecord, field: string): unknown {
  if (field === '@timestamp') return record.timestamp;
  if (field === '@message') return JSON.stringify(record.fields);
  return record.fields[field];
}

/** Orders two field values: numbers numerically, anything else as text; absent values last. */
function compare(a: unknown, b: unknown, descending: boolean): number {
  if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
  const order = typeof a === 'number' && typeof b === 'number' ? a - b : String(a).localeCompare(String(b));
  return descending ? -order : order;
}

function display(field: string, value: unknown): string {
  if (value === undefined) return '';
  if ((field === '@timestamp' || field.startsWith('bin(')) && typeof value === 'number') return new Date(value).toISOString().replace('T', ' ').replace('Z', '');
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
