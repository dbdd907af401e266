import { createHash } from 'node:crypto';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { join } from 'node:path';
import { handWrittenTemplate, IDS } from '../__fixtures__/hand-written-template';
import { createLocalPipeline, type LocalPipeline, type LocalPipelineOptions } from '../pipeline/local-pipeline';
import { acceptDefinitionDigests, acceptedDefinitionDigests } from './local-workflow';

const FIXTURE = join(__dirname, '..', '__fixtures__', 'emulator-fixture.template.json');
const TABLE = `{{Ref:${IDS.table}}}`;
const QUEUE = `{{Ref:${IDS.queue}}}`;
const task = (resource: string, parameters: object, rest: object = { End: true }) => ({ Type: 'Task', Resource: `arn:{{Partition}}:states:::${resource}`, Parameters: parameters, ...rest });
const single = (name: string, state: object) => ({ StartAt: name, States: { [name]: state } });

const pipelines: LocalPipeline[] = [];
async function pipelineWith(stateMachines: Record<string, object>, options: Partial<LocalPipelineOptions> = {}): Promise<LocalPipeline> {
  const pipeline = await createLocalPipeline({ template: handWrittenTemplate({ stateMachines }), ...options });
  pipelines.push(pipeline);
  return pipeline;
}
afterAll(async () => {
  await Promise.all(pipelines.map((pipeline) => pipeline.close()));
});

