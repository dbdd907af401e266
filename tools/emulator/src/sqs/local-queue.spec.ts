import { createHash } from 'node:crypto';
import { localQueueArn, localQueueUrl } from '../template/local-names';
import type { LocalQueueSpec } from '../template/model';
import { LocalQueues } from './local-queue';
import { SqsError } from '../errors';
import { md5OfMessageAttributes } from './message-md5';

const spec = (name: string, redrive?: LocalQueueSpec['redrivePolicy']): LocalQueueSpec => ({
  logicalId: name,
  queueName: name,
  url: localQueueUrl(name),
  arn: localQueueArn(name),
  fifo: false,
  visibilityTimeoutSeconds: 30,
  ...(redrive ? { redrivePolicy: redrive } : {}),
});

const specs = [spec('Metrics', { deadLetterTargetArn: localQueueArn('MetricsDlq'), maxReceiveCount: 2 }), spec('MetricsDlq')];
const newQueues = () =>
  new LocalQueues(specs, (key) => {
    const found = specs.find((candidate) => candidate.logicalId === key || candidate.url === key);
    if (!found) throw new Error(`no queue ${key}`);
    return found;
  });

describe('local SQS queue', () => {
  it('answers SendMessage with a message id and the MD5 of the body', () => {
    const output = newQueues().get('Metrics').send({ MessageBody: 'hello' });
    expect(output.MD5OfMessageBody).toBe('5d41402abc4b2a76b9719d911017c592');
    expect(output.MessageId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('computes MD5OfMessageAttributes over length-prefixed name, type, transport byte and value, sorted by name', () => {
    const encoded = Buffer.concat([
      Buffer.from([0, 0, 0, 1]), Buffer.from('a'), Buffer.from([0, 0, 0, 6]), Buffer.from('Number'), Buffer.from([1]), Buffer.from([0, 0, 0, 1]), Buffer.from('1'),
      Buffer.from([0, 0, 0, 1]), Buffer.from('b'), Buffer.from([0, 0, 0, 6]), Buffer.from('String'), Buffer.from([1]), Buffer.from([0, 0, 0, 3]), Buffer.from('two'),
    ]);
    const md5 = md5OfMessageAttributes({ b: { DataType: 'String', StringValue: 'two' }, a: { DataType: 'Number', StringValue: '1' } });
    expect(md5).toBe(createHash('md5').update(encoded).digest('hex'));
  });

  it('finds a queue by any SQS URL ending in the local account and queue name', () => {
    const queues = newQueues();
    expect(queues.byUrl('https://sqs.us-east-1.amazonaws.com/000000000000/Metrics')).toBe(queues.get('Metrics'));
    expect(() => queues.byUrl('https://sqs.us-east-1.amazonaws.com/000000000000/Other')).toThrow(SqsError);
  });

  it('refuses bodies SQS refuses: empty, too long, or with invalid characters', () => {
    const queue = newQueues().get('Metrics');
    expect(() => queue.send({ MessageBody: '' })).toThrow('The request must contain the parameter MessageBody.');
    expect(() => queue.send({ MessageBody: 'x'.repeat(262_145) })).toThrow('Message must be shorter than 262144 bytes (found 262145 bytes)');
    expect(() => queue.send({ MessageBody: 'bad \u0001 char' })).toThrow('Invalid characters found');
  });

  it('counts receives and moves a message to the dead-letter queue once received maxReceiveCount times', () => {
    const queues = newQueues();
    const queue = queues.get('Metrics');
    queue.send({ MessageBody: '{"n":1}' });
    for (let receive = 1; receive <= 2; receive++) {
      const { received } = queue.receive(10);
      expect(received.map((item) => item.message.receiveCount)).toEqual([receive]);
      queue.release(received[0]?.receiptHandle ?? '');
    }
    expect(queue.receive(10)).toEqual({ received: [], movedToDlq: 1 });
    expect(queues.get('MetricsDlq').messages()).toEqual([expect.objectContaining({ body: '{"n":1}', deadLetterQueueSourceArn: localQueueArn('Metrics') })]);
  });

  it('refuses a receipt handle it did not hand out', () => {
    expect(() => newQueues().get('Metrics').delete('nope')).toThrow('expected a receipt handle of a message in flight, found an unknown one');
  });
});

describe('local SQS FIFO queue', () => {
  const fifo: LocalQueueSpec = { ...spec('Metrics.fifo'), fifo: true };
  const fifoQueue = () => new LocalQueues([fifo], () => fifo).get('Metrics.fifo');

  it('accepts a message whose deduplication id was sent in the last five minutes without queuing it again', () => {
    const queue = fifoQueue();
    const first = queue.send({ MessageBody: '{"n":1}', MessageGroupId: 'g', MessageDeduplicationId: 'execution-1' });
    const again = queue.send({ MessageBody: '{"n":1}', MessageGroupId: 'g', MessageDeduplicationId: 'execution-1' });
    expect(again.MessageId).toBe(first.MessageId);
    expect(queue.depth).toBe(1);
    expect(queue.deduplicatedCount).toBe(1);
  });

  it('queues messages of other deduplication ids, even with the same body', () => {
    const queue = fifoQueue();
    queue.send({ MessageBody: '{"n":1}', MessageGroupId: 'g', MessageDeduplicationId: 'execution-1' });
    queue.send({ MessageBody: '{"n":1}', MessageGroupId: 'g', MessageDeduplicationId: 'execution-2' });
    expect(queue.depth).toBe(2);
  });

  it('forgets a deduplication id after five minutes', () => {
    const queue = fifoQueue();
    const now = jest.spyOn(Date, 'now').mockReturnValue(1_000_000);
    try {
      queue.send({ MessageBody: '{"n":1}', MessageGroupId: 'g', MessageDeduplicationId: 'execution-1' });
      now.mockReturnValue(1_000_000 + 5 * 60 * 1000);
      queue.send({ MessageBody: '{"n":1}', MessageGroupId: 'g', MessageDeduplicationId: 'execution-1' });
    } finally {
      now.mockRestore();
    }
    expect(queue.depth).toBe(2);
  });

  it('refuses a message without a deduplication id, as a queue without content-based deduplication does', () => {
    expect(() => fifoQueue().send({ MessageBody: '{"n":1}', MessageGroupId: 'g' })).toThrow('MessageDeduplicationId provided explicitly');
  });
});
