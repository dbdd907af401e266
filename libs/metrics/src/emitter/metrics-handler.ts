import type { SQSBatchItemFailure, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { EnvironmentProvider } from 'aws-embedded-metrics/lib/environment/EnvironmentDetector';
import { MetricsContext } from 'aws-embedded-metrics/lib/logger/MetricsContext';
import { DEFAULT_METRICS_PROFILE, isMetricsProfile, METRICS_PROFILES, type MetricsProfile } from '../catalog/catalog';
import { DEFAULT_NAMESPACE, NAMESPACE_ENV_VAR, PROFILE_ENV_VAR } from '../constants';
import { MetricsConfigurationError } from '../errors';
import { formatProblems, type FieldProblem } from '../validation/describe-issue';
import { parseMetricMessage } from './parse-message';
import { RecordRejectedError } from '../errors';
import { prepareRecordLogger, shareLines, type PreparedRecord, type TimestampWindow } from './record-logger';
import { lambdaStdoutWriter, pinnedEnvironment, type LineWriter } from './write-environment';

/** Options of {@link createMetricsHandler}. */
export interface MetricsHandlerOptions {
  /**
   * CloudWatch namespace of every metric.
   * @default process.env.METRICS_NAMESPACE, else 'AWSBatchMetrics'
   */
  readonly namespace?: string;
  /**
   * Which of the catalog's dimension sets are published: `essential` (low cardinality) or
   * `detailed` (also by job definition, instance type and Availability Zone). Every line carries
   * every dimension value as a field either way, for Logs Insights.
   * @default process.env.METRICS_PROFILE, else 'essential'
   */
  readonly profile?: MetricsProfile;
  /**
   * Receives each EMF line exactly as aws-embedded-metrics serialized it (one JSON document, no
   * newline). The local emulator passes its own to capture the lines.
   * @default stdout, as aws-embedded-metrics' Lambda console sink prints it
   */
  readonly write?: LineWriter;
  /**
   * Receives one line per rejected message, naming its messageId, field path and reason.
   * @default console.error
   */
  readonly logError?: (line: string) => void;
  /**
   * Which event times are accepted. `cloudwatch`: only those CloudWatch ingests (14 days back,
   * 2 hours ahead); others are rejected to the DLQ, where the loss is visible. `any`: every time,
   * for local replays of captures recorded long ago (nothing is sent to CloudWatch there).
   * @default 'cloudwatch'
   */
  readonly timestampWindow?: TimestampWindow;
  /**
   * Deletes the messages whose lines were written, from the queue, as soon as the batch is written
   * and before the handler returns: if the function then fails (a timeout, a crash, an error while
   * reporting), SQS redelivers only what was not written, and nothing is published twice. The
   * window left is the deletion call itself. Errors are logged, not thrown: the event source
   * mapping deletes them too once the handler succeeds.
   * @default none (the event source mapping deletes messages after the handler returns)
   */
  readonly acknowledge?: (messages: readonly AcknowledgedMessage[]) => Promise<void>;
}

/** A message whose lines were written: what deleting it takes. */
export interface AcknowledgedMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
}

/** The metrics Lambda: an SQS batch in, the messages to redeliver out. */
export type MetricsHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

/**
 * Creates the metrics Lambda handler. Each SQS message body is a JSON `MetricMessage`; its
 * records become EMF lines (aws-embedded-metrics) stamped with the record's event time, under the
 * catalog sets of the profile its dimensions fill; records of a message that share time and
 * dimension sets share a line. A message that cannot be published in full is
 * logged and returned in `batchItemFailures`, so SQS redelivers only it and, after the queue's
 * maxReceiveCount, moves it to the DLQ; the other messages of the batch are published.
 *
 * Requires the event source mapping's `ReportBatchItemFailures` response type.
 *
 * @throws {MetricsConfigurationError} when the namespace is not a valid CloudWatch namespace or
 * METRICS_PROFILE names no profile (at creation, so a misconfigured function fails at init rather
 * than sending every message to the DLQ)
 *
 * @example
 * const lines: string[] = [];
 * const handler = createMetricsHandler({ namespace: 'Test', write: (line) => lines.push(line) });
 * const { batchItemFailures } = await handler(sqsEvent);
 */
