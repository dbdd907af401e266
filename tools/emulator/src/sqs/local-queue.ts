import { randomBytes, randomUUID } from 'node:crypto';
import type { SQSMessageAttributes } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID, SQS_MAX_MESSAGE_BYTES } from '../constants';
import type { LocalQueueSpec } from '../template/model';
import { md5OfBody, md5OfMessageAttributes, type SqsMessageAttributeValue } from './message-md5';
import { SqsError } from '../errors';

/** A message held by a local queue. */
export interface LocalQueueMessage {
  readonly messageId: string;
  readonly body: string;
  readonly md5OfBody: string;
  readonly messageAttributes: Readonly<Record<string, SqsMessageAttributeValue>>;
  readonly md5OfMessageAttributes?: string;
  /** Epoch milliseconds. */
  readonly sentTimestamp: number;
  /** How many times the message has been received (delivered to a consumer). */
  readonly receiveCount: number;
  /** Epoch milliseconds of the first receive. */
  readonly firstReceiveTimestamp?: number;
  readonly messageGroupId?: string;
  readonly messageDeduplicationId?: string;
  /** Set on messages in a dead-letter queue: the queue they came from. */
  readonly deadLetterQueueSourceArn?: string;
}

/** A received message: the message and the receipt handle that deletes or releases it. */
export interface ReceivedMessage {
  readonly message: LocalQueueMessage;
  readonly receiptHandle: string;
}

/** What `SendMessage` takes (the fields the emulator honours). */
export interface SendMessageInput {
  readonly MessageBody: string;
  readonly MessageAttributes?: Readonly<Record<string, SqsMessageAttributeValue>>;
  readonly MessageGroupId?: string;
  readonly MessageDeduplicationId?: string;
}

/** What `SendMessage` returns. */
export interface SendMessageOutput {
  readonly MessageId: string;
  readonly MD5OfMessageBody: string;
  readonly MD5OfMessageAttributes?: string;
}

/** How long a FIFO queue remembers a deduplication id. */
const FIFO_DEDUPLICATION_WINDOW_MS = 5 * 60 * 1000;

/** Characters SQS accepts in a message body (#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF). */
const INVALID_BODY_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/**
 * An in-memory SQS queue. Messages are received in the order they became visible; a released
 * message (failed processing) becomes visible again behind the messages already waiting, as it
 * would after its visibility timeout. Delay and visibility timeouts are not waited for.
 */
export class LocalQueue {
  private readonly visible: LocalQueueMessage[] = [];
  /** FIFO: deduplication ids sent in the last five minutes → the message id SQS answered with. */
  private readonly recentDeduplicationIds = new Map<string, { readonly messageId: string; readonly at: number; readonly md5OfBody: string }>();
  private readonly inFlight = new Map<string, LocalQueueMessage>();
  private sent = 0;
  private deduplicated = 0;

  constructor(
    /** The queue in the template. */
    readonly spec: LocalQueueSpec,
    /** Where messages go after `maxReceiveCount` receives; set from the redrive policy. */
    private readonly deadLetterQueue?: LocalQueue,
  ) {}

  /** The dead-letter queue of this queue, if it has a redrive policy. */
  get dlq(): LocalQueue | undefined {
    return this.deadLetterQueue;
  }

  /** Messages sent to this queue since it was created (moves from a source queue's redrive excluded). */
  get sentCount(): number {
    return this.sent;
  }

  /** Messages waiting to be received. */
  get depth(): number {
    return this.visible.length;
  }

  /** Messages received and neither deleted nor released yet. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** A snapshot of every message in the queue (waiting, then in flight). */
  messages(): LocalQueueMessage[] {
    return [...this.visible, ...this.inFlight.values()];
  }

  /**
   * The bodies of every message in the queue, parsed as JSON.
   * @throws when a body is not JSON, naming the message.
   */
  bodies(): unknown[] {
    return this.messages().map((message) => {
      try {
        return JSON.parse(message.body);
      } catch (error) {
        throw new Error(`Queue ${this.spec.queueName}: expected message ${message.messageId} to hold JSON, found ${message.body.slice(0, 80)}`, { cause: error });
      }
    });
  }

