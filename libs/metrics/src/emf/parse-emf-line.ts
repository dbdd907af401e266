import { z } from 'zod';
import { describeIssue, describeValue } from '../validation/describe-issue';
import { EmfParseError } from '../errors';

/** One metric of an EMF line, with the value(s) its target member holds. */
export interface EmfMetric {
  readonly name: string;
  /** CloudWatch unit; `None` when the line omits it, as CloudWatch reads it. */
  readonly unit: string;
  /** The target member: one value, or an array when several datapoints share the line. */
  readonly value: number | readonly number[];
}

/** An EMF line read back: what CloudWatch would extract from it. */
export interface EmfLine {
  readonly namespace: string;
  /** `_aws.Timestamp`, epoch milliseconds: the time the datapoints are stamped with. */
  readonly timestamp: number;
  readonly metrics: readonly EmfMetric[];
  /** The directive's dimension sets (keys only); `[[]]` is one set without dimensions. */
  readonly dimensionSets: readonly (readonly string[])[];
  /** The value of every key any dimension set uses. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** Every other root member (not `_aws`, not a metric, not a dimension). */
  readonly properties: Readonly<Record<string, unknown>>;
}

const directiveSchema = z.object({
  Namespace: z.string().min(1),
  Dimensions: z.array(z.array(z.string())),
  Metrics: z.array(z.object({ Name: z.string().min(1), Unit: z.string().optional() })),
});

const documentSchema = z.looseObject({
  _aws: z.looseObject({
    Timestamp: z.number().int().nonnegative(),
    CloudWatchMetrics: z.array(directiveSchema),
  }),
});

/**
 * Reads one EMF line (as aws-embedded-metrics writes it) into its namespace, timestamp, metrics,
 * dimension sets and values, and remaining properties. Checks what CloudWatch needs to extract the
 * metrics: the metadata shape, a number (or number array) for every metric and a string for every
 * dimension key on the root node.
 *
 * Only lines with exactly one metric directive are accepted: that is what the emitter writes, and
 * it keeps one namespace per line.
 *
 * @throws {EmfParseError} naming the member at fault
 *
 * @example
 * const line = parseEmfLine(lines[0]);
 * line.metrics; // [{ name: 'JobStateTransitions', unit: 'Count', value: 1 }]
 * line.dimensions; // { State: 'RUNNING', JobQueue: 'high' }
 */
export function parseEmfLine(line: string): EmfLine {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new EmfParseError('(line)', `expected a JSON document, found ${describeValue(line)} (${detail})`);
  }
  const result = documentSchema.safeParse(json);
  if (!result.success) {
    const [issue] = result.error.issues;
    const problem = issue === undefined ? { path: '(root)', reason: 'invalid document' } : describeIssue(issue, json);
    throw new EmfParseError(problem.path, problem.reason);
  }
  const root: Record<string, unknown> = result.data;
  const directives = result.data._aws.CloudWatchMetrics;
  const [directive] = directives;
  if (directive === undefined || directives.length > 1) {
    throw new EmfParseError(
      '_aws.CloudWatchMetrics',
      `expected exactly one metric directive, found ${directives.length}`,
    );
  }

  const metrics = directive.Metrics.map((definition, index): EmfMetric => {
    const value = root[definition.Name];
    if (!isMetricValue(value)) {
      throw new EmfParseError(
        definition.Name,
        `expected a number or a non-empty array of numbers for metric _aws.CloudWatchMetrics.0.Metrics.${index}, found ${describeValue(value)}`,
      );
    }
    return { name: definition.Name, unit: definition.Unit ?? 'None', value };
  });

  const dimensions: Record<string, string> = {};
  directive.Dimensions.forEach((keys, setIndex) =>
    keys.forEach((key) => {
      const value = root[key];
      if (typeof value !== 'string') {
        throw new EmfParseError(
          key,
          `expected a string for dimension _aws.CloudWatchMetrics.0.Dimensions.${setIndex}, found ${describeValue(value)}`,
        );
      }
      dimensions[key] = value;
    }),
  );

  const reserved = new Set(['_aws', ...metrics.map((m) => m.name), ...Object.keys(dimensions)]);
  const properties = Object.fromEntries(Object.entries(root).filter(([key]) => !reserved.has(key)));

  return {
    namespace: directive.Namespace,
    timestamp: result.data._aws.Timestamp,
    metrics,
    dimensionSets: directive.Dimensions,
    dimensions,
    properties,
  };
}

function isMetricValue(value: unknown): value is number | number[] {
  if (typeof value === 'number') return Number.isFinite(value);
  return Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'number' && Number.isFinite(v));
}
