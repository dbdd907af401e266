import { DeleteMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { AcknowledgedMessage } from '../emitter/metrics-handler';

/** DeleteMessageBatch takes at most ten entries. */
const MAX_ENTRIES = 10;

/**
 * Deletes written messages from the metrics queue, ten per DeleteMessageBatch call (one call per
 * batch of the FIFO queue's event source mapping).
 * @throws naming the messages SQS did not delete, with its reason
 * @example
 * const acknowledge = deleteMessages(new SQSClient({}), process.env.METRICS_QUEUE_URL);
 */
export function deleteMessages(client: Pick<SQSClient, 'send'>, queueUrl: string): (messages: readonly AcknowledgedMessage[]) => Promise<void> {
  return async (messages) => {
    for (let start = 0; start < messages.length; start += MAX_ENTRIES) {
      const entries = messages.slice(start, start + MAX_ENTRIES).map((m, i) => ({ Id: String(start + i), ReceiptHandle: m.receiptHandle }));
      const result = await client.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      const failed = result.Failed ?? [];
      if (failed.length > 0) {
        throw new Error(`DeleteMessageBatch: ${failed.map((f) => `${messages[Number(f.Id)]?.messageId ?? f.Id}: ${f.Code ?? 'error'} ${f.Message ?? ''}`.trim()).join('; ')}`);
      }
    }
  };
}
