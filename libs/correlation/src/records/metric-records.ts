import type { DimensionOf, MetricName } from '@batchmon/metrics';
import type { Json, PassState } from '../asl/asl';

/**
 * A value in a record template: a JSONPath (`$.…` into the state input, `$$.…` into the context
 * object) or a literal string.
 */
export type Source = `$${string}` | (string & {});

/** The template of one metric record, typed by the catalog so only the metric's dimensions compile. */
export interface RecordTemplate<M extends MetricName> {
  readonly metric: M;
  /** JSONPath to the time the metric is stamped with; defaults to the event's `time`. */
  readonly time?: `$${string}`;
  /** Literal value; defaults to 1 (one occurrence). */
  readonly value?: number;
  /** JSONPath to a numeric value, instead of a literal one. */
  readonly valuePath?: `$${string}`;
  readonly dimensions: Partial<Record<DimensionOf<M>, Source>>;
  readonly properties?: Readonly<Record<string, Source>>;
}

const isPath = (source: string): boolean => source.startsWith('$');

/** Renders `{ key: source }` as ASL Parameters, with `.$` keys for paths. */
function fields(values: Readonly<Record<string, Source | undefined>>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [key, source] of Object.entries(values)) {
    if (source === undefined) continue;
    if (isPath(source)) out[`${key}.$`] = source;
    else out[key] = source;
  }
  return out;
}

/** Renders one record template as ASL Parameters building a `MetricRecord`. */
export function recordParameters<M extends MetricName>(template: RecordTemplate<M>): Json {
  const value: Record<string, Json> =
    template.valuePath === undefined ? { value: template.value ?? 1 } : { 'value.$': template.valuePath };
  const record: Record<string, Json> = {
    metric: template.metric,
    ...value,
    'time.$': template.time ?? '$.time',
    dimensions: fields(template.dimensions as Record<string, Source | undefined>),
  };
  if (template.properties !== undefined) record['properties'] = fields(template.properties);
  return record;
}

/** Either kind of record template (a heterogeneous list of metrics). */
export type AnyRecordTemplate = { [M in MetricName]: RecordTemplate<M> }[MetricName];

/**
 * A Pass state that puts the execution's metric message (`{ source, records }`, see
 * `MetricMessage`) at `$.message`, for the state that sends it.
 */
export function buildMessage(workflow: string, records: readonly AnyRecordTemplate[], next: string): PassState {
  return {
    Type: 'Pass',
    Parameters: { source: workflow, records: records.map((r) => recordParameters(r as RecordTemplate<MetricName>)) },
    ResultPath: '$.message',
    Next: next,
  };
}
