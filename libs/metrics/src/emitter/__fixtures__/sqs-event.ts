import type { SQSEvent, SQSRecord } from 'aws-lambda';
import type { MetricMessage } from '../../records/metric-record';

/** An SQS record as the Lambda event source mapping delivers it, with `body` as given. */
export function sqsRecord(messageId: string, body: string | MetricMessage): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body: typeof body === 'string' ? body : JSON.stringify(body),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1717000000000',
      SenderId: 'AROAEXAMPLE:metrics-workflow',
      ApproximateFirstReceiveTimestamp: '1717000000001',
    },
    messageAttributes: {},
    md5OfBody: '00000000000000000000000000000000',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-1:123456789012:batchmon-metrics',
    awsRegion: 'eu-west-1',
  };
}

/** An SQS event of the given records. */
export function sqsEvent(...records: SQSRecord[]): SQSEvent {
  return { Records: records };
}

/** An ISO event time `minutesAgo` before now: inside CloudWatch's accepted window. */
export function recentTime(minutesAgo = 5): string {
  return new Date(Date.now() - minutesAgo * 60_000).toISOString();
}
