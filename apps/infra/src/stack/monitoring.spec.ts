import { App, Stack, type StackProps } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { DASHBOARD_KEYS, validateDashboardBody } from '@batchmon/dashboards';
import { BatchmonStack } from './batchmon-stack';
import { BatchmonMonitoring, type BatchmonMonitoringProps } from './monitoring';

const ENV = { region: 'eu-west-1', account: '123456789012' };

/** A stack with the resources monitoring watches, and the monitoring construct over them. */
function monitoredStack(props: Partial<BatchmonMonitoringProps> = {}, stackProps: StackProps = { env: ENV }) {
  const stack = new Stack(new App(), 'Test', stackProps);
  const machine = (id: string) =>
    new sfn.StateMachine(stack, id, { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, `${id}Start`)) });
  const metricsFunction = new lambda.Function(stack, 'MetricsFunction', {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({})'),
    logGroup: new logs.LogGroup(stack, 'MetricsFunctionLogs'),
  });
  new BatchmonMonitoring(stack, 'Monitoring', {
    stateMachines: { InstanceRegistration: machine('InstanceRegistration'), JobStates: machine('JobStates') },
    metricsQueue: new sqs.Queue(stack, 'MetricsQueue'),
    deadLetterQueues: { metrics: new sqs.Queue(stack, 'MetricsDlq'), events: new sqs.Queue(stack, 'EventsDlq') },
    metricsFunction,
    ...props,
  });
  return Template.fromStack(stack);
}

