import { Constants } from 'aws-embedded-metrics/lib/Constants';
import type { EnvironmentProvider } from 'aws-embedded-metrics/lib/environment/EnvironmentDetector';
import { MetricsContext } from 'aws-embedded-metrics/lib/logger/MetricsContext';
import { MetricsLogger } from 'aws-embedded-metrics/lib/logger/MetricsLogger';
import { catalogDimensionKeys, METRIC_CATALOG, type MetricName, type MetricsProfile, type MetricUnit } from '../catalog/catalog';
import { WORKFLOW_PROPERTY } from '../constants';
import type { MetricRecord } from '../records/metric-record';
import { describeValue } from '../validation/describe-issue';
import { applicableDimensionSets } from './dimension-sets';
import { normalizeDimensions } from './normalize-dimensions';
import { RecordRejectedError } from '../errors';

/** Which event times the emitter accepts (see `MetricsHandlerOptions.timestampWindow`). */
export type TimestampWindow = 'cloudwatch' | 'any';

const DAY_MS = 24 * 60 * 60 * 1000;
const HOUR_MS = 60 * 60 * 1000;

/** Where and how {@link prepareRecordLogger} publishes a record. */
export interface RecordLoggerSettings {
  readonly namespace: string;
  /** Which catalog dimension sets are published. */
  readonly profile: MetricsProfile;
  readonly resolveEnvironment: EnvironmentProvider;
  /** Field path of the record in its message (`records.3`), for error messages. */
  readonly path: string;
  /** @default 'cloudwatch' */
  readonly timestampWindow?: TimestampWindow;
}

/** One record ready to write: its logger, and what decides whether another record may share its line. */
export interface PreparedRecord {
  readonly logger: MetricsLogger;
  /** Records with the same key have the same namespace, time and dimension sets (values included). */
  readonly lineKey: string;
  readonly metric: MetricName;
  readonly value: number;
  readonly unit: MetricUnit;
  /** Every top-level field besides the metric: kept properties, the workflow and the dimension values. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * Builds, without flushing, the MetricsLogger for one record: every library validation runs here,
 * so a message whose records all prepare can then be written in full. Writing part of a message
 * and failing on a later record would re-publish the written part when SQS redelivers it. Only
 * the fields a query can read are written (log ingestion is billed per byte): the properties the
 * catalog keeps for the metric (see `MetricDefinition.properties`) and the values of the keys of
 * its dimension sets in any profile, and the source workflow (`infra:smoke` finds each workflow's
 * line by it).
 *
 * @throws {RecordRejectedError} when a value breaks a CloudWatch limit the schema does not cover
 */
export function prepareRecordLogger(
  record: MetricRecord,
  source: string,
  settings: RecordLoggerSettings,
): PreparedRecord {
  const { namespace, profile, resolveEnvironment, path, timestampWindow = 'cloudwatch' } = settings;
  const context = MetricsContext.empty();
  const logger = new MetricsLogger(resolveEnvironment, context);
  logger.setNamespace(namespace);

  const time = Date.parse(record.time);
  const now = Date.now();
  // CloudWatch drops EMF datapoints stamped outside this window; rejecting the message instead
  // sends it to the DLQ, where the loss is visible.
  const outside = time < now - Constants.MAX_TIMESTAMP_PAST_AGE || time > now + Constants.MAX_TIMESTAMP_FUTURE_AGE;
  if (outside && timestampWindow === 'cloudwatch') {
    throw new RecordRejectedError({
      path: `${path}.time`,
      reason:
        `expected a time CloudWatch accepts (at most ${Constants.MAX_TIMESTAMP_PAST_AGE / DAY_MS} days old and ` +
        `${Constants.MAX_TIMESTAMP_FUTURE_AGE / HOUR_MS} hours ahead of now), found ${describeValue(record.time)}`,
    });
  }
  if (outside) {
    // The library's setTimestamp enforces CloudWatch's window; a local replay of an old capture
    // keeps the event's own time, so it is stamped on the context directly.
    context.meta['Timestamp'] = time;
  } else guard(`${path}.time`, () => logger.setTimestamp(time));

  const dimensions = normalizeDimensions(record.dimensions);
  const sets = applicableDimensionSets(record.metric, dimensions, profile);
  // `[{}]` serializes as `"Dimensions": [[]]`: one dimension set with no keys, i.e. the metric
  // without dimensions, so a record that fills no set is still counted. `false` drops the
  // library's ServiceName/ServiceType/LogGroup defaults, which would multiply every series.
  guard(`${path}.dimensions`, () => logger.setDimensions(sets.length > 0 ? sets : [{}], false));

  const kept: readonly string[] | 'all' = METRIC_CATALOG[record.metric].properties;
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record.properties ?? {})) {
    // A property must never overwrite a dimension value on the root node: the datapoint would
    // move to another series (and a raw ARN there would unbound cardinality).
    if (!(key in dimensions) && key !== record.metric && (kept === 'all' || kept.includes(key))) fields[key] = value;
  }
  fields[WORKFLOW_PROPERTY] = source;
  // The dimension values are written last (so they win over the properties above): those of the
  // keys of the metric's sets, even the sets this profile does not publish, so Logs Insights
  // answers those breakdowns from the lines; the others no query reads.
  const keys: readonly string[] = catalogDimensionKeys(record.metric);
  for (const [key, value] of Object.entries(dimensions)) if (keys.includes(key)) fields[key] = value;
  for (const [key, value] of Object.entries(fields)) logger.setProperty(key, value);

  const unit = METRIC_CATALOG[record.metric].unit;
  guard(`${path}.value`, () => logger.putMetric(record.metric, record.value, unit));
  const lineKey = JSON.stringify([namespace, context.meta['Timestamp'], sets]);
  return { logger, lineKey, metric: record.metric, value: record.value, unit, fields };
}

/**
 * The loggers that write `records`, several records to a line where they can share one: the
 * same namespace, time and dimension sets, different metrics, and no field with two values. An
 * EMF document's metrics all share its dimension sets, so this changes no series; it saves the
 * repeated metadata and fields of each line (e.g. the four capacity levels of one instance change).
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 *
 * @example
 * for (const logger of shareLines(prepared)) await logger.flush();
 */
export function shareLines(records: readonly PreparedRecord[]): MetricsLogger[] {
  const lines: { readonly first: PreparedRecord; readonly metrics: Set<string>; readonly fields: Record<string, unknown> }[] = [];
  for (const record of records) {
    const line = lines.find(
      (open) =>
        open.first.lineKey === record.lineKey &&
        !open.metrics.has(record.metric) &&
        Object.entries(record.fields).every(([key, value]) => !(key in open.fields) || open.fields[key] === value),
    );
    if (line === undefined) {
      lines.push({ first: record, metrics: new Set([record.metric]), fields: { ...record.fields } });
      continue;
    }
    line.metrics.add(record.metric);
    for (const [key, value] of Object.entries(record.fields)) {
      if (!(key in line.fields)) {
        line.fields[key] = value;
        line.first.logger.setProperty(key, value);
      }
    }
    // Validated when the record was prepared with the same name, value and unit.
    line.first.logger.putMetric(record.metric, record.value, record.unit);
  }
  return lines.map((line) => line.first.logger);
}

function guard(path: string, step: () => void): void {
  try {
    step();
  } catch (error) {
    throw new RecordRejectedError({ path, reason: error instanceof Error ? error.message : String(error) });
  }
}
