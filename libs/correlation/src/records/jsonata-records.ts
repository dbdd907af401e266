import type { DimensionOf, MetricName } from '@batchmon/metrics';

/** A JSONata expression (evaluated with `$states.input` and the variables of its state). */
export type Expression = string;

/** A JSONata string literal. */
export const literal = (value: string): Expression => JSON.stringify(value);

/**
 * A metric record built in a JSONata state, typed by the catalog like the JSONPath templates:
 * only the metric's own dimension keys compile. Fields whose expression evaluates to nothing are
 * left out (JSONata drops undefined values), so optional context costs no guard.
 */
export interface JsonataRecordTemplate<M extends MetricName> {
  readonly metric: M;
  /** Emitted only when this evaluates to true. @default always */
  readonly when?: Expression;
  /** @default 1 */
  readonly value?: Expression;
  /** @default the event's time */
  readonly time?: Expression;
  readonly dimensions: Partial<Record<DimensionOf<M>, Expression>>;
  readonly properties?: Readonly<Record<string, Expression>>;
}

/** Either kind of template (a heterogeneous list). */
export type AnyJsonataRecordTemplate = { [M in MetricName]: JsonataRecordTemplate<M> }[MetricName];

const object = (fields: Readonly<Record<string, Expression | undefined>>): Expression =>
  `{${Object.entries(fields)
    .filter((entry): entry is [string, Expression] => entry[1] !== undefined)
    .map(([key, value]) => `${JSON.stringify(key)}: ${value}`)
    .join(', ')}}`;

/** Renders one template as a JSONata expression yielding a `MetricRecord` (or nothing). */
export function jsonataRecord(template: AnyJsonataRecordTemplate): Expression {
  const record = object({
    metric: literal(template.metric),
    value: template.value ?? '1',
    time: template.time ?? '$states.input.time',
    dimensions: object(template.dimensions as Record<string, Expression | undefined>),
    properties: template.properties === undefined ? undefined : object(template.properties),
  });
  return template.when === undefined ? record : `(${template.when}) ? ${record} : undefined`;
}

/** A JSONata array of records; the ones whose `when` is false are left out. */
export function jsonataRecords(templates: readonly AnyJsonataRecordTemplate[]): Expression {
  return `[${templates.map(jsonataRecord).join(', ')}]`;
}