/** A dashboard body with every CloudFormation intrinsic (Ref, GetAtt) replaced by a placeholder string. */
function dashboardBody(body: unknown): unknown {
  if (typeof body === 'string') return JSON.parse(body);
  const join = (body as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
  const text = join[1].map((part) => (typeof part === 'string' ? part : 'arn:aws:placeholder')).join(join[0]);
  return JSON.parse(text);
}

function dashboards(template: Template): { name: unknown; body: unknown }[] {
  return Object.values(template.findResources('AWS::CloudWatch::Dashboard')).map((resource) => ({
    name: resource['Properties']['DashboardName'],
    body: dashboardBody(resource['Properties']['DashboardBody']),
  }));
}

describe('BatchmonMonitoring', () => {
  const template = monitoredStack();

  it('creates the eight dashboards, named after the region', () => {
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 8);
    expect(dashboards(template).map((dashboard) => dashboard.name)).toEqual(
      expect.arrayContaining(['eu-west-1-batchmon-job-states', 'eu-west-1-batchmon-job-latency', 'eu-west-1-batchmon-pipeline-health']),
    );
  });

  it('writes dashboard bodies that stay valid JSON with the resources’ tokens in them', () => {
    for (const { name, body } of dashboards(template)) expect(() => validateDashboardBody(body, String(name))).not.toThrow();
  });

  it('creates every default alarm, named after the stack', () => {
    const names = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm['Properties']['AlarmName']);
    expect(names.sort()).toEqual(
      [
        'Test-dlq-events',
        'Test-dlq-metrics',
        'Test-job-failure-ratio',
        'Test-job-queue-blocked',
        'Test-metrics-function-errors',
        'Test-placement-failures',
        'Test-runnable-wait',
        'Test-stuck-jobs',
        'Test-workflow-failed-InstanceRegistration',
        'Test-workflow-failed-JobStates',
      ].sort(),
    );
  });

  it('alarms on any stuck job, over every queue, in the template', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Test-stuck-jobs',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      Metrics: Match.arrayWith([Match.objectLike({ MetricStat: Match.objectLike({ Metric: Match.objectLike({ MetricName: 'StuckJobs', Dimensions: [] }) }) })]),
    });
  });

  it('alarms on a blocked queue over every queue with a Metrics Insights query', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Test-job-queue-blocked',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      Metrics: [{ Id: 'blocked', ReturnData: true, Period: 300, Expression: 'SELECT SUM(BlockedJobQueues) FROM SCHEMA("AWSBatchMetrics", JobQueue)', Label: Match.anyValue() }],
    });
  });

  it('alarms on the failure ratio above 20 % for three periods', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Test-job-failure-ratio',
      Threshold: 20,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Metrics: Match.arrayWith([
        Match.objectLike({
          Id: 'failed',
          ReturnData: false,
          MetricStat: {
            Metric: { Namespace: 'AWSBatchMetrics', MetricName: 'JobStateTransitions', Dimensions: [{ Name: 'State', Value: 'FAILED' }] },
            Period: 300,
            Stat: 'Sum',
          },
        }),
        Match.objectLike({ Id: 'ratio', ReturnData: true, Expression: 'IF(FILL(failed, 0) + FILL(succeeded, 0) >= 5, 100 * FILL(failed, 0) / (FILL(failed, 0) + FILL(succeeded, 0)))' }),
      ]),
    });
  });

  it('alarms on the longest RUNNABLE wait above 1800 s and on sustained placement failures', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'Test-runnable-wait', Threshold: 1800, EvaluationPeriods: 3 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Test-placement-failures',
      Threshold: 0,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      Metrics: [Match.objectLike({ Expression: 'SELECT SUM(PlacementFailures) FROM SCHEMA("AWSBatchMetrics", ComputeEnvironment)' })],
    });
  });

  it('alarms on a dead-letter queue that is not empty', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Test-dlq-metrics',
      Threshold: 0,
      Metrics: [
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: Match.anyValue() }] },
            Stat: 'Maximum',
          }),
        }),
      ],
    });
  });

  it('notifies an SNS topic encrypted with a key CloudWatch may use', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] }),
        ]),
      },
    });
    template.allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }],
      OKActions: [{ Ref: Match.stringLikeRegexp('AlarmTopic') }],
    });
  });

  it('subscribes no e-mail address unless given one', () => {
    template.resourceCountIs('AWS::SNS::Subscription', 0);
    monitoredStack({ alarmEmail: 'oncall@example.com' }).hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
    });
  });

  it('rejects an alarm e-mail that is not an address', () => {
    expect(() => monitoredStack({ alarmEmail: 'oncall' })).toThrow('alarmEmail: expected an e-mail address, found "oncall"');
  });

  it('outputs the console URL of each dashboard', () => {
    const outputs = Object.values(template.findOutputs('*')).map((output) => output['Value']);
    for (const key of DASHBOARD_KEYS) {
      expect(outputs).toContain(`https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#dashboards:name=eu-west-1-batchmon-${key}`);
    }
    expect(outputs.filter((value) => String(value).includes('#dashboards:name='))).toHaveLength(DASHBOARD_KEYS.length);
  });

  it('takes thresholds, queues and switches from its props', () => {
    const custom = monitoredStack({
      alarms: { runnableWait: { thresholdSeconds: 600, jobQueues: ['high', 'low'] }, failureRatio: { enabled: false } },
    });
    custom.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'Test-runnable-wait-high',
      Threshold: 600,
      Metrics: [
        Match.objectLike({
          MetricStat: { Metric: { Namespace: 'AWSBatchMetrics', MetricName: 'RunnableWaitTime', Dimensions: [{ Name: 'JobQueue', Value: 'high' }] }, Period: 300, Stat: 'p90' },
        }),
      ],
    });
    const names = Object.values(custom.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm['Properties']['AlarmName']);
    expect(names).toContain('Test-runnable-wait-low');
    expect(names).not.toContain('Test-runnable-wait');
    expect(names).not.toContain('Test-job-failure-ratio');
  });

  it('shows the slowest jobs from the log group configured on the metrics function', () => {
    const resource = Object.values(template.findResources('AWS::CloudWatch::Dashboard')).find(
      (dashboard) => dashboard['Properties']['DashboardName'] === 'eu-west-1-batchmon-job-latency',
    );
    const parts: unknown[] = resource?.['Properties']['DashboardBody']['Fn::Join'][1] ?? [];
    const logGroupRef = parts.findIndex((part) => JSON.stringify(part).includes('MetricsFunctionLogs'));
    expect(logGroupRef).toBeGreaterThan(0);
    expect(String(parts[logGroupRef - 1])).toMatch(/SOURCE '$/);
  });

  it('names dashboards after the deploy-time region in an environment-agnostic stack', () => {
    const agnostic = monitoredStack({}, {});
    const names = Object.values(agnostic.findResources('AWS::CloudWatch::Dashboard')).map((dashboard) => dashboard['Properties']['DashboardName']);
    expect(names).toContainEqual({ 'Fn::Join': ['', [{ Ref: 'AWS::Region' }, '-batchmon-job-states']] });
  });

  it('links to the China console from a stack in a China region', () => {
    const outputs = Object.values(monitoredStack({}, { env: { region: 'cn-north-1', account: '123456789012' } }).findOutputs('*')).map((output) => output['Value']);
    expect(outputs).toContain('https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1#dashboards:name=cn-north-1-batchmon-job-states');
  });

  it('chooses the console host by partition at deployment in an environment-agnostic stack', () => {
    const agnostic = monitoredStack({}, {});
    agnostic.hasCondition('InChinaPartition', { 'Fn::Equals': [{ Ref: 'AWS::Partition' }, 'aws-cn'] });
    agnostic.hasCondition('InGovCloudPartition', { 'Fn::Equals': [{ Ref: 'AWS::Partition' }, 'aws-us-gov'] });
    const urls = Object.values(agnostic.findOutputs('*')).map((output) => JSON.stringify(output['Value'])).filter((value) => value.includes('#dashboards:name='));
    expect(urls).toHaveLength(DASHBOARD_KEYS.length);
    for (const url of urls) expect(url).toContain('{"Fn::If":["InChinaPartition","console.amazonaws.cn",{"Fn::If":["InGovCloudPartition","console.amazonaws-us-gov.com","console.aws.amazon.com"]}]}');
  });

  it('is part of BatchmonStack, wired to its resources', () => {
    const stack = new BatchmonStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Batchmon', { env: ENV });
    const wired = Template.fromStack(stack);
    wired.resourceCountIs('AWS::CloudWatch::Dashboard', 8);
    wired.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'Batchmon-metrics-function-errors' });
  });
});