export function createMetricsHandler(options: MetricsHandlerOptions = {}): MetricsHandler {
  const namespace = resolveNamespace(options.namespace);
  const profile = resolveProfile(options.profile);
  const resolveEnvironment = pinnedEnvironment(options.write ?? lambdaStdoutWriter());
  const logError = options.logError ?? ((line: string) => console.error(line));
  const timestampWindow = options.timestampWindow ?? 'cloudwatch';

  return async (event) => {
    const batchItemFailures: SQSBatchItemFailure[] = [];
    const written: AcknowledgedMessage[] = [];
    for (const sqsRecord of event.Records) {
      const problems = await publishMessage(sqsRecord.body, { namespace, profile, resolveEnvironment, timestampWindow });
      if (problems.length > 0) {
        batchItemFailures.push({ itemIdentifier: sqsRecord.messageId });
        logError(rejectionLine(sqsRecord, problems));
      } else written.push({ messageId: sqsRecord.messageId, receiptHandle: sqsRecord.receiptHandle });
    }
    if (options.acknowledge && written.length > 0) {
      try {
        await options.acknowledge(written);
      } catch (error) {
        logError(`Could not delete ${written.length} written message(s) early: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return { batchItemFailures };
  };
}

/** Publishes one message; returns its problems (none when every record was written). */
interface PublishSettings {
  readonly namespace: string;
  readonly profile: MetricsProfile;
  readonly resolveEnvironment: EnvironmentProvider;
  readonly timestampWindow: TimestampWindow;
}

async function publishMessage(body: string, settings: PublishSettings): Promise<readonly FieldProblem[]> {
  const { namespace, profile, resolveEnvironment, timestampWindow } = settings;
  const parsed = parseMetricMessage(body);
  if (!parsed.ok) return parsed.problems;

  const { source, records } = parsed.message;
  const prepared: PreparedRecord[] = [];
  for (const [index, record] of records.entries()) {
    try {
      prepared.push(prepareRecordLogger(record, source, { namespace, profile, resolveEnvironment, path: `records.${index}`, timestampWindow }));
    } catch (error) {
      if (error instanceof RecordRejectedError) return [error.problem];
      throw error;
    }
  }
  try {
    for (const logger of shareLines(prepared)) await logger.flush();
  } catch (error) {
    // Only the writer can fail here. Some lines may already be out: redelivery may count them
    // twice, which beats losing the rest (EMF is at-least-once anyway).
    return [{ path: '(write)', reason: error instanceof Error ? error.message : String(error) }];
  }
  return [];
}

function rejectionLine(sqsRecord: SQSRecord, problems: readonly FieldProblem[]): string {
  const receives = sqsRecord.attributes?.ApproximateReceiveCount;
  const attempt = receives === undefined ? '' : ` (receive ${receives})`;
  return `Rejected metric message ${sqsRecord.messageId}${attempt}: ${formatProblems(problems)}`;
}

function resolveNamespace(option: string | undefined): string {
  const fromEnv = process.env[NAMESPACE_ENV_VAR];
  const [namespace, origin] =
    option !== undefined
      ? [option, 'namespace option']
      : fromEnv !== undefined && fromEnv !== ''
        ? [fromEnv, NAMESPACE_ENV_VAR]
        : [DEFAULT_NAMESPACE, 'default namespace'];
  try {
    MetricsContext.empty().setNamespace(namespace);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new MetricsConfigurationError(`${origin}: expected a CloudWatch namespace, found ${JSON.stringify(namespace)} (${detail})`, { cause: error });
  }
  return namespace;
}

function resolveProfile(option: MetricsProfile | undefined): MetricsProfile {
  if (option !== undefined) return option;
  const fromEnv = process.env[PROFILE_ENV_VAR];
  if (fromEnv === undefined || fromEnv === '') return DEFAULT_METRICS_PROFILE;
  if (!isMetricsProfile(fromEnv)) {
    throw new MetricsConfigurationError(`${PROFILE_ENV_VAR}: expected one of ${METRICS_PROFILES.join(', ')}, found ${JSON.stringify(fromEnv)}`);
  }
  return fromEnv;
}
