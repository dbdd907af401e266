import { Constants } from 'aws-embedded-metrics/lib/Constants';
import type { EnvironmentProvider } from 'aws-embedded-metrics/lib/environment/EnvironmentDetector';
import { MetricsContext } from 'aws-embedded-metrics/lib/logger/MetricsContext';
import { MetricsLogger } from 'aws-embedded-metrics/lib/logger/MetricsLogger';
import { METRIC_CATALOG, type MetricsProfile } from '../catalog/catalog';
import { WORKFLOW_PROPERTY } from '../constants';
import type { MetricRecord } from '../records/metric-record';
import { describeValue, type FieldProblem } from '../validation/describe-issue';
import { applicableDimensionSets } from './dimension-sets';
import { normalizeDimensions } from './normalize-dimensions';

/** A record the emitter cannot publish, with the field at fault. */
export class RecordRejectedError extends Error {
  constructor(readonly problem: FieldProblem) {
    super(`${problem.path}: ${problem.reason}`);
    this.name = 'RecordRejectedError';
  }
}

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

/**
 * Builds, without flushing, the MetricsLogger for one record: every library validation runs here,
 * so a message whose records all prepare can then be written in full. Writing part of a message
 * and failing on a later record would re-publish the written part when SQS redelivers it.
 *
 * @throws {RecordRejectedError} when a value breaks a CloudWatch limit the schema does not cover
 */
export function prepareRecordLogger(
  record: MetricRecord,
  source: string,
  settings: RecordLoggerSettings,
): MetricsLogger {
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

  for (const [key, value] of Object.entries(record.properties ?? {})) {
    // A property must never overwrite a dimension value on the root node: the datapoint would
    // move to another series (and a raw ARN there would unbound cardinality).
    if (!(key in dimensions) && key !== record.metric) logger.setProperty(key, value);
  }
  logger.setProperty(WORKFLOW_PROPERTY, source);
  // Every normalized dimension value is written last (so it wins over the properties above), even
  // those no applicable set uses, so Logs Insights still sees what the record carried.
  for (const [key, value] of Object.entries(dimensions)) logger.setProperty(key, value);

  guard(`${path}.value`, () => logger.putMetric(record.metric, record.value, METRIC_CATALOG[record.metric].unit));
  return logger;
}

function guard(path: string, step: () => void): void {
  try {
    step();
  } catch (error) {
    throw new RecordRejectedError({ path, reason: error instanceof Error ? error.message : String(error) });
  }
}
