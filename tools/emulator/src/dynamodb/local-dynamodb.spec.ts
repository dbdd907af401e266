import { createConnection } from 'node:net';
import { DescribeTableCommand, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { join } from 'node:path';
import type { JsonObject } from '../json';
import { loadTemplate } from '../template/load-template';
import { DynamoDbServiceError } from '../errors';
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

  it('answers wire-format requests in process, on the same tables the HTTP endpoint serves', async () => {
    const dynamo = await startLocalDynamoDb({ tables: template.tables });
    try {
      const TableName = template.table('JobsTable').tableName;
      const put = await dynamo.call('PutItem', { TableName, Item: { jobId: { S: 'j-1' }, attempts: { N: '1' } } });
      expect(put).toEqual({});
      const updated = await dynamo.call('UpdateItem', {
        TableName,
        Key: { jobId: { S: 'j-1' } },
        UpdateExpression: 'ADD attempts :one',
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ReturnValues: 'ALL_NEW',
      });
      expect(updated).toEqual({ Attributes: { jobId: { S: 'j-1' }, attempts: { N: '2' } } });
      const { Item } = await dynamo.client.send(new GetItemCommand({ TableName, Key: { jobId: { S: 'j-1' } } }));
      expect(Item).toEqual({ jobId: { S: 'j-1' }, attempts: { N: '2' } });
    } finally {
      await dynamo.close();
    }
  });

  it('rejects an in-process request DynamoDB would refuse with its error code, message and status', async () => {
    const dynamo = await startLocalDynamoDb({ tables: template.tables });
    try {
      const TableName = template.table('JobsTable').tableName;
      await dynamo.call('PutItem', { TableName, Item: { jobId: { S: 'j-1' } } });
      const refused = dynamo.call('PutItem', { TableName, Item: { jobId: { S: 'j-1' } }, ConditionExpression: 'attribute_not_exists(jobId)' });
      await expect(refused).rejects.toBeInstanceOf(DynamoDbServiceError);
      await expect(refused).rejects.toMatchObject({ code: 'ConditionalCheckFailedException', message: 'The conditional request failed', statusCode: 400 });
      await expect(dynamo.call('GetItem', { TableName: 'NoSuchTable', Key: { jobId: { S: 'x' } } })).rejects.toMatchObject({
        code: 'ResourceNotFoundException',
        statusCode: 400,
      });
    } finally {
      await dynamo.close();
    }
  });

  it('answers an in-process request with the error the HTTP endpoint gives for it, validation errors included', async () => {
    const dynamo = await startLocalDynamoDb({ tables: template.tables });
    try {
      const TableName = template.table('JobsTable').tableName;
      await dynamo.call('PutItem', { TableName, Item: { jobId: { S: 'j-1' } } });
      const requests: JsonObject[] = [
        { TableName, Key: { jobId: { S: 'j-1' } }, UpdateExpression: 'SET #a = :a', ConditionExpression: 'attribute_not_exists(jobId)', ExpressionAttributeNames: { '#a': 'a' }, ExpressionAttributeValues: { ':a': { N: '1' } } },
        { TableName, Key: { jobId: { S: 'j-1' } }, UpdateExpression: 'SET #a = :a', ExpressionAttributeNames: { '#a': 'a' } },
        { TableName, Key: { jobId: { S: 'j-1' } }, UpdateExpression: 'SET a = :a ADD', ExpressionAttributeValues: { ':a': { N: '1' } } },
        { TableName, Key: { jobId: { N: '1' } }, UpdateExpression: 'SET a = :a', ExpressionAttributeValues: { ':a': { N: '1' } } },
      ];
      for (const request of requests) {
        // The same wire JSON over HTTP, as a client of DynamoDB's JSON protocol sends it (dynalite checks a signature is there, not what it says).
        const response = await fetch(dynamo.endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'DynamoDB_20120810.UpdateItem',
            'x-amz-date': '20240101T000000Z',
            authorization: 'AWS4-HMAC-SHA256 Credential=local/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=local',
          },
          body: JSON.stringify(request),
        });
        const body = (await response.json()) as { __type: string; message?: string; Message?: string };
        expect(response.status).toBe(400);
        await expect(dynamo.call('UpdateItem', request)).rejects.toMatchObject({
          code: body.__type.slice(body.__type.lastIndexOf('#') + 1),
          message: body.message ?? body.Message,
          statusCode: response.status,
        });
      }
    } finally {
      await dynamo.close();
    }
  });

  it('leaves the request of an in-process call as it was', async () => {
    const dynamo = await startLocalDynamoDb({ tables: template.tables });
    try {
      const request = { TableName: template.table('JobsTable').tableName, Key: { jobId: { S: 'j-1' } }, UpdateExpression: 'ADD attempts :one', ExpressionAttributeValues: { ':one': { N: '1' } }, ReturnValues: 'ALL_NEW' };
      const copy = structuredClone(request);
      const answer = await dynamo.call('UpdateItem', request);
      expect(request).toStrictEqual(copy);
      expect(answer).toEqual({ Attributes: { jobId: { S: 'j-1' }, attempts: { N: '1' } } });
    } finally {
      await dynamo.close();
    }
  });

  it('refuses in-process requests once closed', async () => {
    const dynamo = await startLocalDynamoDb({ tables: template.tables });
    await dynamo.close();
    await expect(dynamo.call('GetItem', { TableName: template.table('JobsTable').tableName, Key: { jobId: { S: 'x' } } })).rejects.toThrow(
      'Local DynamoDB: expected an open emulator for GetItem, found it closed',
    );
  });
  it('passes in-process requests through wrappers, innermost first, until a wrapper is removed', async () => {
    const dynamo = await startLocalDynamoDb({ tables: template.tables });
    try {
      const TableName = template.table('JobsTable').tableName;
      const seen: string[] = [];
      dynamo.wrapCalls(async (operation, input, send) => {
        seen.push(`inner ${operation}`);
        return send(operation, input);
      });
      const unwrap = dynamo.wrapCalls(async (operation, input, send) => {
        seen.push(`outer ${operation}`);
        const output = await send(operation, input);
        return { ...output, observed: true };
      });
      const answer = await dynamo.call('GetItem', { TableName, Key: { jobId: { S: 'j-1' } } });
      unwrap();
      await dynamo.call('PutItem', { TableName, Item: { jobId: { S: 'j-1' } } });
      expect(answer).toEqual({ observed: true });
      expect(seen).toEqual(['outer GetItem', 'inner GetItem', 'inner PutItem']);
    } finally {
      await dynamo.close();
    }
  });
});