describe('DynamoDB integrations', () => {
  const putJob = task('dynamodb:putItem', { TableName: TABLE, Item: { 'jobId': { 'S.$': '$.jobId' } }, ConditionExpression: 'attribute_not_exists(jobId)' });

  it('catches a second conditional put as DynamoDB.ConditionalCheckFailedException', async () => {
    const pipeline = await createLocalPipeline({ template: FIXTURE });
    pipelines.push(pipeline);
    const input = { detail: { jobId: 'j-dup', status: 'RUNNING' } };
    const first = await pipeline.startExecution('JobStatesWorkflow', input);
    const second = await pipeline.startExecution('JobStatesWorkflow', input);
    expect(first.visitedStates).toEqual(['Record first sighting', 'Shape job metric', 'Send job metric']);
    expect(second.status).toBe('SUCCEEDED');
    expect(second.visitedStates).toEqual(['Record first sighting', 'Already counted']);
    expect(second.output).toMatchObject({ duplicate: { Error: 'DynamoDB.ConditionalCheckFailedException', Cause: expect.stringContaining('The conditional request failed') } });
  });

  it('fails the execution with the Step Functions error name and a Java-SDK-style cause when nothing catches it', async () => {
    const pipeline = await pipelineWith({ PutOnce: single('Put job', putJob) });
    await pipeline.startExecution('PutOnce', { jobId: 'j-1' });
    const failed = await pipeline.startExecution('PutOnce', { jobId: 'j-1' });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'DynamoDB.ConditionalCheckFailedException' });
    expect(failed.cause).toMatch(/^The conditional request failed \(Service: AmazonDynamoDBv2; Status Code: 400; Error Code: ConditionalCheckFailedException; Request ID: \w+; Proxy: null\)$/);
  });

  it('returns the item from getItem as AttributeValue JSON, with the SDK HTTP metadata Step Functions adds', async () => {
    const pipeline = await pipelineWith({ Read: single('Read job', task('dynamodb:getItem', { TableName: TABLE, Key: { jobId: { 'S.$': '$.jobId' } } })) });
    await pipeline.dynamo.send(new PutItemCommand({ TableName: IDS.table, Item: { jobId: { S: 'j-2' }, attempts: { N: '3' }, tags: { SS: ['gpu'] } } }));
    const result = await pipeline.startExecution('Read', { jobId: 'j-2' });
    expect(result.output).toMatchObject({
      Item: { jobId: { S: 'j-2' }, attempts: { N: '3' }, tags: { SS: ['gpu'] } },
      SdkHttpMetadata: { HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: expect.any(String) },
    });
    expect(result.output).not.toHaveProperty('$metadata');
  });

  it('returns no Item from getItem for a missing key', async () => {
    const pipeline = await pipelineWith({ Read: single('Read job', task('dynamodb:getItem', { TableName: TABLE, Key: { jobId: { S: 'nobody' } } })) });
    const result = await pipeline.startExecution('Read', {});
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).not.toHaveProperty('Item');
  });

  it('applies updateItem and returns the updated attributes', async () => {
    const update = task('dynamodb:updateItem', {
      TableName: TABLE,
      Key: { jobId: { 'S.$': '$.jobId' } },
      UpdateExpression: 'ADD attempts :one',
      ExpressionAttributeValues: { ':one': { N: '1' } },
      ReturnValues: 'UPDATED_NEW',
    });
    const pipeline = await pipelineWith({ Count: single('Count attempt', { ...update, ResultSelector: { 'attempts.$': '$.Attributes.attempts.N' } }) });
    await pipeline.startExecution('Count', { jobId: 'j-3' });
    const second = await pipeline.startExecution('Count', { jobId: 'j-3' });
    expect(second.output).toEqual({ attempts: '2' });
  });

  it('names a missing table DynamoDB.ResourceNotFoundException', async () => {
    const pipeline = await pipelineWith({ Read: single('Read job', task('dynamodb:getItem', { TableName: 'NoSuchTable', Key: { jobId: { S: 'x' } } })) });
    expect(await pipeline.startExecution('Read', {})).toMatchObject({ status: 'FAILED', error: 'DynamoDB.ResourceNotFoundException' });
  });

  it('names a validation error DynamoDB.AmazonDynamoDBException, as the optimized integration does', async () => {
    const pipeline = await pipelineWith({ Read: single('Read job', task('dynamodb:getItem', { TableName: TABLE, Key: { jobId: { N: '1' } } })) });
    const result = await pipeline.startExecution('Read', {});
    expect(result).toMatchObject({ status: 'FAILED', error: 'DynamoDB.AmazonDynamoDBException' });
    expect(result.cause).toContain('Error Code: ValidationException');
  });

  it('runs aws-sdk:dynamodb:query and names its errors with the DynamoDb prefix', async () => {
    const query = (table: string) =>
      task('aws-sdk:dynamodb:query', { TableName: table, KeyConditionExpression: 'jobId = :id', ExpressionAttributeValues: { ':id': { 'S.$': '$.jobId' } } });
    const pipeline = await pipelineWith({ Query: single('Find job', query(TABLE)), QueryMissing: single('Find job elsewhere', query('NoSuchTable')) });
    await pipeline.dynamo.send(new PutItemCommand({ TableName: IDS.table, Item: { jobId: { S: 'j-4' } } }));
    expect((await pipeline.startExecution('Query', { jobId: 'j-4' })).output).toEqual({ Count: 1, Items: [{ jobId: { S: 'j-4' } }], ScannedCount: 1 });
    expect(await pipeline.startExecution('QueryMissing', { jobId: 'j-4' })).toMatchObject({ error: 'DynamoDb.ResourceNotFoundException' });
  });

  it('refuses arn:aws:states:::dynamodb:query, which Step Functions does not offer, pointing to the SDK integration', async () => {
    await expect(pipelineWith({ Query: single('Find job', task('dynamodb:query', { TableName: TABLE })) })).rejects.toThrow(
      'state "Find job": "arn:aws:states:::dynamodb:query" is not a Step Functions resource: the optimized DynamoDB integration offers only getItem, putItem, updateItem and deleteItem; use arn:aws:states:::aws-sdk:dynamodb:query',
    );
  });

  it('refuses a parameter the API does not take, naming the state', async () => {
    const typo = task('dynamodb:putItem', { TableName: TABLE, Item: {}, ConditionExpresion: 'attribute_not_exists(jobId)' });
    await expect(pipelineWith({ Typo: single('Put job', typo) })).rejects.toThrow(
      'state "Put job".Parameters: expected only parameters of arn:aws:states:::dynamodb:putItem (TableName, Expected, ConditionalOperator, ReturnValues, ReturnConsumedCapacity, ReturnItemCollectionMetrics, ConditionExpression, ExpressionAttributeNames, ExpressionAttributeValues, ReturnValuesOnConditionCheckFailure, Item), found ConditionExpresion',
    );
  });
});