  /**
   * Sends a message, with SQS's checks on the body.
   * @throws {SqsError} `InvalidParameterValue` for an empty or too long body or a FIFO message without group,
   * `InvalidMessageContents` for characters SQS refuses.
   */
  send(input: SendMessageInput): SendMessageOutput {
    const bytes = Buffer.byteLength(input.MessageBody, 'utf8');
    if (bytes === 0) throw new SqsError('InvalidParameterValue', 'The request must contain the parameter MessageBody.');
    if (bytes > SQS_MAX_MESSAGE_BYTES) {
      throw new SqsError(
        'InvalidParameterValue',
        `One or more parameters are invalid. Reason: Message must be shorter than ${SQS_MAX_MESSAGE_BYTES} bytes (found ${bytes} bytes).`,
      );
    }
    if (INVALID_BODY_CHARACTER.test(input.MessageBody)) {
      throw new SqsError('InvalidMessageContents', 'Invalid characters found. Valid unicode characters are #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF');
    }
    if (this.spec.fifo && input.MessageGroupId === undefined) {
      throw new SqsError('MissingParameter', `The request must contain the parameter MessageGroupId (queue ${this.spec.queueName} is FIFO).`);
    }
    const duplicate = this.fifoDuplicate(input);
    if (duplicate) return duplicate;
    const attributes = input.MessageAttributes ?? {};
    const hasAttributes = Object.keys(attributes).length > 0;
    const message: LocalQueueMessage = {
      messageId: randomUUID(),
      body: input.MessageBody,
      md5OfBody: md5OfBody(input.MessageBody),
      messageAttributes: attributes,
      ...(hasAttributes ? { md5OfMessageAttributes: md5OfMessageAttributes(attributes) } : {}),
      sentTimestamp: Date.now(),
      receiveCount: 0,
      ...(input.MessageGroupId !== undefined ? { messageGroupId: input.MessageGroupId } : {}),
      ...(input.MessageDeduplicationId !== undefined ? { messageDeduplicationId: input.MessageDeduplicationId } : {}),
    };
    this.visible.push(message);
    this.sent++;
    if (this.spec.fifo && message.messageDeduplicationId !== undefined) {
      this.recentDeduplicationIds.set(message.messageDeduplicationId, { messageId: message.messageId, at: message.sentTimestamp, md5OfBody: message.md5OfBody });
    }
    return {
      MessageId: message.messageId,
      MD5OfMessageBody: message.md5OfBody,
      ...(message.md5OfMessageAttributes ? { MD5OfMessageAttributes: message.md5OfMessageAttributes } : {}),
    };
  }

  /**
   * FIFO deduplication: a message sent with the deduplication id of one sent in the last five
   * minutes is accepted and not queued again (SQS answers as if it were sent). A FIFO queue without
   * content-based deduplication needs an id.
   * @see https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/using-messagededuplicationid-property.html
   */
  private fifoDuplicate(input: SendMessageInput): SendMessageOutput | undefined {
    if (!this.spec.fifo) return undefined;
    if (input.MessageDeduplicationId === undefined) {
      throw new SqsError(
        'InvalidParameterValue',
        `The queue should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly (queue ${this.spec.queueName}).`,
      );
    }
    const now = Date.now();
    for (const [id, sent] of this.recentDeduplicationIds) {
      if (now - sent.at < FIFO_DEDUPLICATION_WINDOW_MS) break;
      this.recentDeduplicationIds.delete(id);
    }
    const earlier = this.recentDeduplicationIds.get(input.MessageDeduplicationId);
    if (earlier === undefined) return undefined;
    this.deduplicated++;
    return { MessageId: earlier.messageId, MD5OfMessageBody: earlier.md5OfBody };
  }

  /** FIFO: sends accepted but not queued because their deduplication id was seen in the last five minutes. */
  get deduplicatedCount(): number {
    return this.deduplicated;
  }

  /**
   * Receives up to `max` messages. As in SQS, a message already received `maxReceiveCount` times
   * moves to the dead-letter queue at this point instead of being received again.
   * @returns the received messages and how many moved to the dead-letter queue.
   */
  receive(max: number): { received: ReceivedMessage[]; movedToDlq: number } {
    const received: ReceivedMessage[] = [];
    let movedToDlq = 0;
    const now = Date.now();
    while (received.length < max) {
      const next = this.visible.shift();
      if (!next) break;
      const redrive = this.spec.redrivePolicy;
      if (redrive && this.deadLetterQueue && next.receiveCount >= redrive.maxReceiveCount) {
        this.deadLetterQueue.accept({ ...next, deadLetterQueueSourceArn: this.spec.arn });
        movedToDlq++;
        continue;
      }
      const message: LocalQueueMessage = {
        ...next,
        receiveCount: next.receiveCount + 1,
        firstReceiveTimestamp: next.firstReceiveTimestamp ?? now,
      };
      const receiptHandle = randomBytes(48).toString('base64');
      this.inFlight.set(receiptHandle, message);
      received.push({ message, receiptHandle });
    }
    return { received, movedToDlq };
  }

  /**
   * Deletes a received message.
   * @throws {SqsError} `ReceiptHandleIsInvalid` for a handle this queue did not hand out (or already used).
   */
  delete(receiptHandle: string): void {
    if (!this.inFlight.delete(receiptHandle)) {
      throw new SqsError('ReceiptHandleIsInvalid', `Queue ${this.spec.queueName}: expected a receipt handle of a message in flight, found an unknown one`);
    }
  }

