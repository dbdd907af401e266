import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { localQueueArn, localQueueUrl } from '../template/local-names';
import type { LocalEventSourceMappingSpec, LocalQueueSpec } from '../template/model';
import { SqsEventSourcePoller, type LambdaInvocation, type SqsBatchHandler } from './event-source-mapping';
import { LocalQueues } from './local-queue';

const queueSpec = (name: string, redrive?: LocalQueueSpec['redrivePolicy']): LocalQueueSpec => ({
  logicalId: name,
  queueName: name,
  url: localQueueUrl(name),
  arn: localQueueArn(name),
  fifo: false,
  visibilityTimeoutSeconds: 30,
  ...(redrive ? { redrivePolicy: redrive } : {}),
});

function setUp(handler: SqsBatchHandler, options: { batchSize?: number; reportBatchItemFailures?: boolean } = {}) {
  const specs = [queueSpec('Metrics', { deadLetterTargetArn: localQueueArn('MetricsDlq'), maxReceiveCount: 3 }), queueSpec('MetricsDlq')];
  const queues = new LocalQueues(specs, (key) => specs.find((spec) => spec.logicalId === key) ?? queueSpec(key));
  const mapping: LocalEventSourceMappingSpec = {
    logicalId: 'Mapping',
    queueLogicalId: 'Metrics',
    functionName: 'MetricsFunction',
    batchSize: options.batchSize ?? 5,
    maximumBatchingWindowInSeconds: 0,
    reportBatchItemFailures: options.reportBatchItemFailures ?? true,
    enabled: true,
  };
  const invocations: LambdaInvocation[] = [];
  const queue = queues.get('Metrics');
  const poller = new SqsEventSourcePoller(mapping, queue, handler, (invocation) => invocations.push(invocation));
  const drain = async () => {
    while (await poller.pollOnce()) {
      // keep polling until a poll changes nothing
    }
  };
  return { queue, dlq: queues.get('MetricsDlq'), poller, invocations, drain };
}

describe('SQS event source mapping', () => {
  it('delivers messages in batches of at most BatchSize', async () => {
    const sizes: number[] = [];
    const { queue, drain } = setUp(async (event) => {
      sizes.push(event.Records.length);
    });
    for (let i = 0; i < 12; i++) queue.send({ MessageBody: JSON.stringify({ i }) });
    await drain();
    expect(sizes).toEqual([5, 5, 2]);
    expect(queue.depth + queue.inFlightCount).toBe(0);
  });

  it('builds records as Lambda does, with receive count, ARN, region and MD5', async () => {
    let event: SQSEvent | undefined;
    const { queue, drain } = setUp(async (received) => {
      event = received;
    });
    const sent = queue.send({ MessageBody: '{"metric":"JobsSubmitted"}', MessageAttributes: { kind: { DataType: 'String', StringValue: 'job' } } });
    await drain();
    expect(event?.Records[0]).toMatchObject({
      messageId: sent.MessageId,
      body: '{"metric":"JobsSubmitted"}',
      md5OfBody: sent.MD5OfMessageBody,
      md5OfMessageAttributes: sent.MD5OfMessageAttributes,
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: { kind: { dataType: 'String', stringValue: 'job', stringListValues: [], binaryListValues: [] } },
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:Metrics',
      awsRegion: 'us-east-1',
    });
    expect(event?.Records[0]?.receiptHandle).toEqual(expect.any(String));
  });

  it('redelivers the messages listed in batchItemFailures and deletes the others', async () => {
    const seen: string[] = [];
    const { queue, drain } = setUp(async (event): Promise<SQSBatchResponse> => {
      const failures = event.Records.filter((record) => record.body === '"poison"' && record.attributes.ApproximateReceiveCount === '1');
      seen.push(...event.Records.map((record) => `${record.body}#${record.attributes.ApproximateReceiveCount}`));
      return { batchItemFailures: failures.map((record) => ({ itemIdentifier: record.messageId })) };
    });
    queue.send({ MessageBody: '"ok"' });
    queue.send({ MessageBody: '"poison"' });
    await drain();
    expect(seen).toEqual(['"ok"#1', '"poison"#1', '"poison"#2']);
  });

  it('moves a message that keeps failing to the dead-letter queue after maxReceiveCount deliveries', async () => {
    let deliveries = 0;
    const { queue, dlq, poller, drain } = setUp(async (event) => {
      deliveries++;
      return { batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })) };
    });
    queue.send({ MessageBody: '"poison"' });
    await drain();
    expect(deliveries).toBe(3);
    expect(dlq.messages().map((message) => message.body)).toEqual(['"poison"']);
    expect(poller.counters).toMatchObject({ messagesReleased: 3, messagesMovedToDlq: 1, messagesDeleted: 0 });
  });

  it('fails the whole batch when the handler throws', async () => {
    let calls = 0;
    const { queue, invocations, drain } = setUp(async () => {
      calls++;
      if (calls === 1) throw new Error('CloudWatch unavailable');
    });
    queue.send({ MessageBody: '"a"' });
    queue.send({ MessageBody: '"b"' });
    await drain();
    expect(invocations[0]).toMatchObject({ error: 'handler threw Error: CloudWatch unavailable' });
    expect(invocations[0]?.failedMessageIds).toHaveLength(2);
    expect(invocations[1]?.failedMessageIds).toEqual([]);
  });

  it('fails the whole batch when an itemIdentifier is not a message of the batch', async () => {
    const { queue, invocations, drain } = setUp(async (event) =>
      event.Records[0]?.attributes.ApproximateReceiveCount === '1' ? { batchItemFailures: [{ itemIdentifier: 'not-a-message' }] } : undefined,
    );
    queue.send({ MessageBody: '"a"' });
    queue.send({ MessageBody: '"b"' });
    await drain();
    expect(invocations[0]?.error).toContain('expected each itemIdentifier to be the messageId of a record in the batch, found "not-a-message"');
    expect(invocations[0]?.failedMessageIds).toHaveLength(2);
  });

  it('ignores batchItemFailures when the mapping lacks ReportBatchItemFailures, as Lambda does', async () => {
    const { queue, invocations, drain } = setUp(async (event) => ({ batchItemFailures: event.Records.map((record) => ({ itemIdentifier: record.messageId })) }), {
      reportBatchItemFailures: false,
    });
    queue.send({ MessageBody: '"a"' });
    await drain();
    expect(invocations).toHaveLength(1);
    expect(queue.depth).toBe(0);
  });
});