describe('SQS and Auto Scaling integrations', () => {
  it('serializes an object MessageBody to JSON and sends a string body as is', async () => {
    const pipeline = await pipelineWith({
      Send: {
        StartAt: 'Send object',
        States: {
          'Send object': task('sqs:sendMessage', { QueueUrl: QUEUE, MessageBody: { 'jobId.$': '$.jobId', value: 1 } }, { ResultPath: '$.sent', Next: 'Send text' }),
          'Send text': task('sqs:sendMessage', { QueueUrl: QUEUE, 'MessageBody.$': '$.jobId' }),
        },
      },
    });
    const result = await pipeline.startExecution('Send', { jobId: 'j-5' });
    expect(result.output).toMatchObject({ MessageId: expect.any(String), MD5OfMessageBody: createHash('md5').update('j-5').digest('hex'), SdkHttpMetadata: { HttpStatusCode: 200 } });
    expect(pipeline.queues.get('MetricsQueue').messages().map((message) => message.body)).toEqual(['{"jobId":"j-5","value":1}', 'j-5']);
  });

  it('names an unknown queue SQS.QueueDoesNotExistException', async () => {
    const pipeline = await pipelineWith({ Send: single('Send', task('sqs:sendMessage', { QueueUrl: 'http://sqs.local/000000000000/Nope', MessageBody: 'x' })) });
    expect(await pipeline.startExecution('Send', {})).toMatchObject({ status: 'FAILED', error: 'SQS.QueueDoesNotExistException' });
  });

  it('records enableMetricsCollection calls and answers {}', async () => {
    const pipeline = await createLocalPipeline({ template: FIXTURE });
    pipelines.push(pipeline);
    const result = await pipeline.startExecution('AsgWorkflow', { detail: { requestParameters: { autoScalingGroupName: 'AWSBatch-ce-asg-1' } } });
    expect(result.output).toEqual({});
    expect(pipeline.autoscaling.enableMetricsCollectionCalls).toEqual([
      expect.objectContaining({ AutoScalingGroupName: 'AWSBatch-ce-asg-1', Granularity: '1Minute', stateName: 'Enable group metrics', executionArn: result.executionArn }),
    ]);
  });

  it('refuses an invalid granularity as AutoScaling.AutoScalingException', async () => {
    const enable = task('aws-sdk:autoscaling:enableMetricsCollection', { AutoScalingGroupName: 'asg', Granularity: '5Minute' });
    const pipeline = await pipelineWith({ Enable: single('Enable group metrics', enable) });
    expect(await pipeline.startExecution('Enable', {})).toMatchObject({ status: 'FAILED', error: 'AutoScaling.AutoScalingException' });
    expect(pipeline.autoscaling.enableMetricsCollectionCalls).toEqual([]);
  });
});

describe('Task resources without a local integration', () => {
  const invoke = single('Enrich job', task('lambda:invoke', { FunctionName: 'enricher', 'Payload.$': '$' }));

  it('refuses the state machine, naming the state and the resource', async () => {
    await expect(pipelineWith({ Invoke: invoke })).rejects.toThrow('state "Enrich job": no local integration for resource "arn:aws:states:::lambda:invoke"');
  });

  it('runs a task override in its place', async () => {
    const pipeline = await pipelineWith({ Invoke: invoke }, { taskOverrides: { 'Enrich job': (parameters) => ({ enriched: parameters }) } });
    const result = await pipeline.startExecution('Invoke', { jobId: 'j-6' });
    expect(result.output).toEqual({ enriched: { FunctionName: 'enricher', Payload: { jobId: 'j-6' } } });
  });
});

