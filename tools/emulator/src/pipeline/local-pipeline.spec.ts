import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { join } from 'node:path';
import { handWrittenTemplate, IDS } from '../__fixtures__/hand-written-template';
import { loadTemplate } from '../template/load-template';
import { createLocalPipeline, type LocalPipeline } from './local-pipeline';

const template = loadTemplate(join(__dirname, '..', '__fixtures__', 'emulator-fixture.template.json'));

const jobEvent = (jobId: string, status: string) => ({
  source: 'aws.batch',
  'detail-type': 'Batch Job State Change',
  time: '2024-05-01T12:00:00Z',
  detail: { jobId, status, attempts: [] },
});
const instanceEvent = (clusterArn: string, containerInstanceArn: string) => ({
  source: 'aws.ecs',
  'detail-type': 'ECS Container Instance State Change',
  time: '2024-05-01T12:00:00Z',
  detail: { clusterArn, containerInstanceArn },
});

/** A fake metrics handler: records batch sizes and bodies, fails what `fail` says. */
function fakeHandler(fail: (body: unknown, receiveCount: number) => boolean = () => false) {
  const batches: number[] = [];
  const bodies: unknown[] = [];
  const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    batches.push(event.Records.length);
    const failures = event.Records.filter((record) => fail(JSON.parse(record.body), Number(record.attributes.ApproximateReceiveCount)));
    bodies.push(...event.Records.filter((record) => !failures.includes(record)).map((record) => JSON.parse(record.body)));
    return { batchItemFailures: failures.map((record) => ({ itemIdentifier: record.messageId })) };
  };
  return { handler, batches, bodies };
}

describe('local pipeline', () => {
  let pipeline: LocalPipeline;
  const metrics = fakeHandler((body, receiveCount) => (body as { jobId?: string }).jobId === 'poison' || (receiveCount === 1 && (body as { jobId?: string }).jobId === 'flaky'));

  beforeAll(async () => {
    pipeline = await createLocalPipeline({ template, handler: metrics.handler });
  });
  afterAll(async () => {
    await pipeline.close();
  });
  beforeEach(async () => {
    await pipeline.drain();
    metrics.batches.length = 0;
    metrics.bodies.length = 0;
  });

  it('starts the target of every rule an event matches', async () => {
    const result = await pipeline.publish(jobEvent('j-failed', 'FAILED'));
    expect(result.matchedRules).toEqual(['JobStateRule', 'FailedJobRule']);
    expect(result.executions.map((execution) => [execution.stateMachine, execution.status])).toEqual([
      ['JobStatesWorkflow', 'SUCCEEDED'],
      ['FailedJobWorkflow', 'SUCCEEDED'],
    ]);
  });

  it('reports an event that no rule matches as unrouted', async () => {
    const before = pipeline.stats().eventsUnrouted;
    const result = await pipeline.publish(jobEvent('j-submitted', 'SUBMITTED'));
    expect(result).toMatchObject({ unrouted: true, matchedRules: [], executions: [] });
    expect(pipeline.stats().eventsUnrouted).toBe(before + 1);
    expect(pipeline.unroutedEvents.at(-1)?.detail).toMatchObject({ jobId: 'j-submitted' });
  });

  it('routes ECS events of Batch-managed clusters only, in both cluster naming styles', async () => {
    const current = await pipeline.publish(instanceEvent('arn:aws:ecs:us-east-1:123456789012:cluster/AWSBatch-ce-1-0a1b', 'arn:ci/current'));
    const older = await pipeline.publish(instanceEvent('arn:aws:ecs:us-east-1:123456789012:cluster/ce-1_Batch_0a1b', 'arn:ci/older'));
    const other = await pipeline.publish(instanceEvent('arn:aws:ecs:us-east-1:123456789012:cluster/web', 'arn:ci/web'));
    expect([current.matchedRules, older.matchedRules, other.unrouted]).toEqual([['InstanceRule'], ['InstanceRule'], true]);
  });

  it('passes the rule target input transformer output to the workflow', async () => {
    const instancesTable = template.table('InstancesTable').tableName;
    await pipeline.dynamo.send(new PutItemCommand({ TableName: instancesTable, Item: { containerInstanceArn: { S: 'arn:ci/known' } } }));
    const { executions } = await pipeline.publish(instanceEvent('arn:aws:ecs:us-east-1:1:cluster/AWSBatch-ce', 'arn:ci/known'));
    expect(executions[0]?.input).toEqual({ instanceArn: 'arn:ci/known', time: '2024-05-01T12:00:00Z' });
    expect(executions[0]?.visitedStates).toEqual(['Start lookup attempts', 'Look up instance', 'Instance known?', 'Count instance event']);
    expect(await pipeline.dynamodb.items(instancesTable)).toContainEqual({ containerInstanceArn: 'arn:ci/known', eventCount: 1, lastEventTime: '2024-05-01T12:00:00Z' });
  });

  it('delivers the messages workflows send to the handler in batches of the mapping BatchSize', async () => {
    await pipeline.publishAll(Array.from({ length: 12 }, (_, i) => jobEvent(`j-batch-${i}`, 'RUNNING')));
    const summary = await pipeline.drain();
    expect(metrics.batches).toEqual([5, 5, 2]);
    expect(summary).toMatchObject({ batches: 3, recordsDelivered: 12, messagesDeleted: 12 });
    expect(metrics.bodies).toContainEqual({ source: 'job-states', jobId: 'j-batch-0', status: 'RUNNING' });
  });

  it('redelivers a message reported in batchItemFailures until the handler takes it', async () => {
    await pipeline.publish(jobEvent('flaky', 'RUNNING'));
    const summary = await pipeline.drain();
    expect(summary).toMatchObject({ recordsDelivered: 2, messagesFailed: 1, messagesDeleted: 1, messagesMovedToDlq: 0 });
    expect(metrics.bodies).toEqual([{ source: 'job-states', jobId: 'flaky', status: 'RUNNING' }]);
  });

  it('moves a message that keeps failing to the dead-letter queue after maxReceiveCount deliveries', async () => {
    await pipeline.publish(jobEvent('poison', 'RUNNING'));
    const summary = await pipeline.drain();
    expect(summary).toMatchObject({ recordsDelivered: 3, messagesFailed: 3, messagesMovedToDlq: 1 });
    const dlq = pipeline.queues.get('MetricsQueue').dlq;
    expect(dlq?.bodies()).toContainEqual({ source: 'job-states', jobId: 'poison', status: 'RUNNING' });
    expect(dlq?.messages().at(-1)?.receiveCount).toBe(3);
  });

  it('counts what it did', async () => {
    const stats = pipeline.stats();
    expect(stats.eventsPublished).toBeGreaterThan(0);
    expect(stats.executionsStarted).toBe(stats.executionsSucceeded + stats.executionsFailed + stats.executionsTimedOut);
    expect(stats.messagesSent).toBeGreaterThanOrEqual(stats.messagesDeleted);
  });
});