  /** Whether a receipt handle is that of a message received and neither deleted nor released yet. */
  isInFlight(receiptHandle: string): boolean {
    return this.inFlight.has(receiptHandle);
  }

  /**
   * Makes a received message visible again (its processing failed), to be received again later.
   * @throws {SqsError} `ReceiptHandleIsInvalid` for a handle this queue did not hand out (or already used).
   */
  release(receiptHandle: string): void {
    const message = this.inFlight.get(receiptHandle);
    if (!message) {
      throw new SqsError('ReceiptHandleIsInvalid', `Queue ${this.spec.queueName}: expected a receipt handle of a message in flight, found an unknown one`);
    }
    this.inFlight.delete(receiptHandle);
    this.visible.push(message);
  }

  /** Removes every message (waiting and in flight). */
  purge(): void {
    this.visible.length = 0;
    this.inFlight.clear();
  }

  /** Takes a message moved from a source queue's redrive (keeps its id, body and counts). */
  private accept(message: LocalQueueMessage): void {
    this.visible.push(message);
  }
}

/** The local queues of a template, found by URL, ARN, name, logical id or CDK construct id. */
export class LocalQueues {
  private readonly byKey = new Map<string, LocalQueue>();
  private readonly all: LocalQueue[] = [];

  constructor(specs: readonly LocalQueueSpec[], private readonly find: (key: string) => LocalQueueSpec) {
    const byArn = new Map(specs.map((spec) => [spec.arn, spec]));
    const build = (spec: LocalQueueSpec, chain: readonly string[]): LocalQueue => {
      const existing = this.byKey.get(spec.logicalId);
      if (existing) return existing;
      let dlq: LocalQueue | undefined;
      const dlqArn = spec.redrivePolicy?.deadLetterTargetArn;
      if (dlqArn !== undefined) {
        const dlqSpec = byArn.get(dlqArn);
        if (!dlqSpec) throw new Error(`Queue ${spec.logicalId}: expected its dead-letter queue ${dlqArn} in the template, found none`);
        if (chain.includes(dlqSpec.logicalId)) throw new Error(`Queue ${spec.logicalId}: expected a redrive chain without cycles, found ${[...chain, dlqSpec.logicalId].join(' → ')}`);
        dlq = build(dlqSpec, [...chain, spec.logicalId]);
      }
      const queue = new LocalQueue(spec, dlq);
      this.byKey.set(spec.logicalId, queue);
      this.all.push(queue);
      return queue;
    };
    for (const spec of specs) build(spec, []);
  }

  /** Every queue. */
  list(): readonly LocalQueue[] {
    return this.all;
  }

  /**
   * A queue by URL, ARN, name, logical id or CDK construct id.
   * @throws naming the queues the template has, when none matches.
   */
  get(key: string): LocalQueue {
    const spec = this.find(key);
    const queue = this.byKey.get(spec.logicalId);
    if (!queue) throw new Error(`Local SQS: expected queue ${spec.logicalId} to exist, found none`);
    return queue;
  }

  /**
   * The queue a `QueueUrl` names, as SQS resolves it: by URL, or by the account and queue name
   * at the end of any SQS URL (so `https://sqs.us-east-1.amazonaws.com/000000000000/Name` works too).
   * @throws {SqsError} `AWS.SimpleQueueService.NonExistentQueue` when no queue matches.
   */
  byUrl(queueUrl: string): LocalQueue {
    const exact = this.all.find((queue) => queue.spec.url === queueUrl);
    if (exact) return exact;
    const match = /\/(\d{12})\/([^/]+)$/.exec(queueUrl);
    const named = match && match[1] === LOCAL_ACCOUNT_ID ? this.all.find((queue) => queue.spec.queueName === match[2]) : undefined;
    if (named) return named;
    throw new SqsError(
      'AWS.SimpleQueueService.NonExistentQueue',
      `The specified queue does not exist: expected the URL of a template queue (${this.all.map((q) => q.spec.url).join(', ') || 'none'}), found "${queueUrl}"`,
    );
  }
}

/** Message attributes as Lambda presents them in an SQS event record. */
export function toLambdaMessageAttributes(attributes: Readonly<Record<string, SqsMessageAttributeValue>>): SQSMessageAttributes {
  const out: SQSMessageAttributes = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    out[name] = {
      dataType: attribute.DataType,
      stringListValues: [],
      binaryListValues: [],
      ...(attribute.StringValue !== undefined ? { stringValue: attribute.StringValue } : {}),
      ...(attribute.BinaryValue !== undefined ? { binaryValue: attribute.BinaryValue } : {}),
    };
  }
  return out;
}
