import { SQSClient } from '@aws-sdk/client-sqs';
import { createMetricsHandler } from '../emitter/metrics-handler';
import { deleteMessages } from './delete-messages';

const queueUrl = process.env['METRICS_QUEUE_URL'];

/**
 * The metrics Lambda entry point (bundled by esbuild), created once per cold start.
 *
 * Environment variables read:
 * - `METRICS_NAMESPACE`: CloudWatch namespace of every metric (default `AWSBatchMetrics`); an
 *   invalid value fails the function at init instead of sending every message to the DLQ.
 * - `METRICS_PROFILE`: which catalog dimension sets are published, `essential` (default) or
 *   `detailed`; any other value fails the function at init.
 * - `METRICS_QUEUE_URL`: the metrics queue; written messages are deleted from it before the
 *   handler returns, so a function that fails afterwards does not publish them twice.
 *
 * EMF lines go to stdout through a Console of the handler's own, in either of Lambda's log formats:
 * no runtime prefix to pay for, no JSON wrapper to hide them (see `lambdaStdoutWriter`).
 *
 * The event source mapping must enable `ReportBatchItemFailures`, or a rejected message would make
 * SQS redeliver the whole batch and re-publish the others.
 */
export const handler = createMetricsHandler(
  queueUrl === undefined || queueUrl === '' ? {} : { acknowledge: deleteMessages(new SQSClient({}), queueUrl) },
);