describe('time', () => {
  it('runs Wait states instantly by default while accounting for their nominal length', async () => {
    const pipeline = await createLocalPipeline({ template: FIXTURE });
    pipelines.push(pipeline);
    const result = await pipeline.startExecution('InstanceWorkflow', { instanceArn: 'arn:ci/unknown', time: '2024-05-01T12:00:00Z' });
    expect(result.visitedStates.filter((state) => state === 'Wait for registration')).toHaveLength(3);
    expect(result.durationMs).toBeLessThan(1000);
    expect(result.simulatedDurationSeconds).toBeGreaterThanOrEqual(60);
  });

  it('honours Wait states at a chosen time scale', async () => {
    const pipeline = await pipelineWith({ Pause: single('Pause', { Type: 'Wait', Seconds: 2, End: true }) }, { timeScale: 0.05 });
    const result = await pipeline.startExecution('Pause', {});
    expect(result.durationMs).toBeGreaterThanOrEqual(95);
  });

  it('times out an Express execution whose waits exceed five minutes of simulated time', async () => {
    const pipeline = await pipelineWith({ Long: single('Wait for capacity', { Type: 'Wait', Seconds: 400, End: true }) });
    const result = await pipeline.startExecution('Long', {});
    expect(result).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
    expect(result.cause).toContain('beyond the 300 s limit of this EXPRESS state machine');
  });

  it('stops a loop that never exits after maxStateTransitions', async () => {
    const loop = { StartAt: 'Spin', States: { Spin: { Type: 'Pass', Next: 'Again?' }, 'Again?': { Type: 'Choice', Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }], Default: 'Spin' }, Done: { Type: 'Succeed' } } };
    const pipeline = await pipelineWith({ Loop: loop }, { maxStateTransitions: 50 });
    const result = await pipeline.startExecution('Loop', {});
    expect(result).toMatchObject({ status: 'FAILED', error: 'Local.StateTransitionLimitExceeded' });
  });

  it('retries an injected throttling error without waiting, then succeeds', async () => {
    const pipeline = await createLocalPipeline({ template: FIXTURE });
    pipelines.push(pipeline);
    pipeline.faults.inject({ state: 'Write audit record', error: 'DynamoDB.ProvisionedThroughputExceededException', times: 2 });
    const result = await pipeline.startExecution('FailedJobWorkflow', { detail: { jobId: 'j-7', attempts: [] } });
    expect(result.status).toBe('SUCCEEDED');
    expect(result.history.filter((event) => event.type === 'StateRetried').map((event) => event.retryAttempt)).toEqual([1, 2]);
    expect(result.simulatedDurationSeconds).toBeGreaterThanOrEqual(2 + 4);
    expect(result.durationMs).toBeLessThan(1000);
  });

  it('commits a call before a fault injected after it, as a write that succeeded can still return an error', async () => {
    const pipeline = await createLocalPipeline({ template: FIXTURE });
    pipelines.push(pipeline);
    pipeline.faults.inject({ state: 'Record first sighting', error: 'DynamoDB.InternalServerErrorException', timing: 'after-call' });
    const result = await pipeline.startExecution('JobStatesWorkflow', { detail: { jobId: 'j-8', status: 'RUNNING' } });
    expect(result).toMatchObject({ status: 'FAILED', error: 'DynamoDB.InternalServerErrorException' });
    expect(await pipeline.dynamodb.items(pipeline.template.table('JobsTable').tableName)).toContainEqual({ jobId: 'j-8', status: 'RUNNING' });
  });
});

describe('execution context', () => {
  it('gives the context object an Express execution ARN and the state machine name', async () => {
    const pass = single('Describe', { Type: 'Pass', Parameters: { 'execution.$': '$$.Execution.Id', 'machine.$': '$$.StateMachine.Name' }, End: true });
    const pipeline = await pipelineWith({ Ctx1234ABCD: pass });
    const result = await pipeline.startExecution('Ctx', {});
    expect(result.output).toEqual({ execution: result.executionArn, machine: 'Ctx' });
    expect(result.executionArn).toMatch(/^arn:aws:states:us-east-1:000000000000:express:Ctx:[0-9a-f-]+:[0-9a-f-]+$/);
  });
});

describe('execution input', () => {
  it('stays in the context object as the execution started with it, after states wrote into their input', async () => {
    const definition = {
      StartAt: 'Add result',
      States: {
        'Add result': { Type: 'Pass', Result: { added: true }, ResultPath: '$.detail.result', Next: 'Replace detail' },
        'Replace detail': { Type: 'Pass', Result: 'replaced', ResultPath: '$.detail', Next: 'Read input' },
        'Read input': { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% { "state": $states.input, "execution": $states.context.Execution.Input } %}', End: true },
      },
    };
    const pipeline = await pipelineWith({ Input: definition });
    const input = { detail: { jobId: 'j-9', attempts: [{ exitCode: 1 }] } };
    const copy = structuredClone(input);
    const result = await pipeline.startExecution('Input', input);
    expect(result.output).toEqual({ state: { detail: 'replaced' }, execution: copy });
    expect(input).toEqual(copy);
  });
});

describe('definitions asl-validator accepted', () => {
  // A Choice state without Choices: the States Language schema requires at least one.
  const invalid = single('Decide', { Type: 'Choice', Choices: [], Default: 'Done' });
  const withDone = { ...invalid, States: { ...invalid.States, Done: { Type: 'Succeed' } } };

  it('are listed by digest once a pipeline has loaded them', async () => {
    const before = new Set(acceptedDefinitionDigests());
    await pipelineWith({ Accepted: single('Describe', { Type: 'Pass', Result: { accepted: true }, End: true }) });
    expect(acceptedDefinitionDigests().filter((digest) => !before.has(digest))).toEqual([expect.stringMatching(/^[0-9a-f]{64}$/)]);
  });

  it('are still validated when only other definitions were accepted by digest', async () => {
    acceptDefinitionDigests(acceptedDefinitionDigests());
    await expect(pipelineWith({ Invalid: withDone })).rejects.toThrow(/State machine Invalid.*Choices/s);
  });
});
