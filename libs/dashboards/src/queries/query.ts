import { MAX_SEARCH_QUERY_LENGTH } from '../constants';
import { DashboardValidationError } from '../errors';
import type { AnyAwsMetricQuery } from './aws-metric-query';
import type { AnyInsightsQuery } from './insights-query';
import type { MathExpression } from './math-expression';
import type { AnyPipelineQuery } from './pipeline-query';
import type { MetricsArrayEntry, RenderingProperties } from './series-display';

/** Anything a metric widget or an alarm can hold: typed queries and math over them. */
export type Query = AnyPipelineQuery | AnyAwsMetricQuery | AnyInsightsQuery | MathExpression;

/** What a query needs from its widget or alarm to render. */
export interface QueryContext {
  /** Namespace of the pipeline's metrics. */
  readonly namespace: string;
  /** Period of the widget or alarm, used when the query names none. */
  readonly period: number;
  /** Where errors point, e.g. `dashboard "…" › widget "…" › queries[2]`. */
  readonly location: string;
}

/**
 * Renders one query to an entry of a metric widget's `metrics` array, under id `id`.
 *
 * @throws {DashboardValidationError} when a name or value cannot be written into a SEARCH or
 *   Metrics Insights query
 */
export function renderQuery(query: Query, id: string, context: QueryContext): MetricsArrayEntry {
  const display = displayProperties(query, id);
  switch (query.kind) {
    case 'math':
      return [{ expression: query.expression, ...display, ...(query.period === undefined ? {} : { period: query.period }) }];
    case 'insights':
      return [{ expression: insightsExpression(query, context), ...display, period: query.period ?? context.period }];
    case 'pipeline': {
      const keys: readonly string[] = query.dimensionKeys;
      const where: Readonly<Record<string, string | undefined>> = query.where;
      if (keys.every((key) => where[key] !== undefined)) {
        const pairs = keys.flatMap((key) => [key, where[key] ?? '']);
        return [context.namespace, query.metric, ...pairs, { ...display, stat: query.stat, ...periodOf(query) }];
      }
      const expression = searchExpression(
        { namespace: context.namespace, metricName: query.metric, keys, where, stat: query.stat, period: query.period ?? context.period },
        context.location,
      );
      return [{ expression, ...display, label: searchLabel(query.label, keys, where) }];
    }
    case 'aws': {
      const fixed: Readonly<Record<string, string | undefined>> = query.dimensions;
      const fixedKeys = Object.keys(fixed).filter((key) => fixed[key] !== undefined);
      if (query.searchKeys === undefined) {
        const pairs = fixedKeys.flatMap((key) => [key, fixed[key] ?? '']);
        return [query.namespace, query.metricName, ...pairs, { ...display, stat: query.stat, ...periodOf(query) }];
      }
      const keys = [...new Set<string>([...query.searchKeys, ...fixedKeys])];
      const expression = searchExpression(
        {
          namespace: query.namespace,
          metricName: query.metricName,
          keys,
          where: fixed,
          nameToken: query.nameToken,
          stat: query.stat,
          period: query.period ?? context.period,
        },
        context.location,
      );
      return [{ expression, ...display, label: searchLabel(query.label, keys, fixed) }];
    }
  }
}

/** The parts of a SEARCH expression. */
export interface SearchParts {
  readonly namespace: string;
  readonly metricName: string;
  /** The metric schema's dimension keys: only metrics with exactly these keys match. */
  readonly keys: readonly string[];
  /** Exact-match values for some keys. */
  readonly where?: Readonly<Record<string, string | undefined>>;
  /** A partial-match token a key's value must contain. */
  readonly nameToken?: { readonly key: string; readonly token: string };
  readonly stat: string;
  readonly period: number;
}

/**
 * Writes a SEARCH expression: `SEARCH('{Namespace,Key1,Key2} MetricName="Name" Key1="value"', 'Stat', Period)`.
 * Exact-match values escape `"`, `\`, `(` and `)` with a backslash, as "CloudWatch search expression
 * syntax" requires.
 *
 * @throws {DashboardValidationError} when a value holds a single quote (it would end the query) or
 *   the query exceeds 1024 characters
 *
 * @example
 * searchExpression({ namespace: 'AWSBatchMetrics', metricName: 'JobStateTransitions', keys: ['State', 'JobQueue'], stat: 'Sum', period: 300 }, 'here');
 * // `SEARCH('{AWSBatchMetrics,State,JobQueue} MetricName="JobStateTransitions"', 'Sum', 300)`
 */
