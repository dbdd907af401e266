import { randomUUID } from 'node:crypto';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { LOCAL_REGION } from '../constants';
import { isRecord } from '../json';
import { localFunctionArn } from '../template/local-names';
import type { LocalEventSourceMappingSpec } from '../template/model';
import type { FaultInjector } from '../stepfunctions/faults';
import { toLambdaMessageAttributes, type LocalQueue, type ReceivedMessage } from './local-queue';

/**
 * A Lambda handler for SQS events: the metrics Lambda of libs/metrics, or a fake. It may report
 * partial failures with `batchItemFailures`; throwing fails the whole batch.
 */
export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void> | SQSBatchResponse | void;

/** One invocation of a handler by an event source mapping. */
export interface LambdaInvocation {
  readonly functionName: string;
  readonly queueName: string;
  readonly messageIds: readonly string[];
  /** Messages that go back to the queue: the reported failures, or the whole batch on error. */
  readonly failedMessageIds: readonly string[];
  /** Why the whole batch failed: the handler threw, or returned an invalid response. */
  readonly error?: string;
}

/** Counters of an event source mapping. */
export interface DeliveryCounters {
  batches: number;
  recordsDelivered: number;
  messagesDeleted: number;
  messagesReleased: number;
  messagesMovedToDlq: number;
  handlerErrors: number;
}

/**
 * Polls one queue for one Lambda function as an SQS event source mapping does: batches of up to
 * `BatchSize` records; messages the handler reports in `batchItemFailures` (when the mapping has
 * `ReportBatchItemFailures`), or every message of a batch whose handler throws or answers
 * something invalid, go back to the queue to be received again (at-least-once delivery) until
 * the queue's redrive policy moves them to its dead-letter queue.
 */
export class SqsEventSourcePoller {
  readonly counters: DeliveryCounters = { batches: 0, recordsDelivered: 0, messagesDeleted: 0, messagesReleased: 0, messagesMovedToDlq: 0, handlerErrors: 0 };

  constructor(
    readonly mapping: LocalEventSourceMappingSpec,
    readonly queue: LocalQueue,
    private readonly handler: SqsBatchHandler,
    private readonly onInvocation: (invocation: LambdaInvocation) => void,
    private readonly functionTimeoutSeconds = 3,
    private readonly faults?: FaultInjector,
  ) {}

  /**
   * Receives one batch and delivers it.
   * @returns whether the queue changed (something was delivered or moved to the dead-letter queue).
   */
  async pollOnce(): Promise<boolean> {
    const { received, movedToDlq } = this.queue.receive(this.mapping.batchSize);
    this.counters.messagesMovedToDlq += movedToDlq;
    if (received.length === 0) return movedToDlq > 0;
    this.counters.batches++;
    this.counters.recordsDelivered += received.length;
    const records = received.map((item) => this.toRecord(item));
    const byMessageId = new Map(received.map((item) => [item.message.messageId, item]));
    let failed: ReceivedMessage[];
    let error: string | undefined;
    try {
      if (this.faults?.takeLambda('before-output')) throw new Error('Lambda invocation failed before its output (fault injected by the local emulator)');
      const response = await this.handler({ Records: records }, this.context());
      // The handler wrote its output and returned, and still the invocation fails (a timeout, a crash
      // while reporting): Lambda then retries the batch as a whole.
      if (this.faults?.takeLambda('after-output')) throw new Error('Lambda invocation failed after its output (fault injected by the local emulator)');
      const outcome = this.failuresOf(response, byMessageId);
      failed = outcome.failed;
      error = outcome.error;
    } catch (thrown) {
      failed = received;
      error = `handler threw ${thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown)}`;
    }
    if (error !== undefined) this.counters.handlerErrors++;
    const failedIds = new Set(failed.map((item) => item.message.messageId));
    for (const item of received) {
      // The handler may have deleted messages itself (the metrics Lambda does, before returning).
      if (!this.queue.isInFlight(item.receiptHandle)) continue;
      if (failedIds.has(item.message.messageId)) {
        this.queue.release(item.receiptHandle);
        this.counters.messagesReleased++;
      } else {
        this.queue.delete(item.receiptHandle);
        this.counters.messagesDeleted++;
      }
    }
    this.onInvocation({
      functionName: this.mapping.functionName,
      queueName: this.queue.spec.queueName,
      messageIds: received.map((item) => item.message.messageId),
      failedMessageIds: [...failedIds],
      ...(error !== undefined ? { error } : {}),
    });
    return true;
  }

  /**
   * Which messages failed, as Lambda reads a response: without `ReportBatchItemFailures` the
   * response is ignored; with it, an item identifier that is empty or not in the batch fails the
   * whole batch.
   */
  private failuresOf(response: unknown, batch: ReadonlyMap<string, ReceivedMessage>): { failed: ReceivedMessage[]; error?: string } {
    if (!this.mapping.reportBatchItemFailures || response === undefined || response === null) return { failed: [] };
    if (!isRecord(response) || response['batchItemFailures'] === undefined) return { failed: [] };
    const failures = response['batchItemFailures'];
    if (!Array.isArray(failures)) {
      return { failed: [...batch.values()], error: `invalid response: expected batchItemFailures to be a list, found ${typeof failures}` };
    }
    const failed: ReceivedMessage[] = [];
    for (const failure of failures) {
      const id = isRecord(failure) ? failure['itemIdentifier'] : undefined;
      const item = typeof id === 'string' ? batch.get(id) : undefined;
      if (!item) {
        return {
          failed: [...batch.values()],
          error: `invalid response: expected each itemIdentifier to be the messageId of a record in the batch, found ${JSON.stringify(id) ?? 'nothing'}`,
        };
      }
      failed.push(item);
    }
    return { failed };
  }

  private toRecord({ message, receiptHandle }: ReceivedMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentTimestamp),
        // Step Functions sends as its execution role's session.
        SenderId: 'AROAEXAMPLELOCALROLE:local-execution',
        ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp ?? Date.now()),
        ...(message.messageGroupId !== undefined ? { MessageGroupId: message.messageGroupId } : {}),
        ...(message.messageDeduplicationId !== undefined ? { MessageDeduplicationId: message.messageDeduplicationId } : {}),
        ...(message.deadLetterQueueSourceArn !== undefined ? { DeadLetterQueueSourceArn: message.deadLetterQueueSourceArn } : {}),
      },
      messageAttributes: toLambdaMessageAttributes(message.messageAttributes),
      md5OfBody: message.md5OfBody,
      ...(message.md5OfMessageAttributes !== undefined ? { md5OfMessageAttributes: message.md5OfMessageAttributes } : {}),
      eventSource: 'aws:sqs',
      eventSourceARN: this.queue.spec.arn,
      awsRegion: LOCAL_REGION,
    };
  }

  private context(): Context {
    const functionName = this.mapping.functionName;
    const deadline = Date.now() + this.functionTimeoutSeconds * 1000;
    const unsupported = (): never => {
      throw new Error(`Local Lambda ${functionName}: callback-style completion (done/succeed/fail) is not supported; return a promise`);
    };
    return {
      callbackWaitsForEmptyEventLoop: true,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: functionName.startsWith('arn:') ? functionName : localFunctionArn(functionName),
      memoryLimitInMB: '128',
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: `local/[$LATEST]${randomUUID().replace(/-/g, '')}`,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      done: unsupported,
      fail: unsupported,
      succeed: unsupported,
    };
  }
}
