import { join } from 'node:path';
import { loadTemplate } from './load-template';

const FIXTURE = join(__dirname, '..', '__fixtures__', 'emulator-fixture.template.json');

describe('loading a synthesized template', () => {
  const template = loadTemplate(FIXTURE);

  it('finds each state machine with a friendly name, its ARN and type', () => {
    expect(template.stateMachines.map((sm) => [sm.logicalId, sm.name, sm.type])).toEqual([
      ['JobStatesWorkflow87C29657', 'JobStatesWorkflow', 'EXPRESS'],
      ['InstanceWorkflow17E8A93E', 'InstanceWorkflow', 'EXPRESS'],
      ['AsgWorkflow20CC7D9D', 'AsgWorkflow', 'EXPRESS'],
      ['FailedJobWorkflow136C68D2', 'FailedJobWorkflow', 'EXPRESS'],
    ]);
    expect(template.stateMachine('JobStatesWorkflow').arn).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:JobStatesWorkflow');
  });

  it('resolves the tokens inside a definition to local names', () => {
    const states = template.stateMachine('JobStatesWorkflow').definition['States'] as Record<string, Record<string, unknown>>;
    expect(states['Record first sighting']).toMatchObject({
      Resource: 'arn:aws:states:::dynamodb:putItem',
      Parameters: { TableName: 'JobsTable1970BC16', ConditionExpression: 'attribute_not_exists(jobId)' },
    });
    expect(states['Send job metric']).toMatchObject({
      Resource: 'arn:aws:states:::sqs:sendMessage',
      Parameters: { QueueUrl: 'http://sqs.local/000000000000/MetricsQueue0DAB96B7' },
    });
  });

  it('reads tables with key schema, indexes and TTL attribute', () => {
    expect(template.table('InstancesTable')).toMatchObject({
      tableName: 'InstancesTable9D9FFF46',
      keySchema: [{ AttributeName: 'containerInstanceArn', KeyType: 'HASH' }],
      globalSecondaryIndexes: [{ IndexName: 'byEc2InstanceId', KeySchema: [{ AttributeName: 'ec2InstanceId', KeyType: 'HASH' }] }],
      timeToLiveAttribute: 'expiresAt',
    });
  });

  it('reads queues with their redrive policy pointing at the dead-letter queue', () => {
    const queue = template.queue('MetricsQueue');
    expect(queue).toMatchObject({
      url: 'http://sqs.local/000000000000/MetricsQueue0DAB96B7',
      visibilityTimeoutSeconds: 60,
      redrivePolicy: { deadLetterTargetArn: template.queue('MetricsDlq').arn, maxReceiveCount: 3 },
    });
  });

  it('reads the SQS event source mapping with batch size, window and partial batch responses', () => {
    expect(template.eventSourceMappings).toEqual([
      expect.objectContaining({
        queueLogicalId: 'MetricsQueue0DAB96B7',
        functionLogicalId: 'MetricsFunction5338A29D',
        batchSize: 5,
        maximumBatchingWindowInSeconds: 1,
        reportBatchItemFailures: true,
        enabled: true,
      }),
    ]);
    expect(template.functions[0]).toMatchObject({ environment: { METRICS_NAMESPACE: 'AWSBatchMetrics' }, timeoutSeconds: 30 });
  });

  it('reads rules with their pattern and state machine targets, input transformers included', () => {
    const rule = template.rules.find((candidate) => candidate.name === 'InstanceRule');
    expect(rule?.eventPattern).toMatchObject({ source: ['aws.ecs'] });
    expect(rule?.targets[0]).toMatchObject({
      kind: 'stateMachine',
      logicalId: 'InstanceWorkflow17E8A93E',
      inputTransformer: { inputPathsMap: { time: '$.time' } },
    });
  });

  it('says which names exist when a lookup finds none', () => {
    expect(() => template.queue('EventsQueue')).toThrow('Template: expected a queue named "EventsQueue", found none (the template has: MetricsDlqBF364CCC, MetricsQueue0DAB96B7)');
  });

  it('refuses an object without Resources, naming what CDK writes', () => {
    expect(() => loadTemplate({ Outputs: {} })).toThrow('template: expected a "Resources" object (as in cdk.out/<Stack>.template.json), found undefined (field missing)');
  });

  it('refuses a definition that is not JSON once resolved, naming the resource', () => {
    const broken = { Resources: { Sm: { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionString: '{"StartAt":' } } } };
    expect(() => loadTemplate(broken)).toThrow('Resources.Sm.Properties.DefinitionString: expected JSON once resolved, found text that does not parse');
  });
});