export function searchExpression(parts: SearchParts, location: string): string {
  const schema = [parts.namespace, ...parts.keys].map((name) => schemaName(name, location)).join(',');
  const terms = [`MetricName="${exact(parts.metricName, location)}"`];
  for (const [key, value] of Object.entries(parts.where ?? {})) {
    if (value !== undefined) terms.push(`${key}="${exact(value, location)}"`);
  }
  if (parts.nameToken !== undefined) {
    if (!/^[A-Za-z0-9]+$/.test(parts.nameToken.token)) {
      throw new DashboardValidationError(location, `expected an alphanumeric search token, found "${parts.nameToken.token}"`);
    }
    terms.push(`${parts.nameToken.key}=${parts.nameToken.token}`);
  }
  const query = `{${schema}} ${terms.join(' ')}`;
  if (query.length > MAX_SEARCH_QUERY_LENGTH) {
    throw new DashboardValidationError(location, `expected a SEARCH query of at most ${MAX_SEARCH_QUERY_LENGTH} characters, found ${query.length}`);
  }
  return `SEARCH('${query}', '${parts.stat}', ${parts.period})`;
}

/**
 * Writes a Metrics Insights query aggregating a catalog metric over one dimension set:
 * `SELECT SUM(PlacementFailures) FROM SCHEMA("AWSBatchMetrics", ComputeEnvironment)`.
 */
export function insightsExpression(query: AnyInsightsQuery, context: Pick<QueryContext, 'namespace' | 'location'>): string {
  if (context.namespace.includes('"')) {
    throw new DashboardValidationError(context.location, `expected a namespace without double quotes, found "${context.namespace}"`);
  }
  const keys: readonly string[] = query.dimensionKeys;
  const schema = [`"${context.namespace}"`, ...keys].join(', ');
  const where: Readonly<Record<string, string | undefined>> = query.where;
  const filters = Object.entries(where)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => {
      if (value.includes("'")) {
        throw new DashboardValidationError(context.location, `expected a dimension value without single quotes, found "${value}"`);
      }
      return `${key} = '${value}'`;
    });
  return `SELECT ${query.aggregate}(${query.metric}) FROM SCHEMA(${schema})${filters.length > 0 ? ` WHERE ${filters.join(' AND ')}` : ''}`;
}

function displayProperties(query: Query, id: string): RenderingProperties {
  const properties: RenderingProperties = { id };
  if (query.label !== undefined) properties.label = query.label;
  if (query.color !== undefined) properties.color = query.color;
  if (query.yAxis === 'right') properties.yAxis = 'right';
  if (query.visible === false) properties.visible = false;
  return properties;
}

function periodOf(query: { readonly period?: number }): { period?: number } {
  return query.period === undefined ? {} : { period: query.period };
}

/** A SEARCH returns one series per value combination: label each by the keys that vary. */
function searchLabel(prefix: string | undefined, keys: readonly string[], fixed: Readonly<Record<string, string | undefined>>): string {
  const varying = keys.filter((key) => fixed[key] === undefined).map((key) => `\${PROP('Dim.${key}')}`);
  return [...(prefix === undefined || prefix === '' ? [] : [prefix]), ...varying].join(' ');
}

function schemaName(name: string, location: string): string {
  if (/^[A-Za-z0-9_/]+$/.test(name)) return name;
  if (/["'\\]/.test(name)) throw new DashboardValidationError(location, `expected a namespace or dimension name without quotes or backslashes, found "${name}"`);
  return `"${name}"`;
}

function exact(value: string, location: string): string {
  if (value.includes("'")) {
    throw new DashboardValidationError(location, `expected a value without single quotes (it would end the SEARCH query), found "${value}"`);
  }
  return value.replace(/["\\()]/g, (character) => `\\${character}`);
}
