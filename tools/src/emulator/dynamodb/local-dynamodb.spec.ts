import { createConnection } from 'node:net';
import { DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { join } from 'node:path';
import { loadTemplate } from '../template/load-template';
import { startLocalDynamoDb } from './local-dynamodb';

const template = loadTemplate(join(__dirname, '..', '__fixtures__', 'emulator-fixture.template.json'));

describe('local DynamoDB', () => {
  it('listens on the loopback interface and creates the template tables with their indexes', async () => {
    const dynamo = await startLocalDynamoDb({ tables: template.tables });
    try {
      expect(dynamo.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const { Table } = await dynamo.client.send(new DescribeTableCommand({ TableName: template.table('InstancesTable').tableName }));
      expect(Table?.TableStatus).toBe('ACTIVE');
      expect(Table?.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(['byEc2InstanceId']);
    } finally {
      await dynamo.close();
    }
  });

  it('lists a table\'s items as plain values', async () => {
    const dynamo = await startLocalDynamoDb({ tables: template.tables });
    try {
      const TableName = template.table('JobsTable').tableName;
      await dynamo.client.send(new PutItemCommand({ TableName, Item: { jobId: { S: 'j-1' }, attempts: { N: '2' } } }));
      expect(await dynamo.items(TableName)).toEqual([{ jobId: 'j-1', attempts: 2 }]);
    } finally {
      await dynamo.close();
    }
  });

  it('frees its port on close, even with clients still holding connections', async () => {
    const dynamo = await startLocalDynamoDb({ tables: template.tables });
    const extra = dynamo.createClient();
    await extra.send(new DescribeTableCommand({ TableName: template.table('JobsTable').tableName }));
    const port = Number(new URL(dynamo.endpoint).port);
    await dynamo.close();
    const refused = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);
  });
});
