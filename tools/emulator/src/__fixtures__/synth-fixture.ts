/**
 * Writes `emulator-fixture.template.json`: a template synthesized by aws-cdk-lib, so the fixture
 * is CDK output (tokens, logical-id hashes, IAM noise and all), with small workflows that
 * exercise each local integration. Run: `npx tsx tools/emulator/src/__fixtures__/synth-fixture.ts`.
 * The workflows are test material for the emulator, not batchmon's real ones (libs/correlation).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';

const outdir = mkdtempSync(join(tmpdir(), 'emulator-fixture-'));
const app = new App({ outdir });
const stack = new Stack(app, 'EmulatorFixture');

const jobs = new dynamodb.Table(stack, 'JobsTable', {
  partitionKey: { name: 'jobId', type: dynamodb.AttributeType.STRING },
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  timeToLiveAttribute: 'expiresAt',
  removalPolicy: RemovalPolicy.DESTROY,
});
const instances = new dynamodb.Table(stack, 'InstancesTable', {
  partitionKey: { name: 'containerInstanceArn', type: dynamodb.AttributeType.STRING },
  billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
  timeToLiveAttribute: 'expiresAt',
  removalPolicy: RemovalPolicy.DESTROY,
});
instances.addGlobalSecondaryIndex({ indexName: 'byEc2InstanceId', partitionKey: { name: 'ec2InstanceId', type: dynamodb.AttributeType.STRING } });

const dlq = new sqs.Queue(stack, 'MetricsDlq', { retentionPeriod: Duration.days(14) });
const queue = new sqs.Queue(stack, 'MetricsQueue', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 }, visibilityTimeout: Duration.seconds(60) });
const handler = new lambda.Function(stack, 'MetricsFunction', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ batchItemFailures: [] });'),
  environment: { METRICS_NAMESPACE: 'AWSBatchMetrics' },
  timeout: Duration.seconds(30),
});
handler.addEventSource(new SqsEventSource(queue, { batchSize: 5, maxBatchingWindow: Duration.seconds(1), reportBatchItemFailures: true }));

const express = (id: string, definition: sfn.IChainable): sfn.StateMachine =>
  new sfn.StateMachine(stack, id, {
    stateMachineType: sfn.StateMachineType.EXPRESS,
    definitionBody: sfn.DefinitionBody.fromChainable(definition),
    timeout: Duration.minutes(5),
  });

// Job states: a conditional put (idempotency), a Pass shaping the record, a sendMessage.
const jobMetric = new sfn.Pass(stack, 'Shape job metric', {
  parameters: { source: 'job-states', 'records.$': 'States.Array(States.JsonToString($.detail))', 'jobId.$': '$.detail.jobId', 'status.$': '$.detail.status' },
});
const recordFirstSighting = new tasks.DynamoPutItem(stack, 'Record first sighting', {
  table: jobs,
  item: {
    jobId: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.detail.jobId')),
    status: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.detail.status')),
  },
  conditionExpression: 'attribute_not_exists(jobId)',
  resultPath: sfn.JsonPath.DISCARD,
});
recordFirstSighting.addCatch(new sfn.Succeed(stack, 'Already counted'), { errors: ['DynamoDB.ConditionalCheckFailedException'], resultPath: '$.duplicate' });
const sendJobMetric = new tasks.SqsSendMessage(stack, 'Send job metric', {
  queue,
  messageBody: sfn.TaskInput.fromObject({ source: 'job-states', jobId: sfn.JsonPath.stringAt('$.jobId'), status: sfn.JsonPath.stringAt('$.status') }),
  resultSelector: { 'messageId.$': '$.MessageId' },
});
const jobStates = express('JobStatesWorkflow', recordFirstSighting.next(jobMetric).next(sendJobMetric));

// Instances: getItem, a bounded wait-and-retry for an unknown instance, updateItem, sendMessage.
const lookUp = new tasks.DynamoGetItem(stack, 'Look up instance', {
  table: instances,
  key: { containerInstanceArn: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.instanceArn')) },
  resultPath: '$.found',
});
const countEvent = new tasks.DynamoUpdateItem(stack, 'Count instance event', {
  table: instances,
  key: { containerInstanceArn: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.instanceArn')) },
  updateExpression: 'ADD eventCount :one SET lastEventTime = :time',
  expressionAttributeValues: {
    ':one': tasks.DynamoAttributeValue.fromNumber(1),
    ':time': tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.time')),
  },
  returnValues: tasks.DynamoReturnValues.UPDATED_NEW,
  resultSelector: { 'eventCount.$': '$.Attributes.eventCount.N' },
  resultPath: '$.updated',
});
const waitForRegistration = new sfn.Wait(stack, 'Wait for registration', { time: sfn.WaitTime.duration(Duration.seconds(20)) });
const countAttempt = new sfn.Pass(stack, 'Count lookup attempt', {
  parameters: { 'instanceArn.$': '$.instanceArn', 'time.$': '$.time', 'attempts.$': 'States.MathAdd($.attempts, 1)' },
});
const reportUnknown = new tasks.SqsSendMessage(stack, 'Report unknown instance', {
  queue,
  messageBody: sfn.TaskInput.fromObject({ source: 'instances', reason: 'instance-unknown', instanceArn: sfn.JsonPath.stringAt('$.instanceArn') }),
  resultPath: sfn.JsonPath.DISCARD,
});
const initAttempts = new sfn.Pass(stack, 'Start lookup attempts', { parameters: { 'instanceArn.$': '$.instanceArn', 'time.$': '$.time', attempts: 0 } });
const known = new sfn.Choice(stack, 'Instance known?')
  .when(sfn.Condition.isPresent('$.found.Item'), countEvent)
  .when(sfn.Condition.numberLessThan('$.attempts', 3), waitForRegistration.next(countAttempt).next(lookUp))
  .otherwise(reportUnknown);
const instanceWorkflow = express('InstanceWorkflow', initAttempts.next(lookUp).next(known));

// Auto Scaling: the AWS SDK integration.
const enableMetrics = new tasks.CallAwsService(stack, 'Enable group metrics', {
  service: 'autoscaling',
  action: 'enableMetricsCollection',
  parameters: { AutoScalingGroupName: sfn.JsonPath.stringAt('$.detail.requestParameters.autoScalingGroupName'), Granularity: '1Minute' },
  iamResources: ['*'],
});
const asgWorkflow = express('AsgWorkflow', enableMetrics);

// Nested states: a Parallel branch and a Map item processor, with a retried write.
const audit = new tasks.DynamoPutItem(stack, 'Write audit record', {
  table: jobs,
  item: { jobId: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.format('audit#{}', sfn.JsonPath.stringAt('$.detail.jobId'))) },
  resultPath: sfn.JsonPath.DISCARD,
});
audit.addRetry({ errors: ['DynamoDB.ProvisionedThroughputExceededException'], interval: Duration.seconds(2), maxAttempts: 3, backoffRate: 2 });
const perAttempt = new sfn.Map(stack, 'For each attempt', { itemsPath: '$.detail.attempts', resultPath: sfn.JsonPath.DISCARD });
perAttempt.itemProcessor(
  new tasks.SqsSendMessage(stack, 'Send attempt metric', { queue, messageBody: sfn.TaskInput.fromObject({ source: 'attempts', 'exitCode.$': '$.container.exitCode' }) }),
);
const fanOut = new sfn.Parallel(stack, 'Fan out', { resultPath: sfn.JsonPath.DISCARD }).branch(audit).branch(perAttempt);
const failedJobs = express('FailedJobWorkflow', fanOut);

new events.Rule(stack, 'JobStateRule', {
  eventPattern: { source: ['aws.batch'], detailType: ['Batch Job State Change'], detail: { status: events.Match.anythingBut('SUBMITTED') } },
  targets: [new targets.SfnStateMachine(jobStates, { deadLetterQueue: dlq, retryAttempts: 3 })],
});
new events.Rule(stack, 'FailedJobRule', {
  eventPattern: { source: ['aws.batch'], detailType: ['Batch Job State Change'], detail: { status: ['FAILED'] } },
  targets: [new targets.SfnStateMachine(failedJobs)],
});
new events.Rule(stack, 'InstanceRule', {
  eventPattern: {
    source: ['aws.ecs'],
    detailType: ['ECS Container Instance State Change'],
    detail: { clusterArn: events.Match.anyOf(events.Match.wildcard('*:cluster/AWSBatch-*'), events.Match.wildcard('*_Batch_*')) },
  },
  targets: [
    new targets.SfnStateMachine(instanceWorkflow, {
      // An InputTransformer: the workflow receives { instanceArn, time } rather than the event.
      input: events.RuleTargetInput.fromObject({ instanceArn: events.EventField.fromPath('$.detail.containerInstanceArn'), time: events.EventField.time }),
    }),
  ],
});
new events.Rule(stack, 'AsgRule', {
  eventPattern: {
    source: ['aws.autoscaling'],
    detailType: ['AWS API Call via CloudTrail'],
    detail: { eventName: ['CreateAutoScalingGroup'], requestParameters: { autoScalingGroupName: events.Match.prefix('AWSBatch-') } },
  },
  targets: [new targets.SfnStateMachine(asgWorkflow)],
});

const template = app.synth().getStackByName(stack.stackName).template as unknown;
writeFileSync(join(__dirname, 'emulator-fixture.template.json'), `${JSON.stringify(template, null, 1)}\n`);
rmSync(outdir, { recursive: true, force: true });