describe('local pipeline with a scheduled rule', () => {
  // Each workflow sends its input to the metrics queue, so the queue shows what ran, in order.
  const forward = { StartAt: 'Send', States: { Send: { Type: 'Task', Resource: 'arn:{{Partition}}:states:::sqs:sendMessage', Parameters: { QueueUrl: `{{Ref:${IDS.queue}}}`, 'MessageBody.$': '$' }, End: true } } };
  const template = handWrittenTemplate({
    stateMachines: { Ticker: forward, Recorder: forward },
    rules: {
      EveryMinuteRule: { schedule: 'rate(1 minute)', target: 'Ticker' },
      JobRule: { pattern: { source: ['aws.batch'] }, target: 'Recorder' },
    },
  });
  const at = (time: string) => ({ ...jobEvent('j', 'RUNNING'), time });
  const sent = (pipeline: LocalPipeline) =>
    pipeline.queues.get(IDS.queue).bodies().map((body) => {
      const { source, time } = body as { source: string; time: string };
      return `${source} ${time}`;
    });

  it('fires the rule at each minute an event’s time crosses, before the event, stamped with the minute', async () => {
    const pipeline = await createLocalPipeline({ template });
    try {
      await pipeline.publish(at('2024-05-01T12:00:30Z'));
      const crossing = await pipeline.publish(at('2024-05-01T12:02:10Z'));
      expect(crossing.scheduled.map((run) => [run.rule, run.event.time, run.executions[0]?.status])).toEqual([
        ['EveryMinuteRule', '2024-05-01T12:01:00Z', 'SUCCEEDED'],
        ['EveryMinuteRule', '2024-05-01T12:02:00Z', 'SUCCEEDED'],
      ]);
      expect(crossing.executions).toHaveLength(1);
      expect(sent(pipeline)).toEqual([
        'aws.batch 2024-05-01T12:00:30Z',
        'aws.events 2024-05-01T12:01:00Z',
        'aws.events 2024-05-01T12:02:00Z',
        'aws.batch 2024-05-01T12:02:10Z',
      ]);
      expect(pipeline.stats().scheduledFirings).toBe(2);
    } finally {
      await pipeline.close();
    }
  });

  it('fires the boundaries up to a time it is advanced to, without an event', async () => {
    const pipeline = await createLocalPipeline({ template });
    try {
      await pipeline.publish(at('2024-05-01T12:00:30Z'));
      const runs = await pipeline.advanceTo('2024-05-01T12:01:00Z');
      expect(runs.map((run) => run.event.time)).toEqual(['2024-05-01T12:01:00Z']);
      expect(await pipeline.advanceTo('2024-05-01T12:01:00Z')).toEqual([]);
    } finally {
      await pipeline.close();
    }
  });
});

describe('local pipeline without a usable consumer', () => {
  const send = { StartAt: 'Send', States: { Send: { Type: 'Task', Resource: 'arn:{{Partition}}:states:::sqs:sendMessage', Parameters: { QueueUrl: `{{Ref:${IDS.queue}}}`, 'MessageBody.$': '$' }, End: true } } };

  it('refuses to drain a consumed queue without a handler', async () => {
    const pipeline = await createLocalPipeline({ template: handWrittenTemplate({ stateMachines: { Sender: send } }) });
    try {
      await pipeline.startExecution('Sender', { n: 1 });
      await expect(pipeline.drain()).rejects.toThrow(`drain(): expected a handler for function ${IDS.fn} (options "handler" or "handlers"), found none; queue ${IDS.queue} holds 1 messages`);
    } finally {
      await pipeline.close();
    }
  });

  it('gives up on a message that keeps failing on a queue without redrive policy', async () => {
    const pipeline = await createLocalPipeline({
      template: handWrittenTemplate({ stateMachines: { Sender: send }, maxReceiveCount: 0 }),
      handler: async () => {
        throw new Error('EMF serialization failed');
      },
      maxReceivesWithoutDlq: 4,
    });
    try {
      await pipeline.startExecution('Sender', { n: 1 });
      await expect(pipeline.drain()).rejects.toThrow(/failed 4 times and the queue has no redrive policy.*handler threw Error: EMF serialization failed/);
    } finally {
      await pipeline.close();
    }
  });

  it('refuses to publish once closed', async () => {
    const pipeline = await createLocalPipeline({ template: handWrittenTemplate() });
    await pipeline.close();
    await expect(pipeline.publish(jobEvent('j', 'RUNNING'))).rejects.toThrow('publish(): expected an open pipeline, found it closed');
  });
});
