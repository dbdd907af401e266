import { DeleteMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { deleteMessages } from './delete-messages';

const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/metrics.fifo';
const messages = (n: number) => Array.from({ length: n }, (_, i) => ({ messageId: `m${i}`, receiptHandle: `r${i}` }));

function fakeClient(failed: { Id: string; Code: string; Message: string }[] = []) {
  const calls: DeleteMessageBatchCommand[] = [];
  const client: Pick<SQSClient, 'send'> = {
    send: (async (command: DeleteMessageBatchCommand) => {
      calls.push(command);
      return { Successful: [], Failed: failed };
    }) as unknown as SQSClient['send'],
  };
  return { client, calls };
}

describe('deleteMessages', () => {
  it('deletes ten messages per DeleteMessageBatch call, by receipt handle', async () => {
    const { client, calls } = fakeClient();
    await deleteMessages(client, queueUrl)(messages(12));
    expect(calls.map((c) => c.input.Entries?.map((e) => e.ReceiptHandle))).toEqual([
      ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8', 'r9'],
      ['r10', 'r11'],
    ]);
    expect(calls[0]?.input.QueueUrl).toBe(queueUrl);
  });

  it('names the messages SQS did not delete', async () => {
    const { client } = fakeClient([{ Id: '1', Code: 'ReceiptHandleIsInvalid', Message: 'expired' }]);
    await expect(deleteMessages(client, queueUrl)(messages(2))).rejects.toThrow('DeleteMessageBatch: m1: ReceiptHandleIsInvalid expired');
  });
});
