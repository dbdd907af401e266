import { DEFAULT_LOG_QUERY_LIMIT } from '../constants';
import type { LogRecord } from '../series/local-metrics';

/** A Logs Insights result computed locally. */
export interface LogTable {
  /** The `fields` of the query, each with whether any matched record has it. */
  readonly columns: readonly { readonly name: string; readonly present: boolean }[];
  /** Cells as displayed (`@timestamp` as `2024-05-01 08:02:47.000`); `''` for an absent field. */
  readonly rows: readonly (readonly string[])[];
  /** Records the filters kept, before `limit`. */
  readonly matched: number;
}

/** A Logs Insights command or condition the local evaluator does not run; names it. */
export class UnsupportedLogQueryError extends Error {
  override readonly name = 'UnsupportedLogQueryError';
}

type Condition = (record: LogRecord) => boolean;

/**
 * Runs the subset of CloudWatch Logs Insights the dashboards' tables use over local log records:
 * `fields a, b`, `filter` with `ispresent(f)` and comparisons of a field with a quoted string or a
 * number (`=`, `!=`, `<`, `<=`, `>`, `>=`) joined by `and`, `sort f [asc|desc]` and `limit n`.
 *
 * @throws {UnsupportedLogQueryError} for any other command or condition (e.g. `stats`, `or`)
 *
 * @example
 * runInsightsQuery(['fields jobId, totalSeconds', 'filter ispresent(totalSeconds)', 'sort totalSeconds desc', 'limit 5'], records).rows;
 * // [['1c0e…', '1534.2'], …]
 */
export function runInsightsQuery(queryLines: readonly string[], records: readonly LogRecord[]): LogTable {
  let fields: string[] = ['@timestamp', '@message'];
  const conditions: Condition[] = [];
  let sort: { field: string; descending: boolean } | undefined;
  let limit = DEFAULT_LOG_QUERY_LIMIT;
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
  const kept = records.filter((record) => conditions.every((condition) => condition(record)));
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
  if (field === '@timestamp' && typeof value === 'number') return new Date(value).toISOString().replace('T', ' ').replace('Z', '');
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
