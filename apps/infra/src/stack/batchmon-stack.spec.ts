import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { WORKFLOWS } from '@batchmon/correlation';
import { logBreakdownQuery, pipelineMetric } from '@batchmon/dashboards';
import { DEFAULT_METRICS_PROFILE } from '@batchmon/metrics';
import { BatchmonStack } from './batchmon-stack';

// Bundling is skipped: these tests assert on the template, not on the Lambda's code.
const template = Template.fromStack(
  new BatchmonStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test'),
);

describe('BatchmonStack', () => {
  it('creates one Express state machine per workflow', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', WORKFLOWS.length);
    template.allResourcesProperties('AWS::StepFunctions::StateMachine', { StateMachineType: 'EXPRESS' });
  });

  it('logs workflow executions at ERROR level without execution data', () => {
    template.allResourcesProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: { Level: 'ERROR', IncludeExecutionData: false },
    });
  });

  it('keeps instances in an on-demand, encrypted table with point-in-time recovery and TTL', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      KeySchema: [{ AttributeName: 'containerInstanceArn', KeyType: 'HASH' }],
    });
  });

  it('remembers counted deliveries in a table with TTL, that workflows may write but not read', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      KeySchema: [{ AttributeName: 'deliveryKey', KeyType: 'HASH' }],
    });
    const [deliveriesTable] = Object.keys(template.findResources('AWS::DynamoDB::Table', { Properties: { KeySchema: [{ AttributeName: 'deliveryKey' }] } }));
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement,
    );
    const onDeliveries = statements.filter((statement) => JSON.stringify(statement.Resource).includes(`"${deliveriesTable}"`));
    expect(onDeliveries).toHaveLength(WORKFLOWS.filter((workflow) => workflow.access.deliveriesTable !== undefined).length);
    for (const statement of onDeliveries) expect([statement.Action].flat().sort()).toEqual(['dynamodb:PutItem', 'dynamodb:UpdateItem']);
  });

  it('encrypts every queue and gives the metrics queue a dead-letter queue', () => {
    template.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
  });

  it('runs the metrics Lambda on nodejs22.x and arm64', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Environment: { Variables: Match.objectLike({ METRICS_NAMESPACE: 'AWSBatchMetrics' }) },
    });
  });

  it('takes metric messages in batches and reports partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('uses the namespace it is given', () => {
    const custom = Template.fromStack(
      new BatchmonStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Custom', {
        metricsNamespace: 'MyBatch',
      }),
    );
    custom.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ METRICS_NAMESPACE: 'MyBatch' }) },
    });
  });

  it('publishes the default metrics profile unless told otherwise', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ METRICS_PROFILE: DEFAULT_METRICS_PROFILE }) },
    });
    template.hasOutput('MetricsProfile', { Value: DEFAULT_METRICS_PROFILE });
  });

  describe.each(['essential', 'detailed'] as const)('with metricsProfile %s', (metricsProfile) => {
    const profiled = Template.fromStack(
      new BatchmonStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), `Profile-${metricsProfile}`, { metricsProfile }),
    );
    // A breakdown only the detailed profile publishes: a metric graph there, Logs Insights otherwise.
    const byQueue = logBreakdownQuery([pipelineMetric('JobStateTransitions', ['State', 'JobQueue'], { stat: 'Sum' })]).join(' | ');
    const jobStatesBody = (): string => {
      // Every dashboard links to the others, so it is found by its own name.
      const dashboards = Object.values(profiled.findResources('AWS::CloudWatch::Dashboard', { Properties: { DashboardName: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith(['-batchmon-job-states'])] }) } }));
      return JSON.stringify(dashboards[0]?.['Properties']);
    };

    it('sets METRICS_PROFILE on the metrics Lambda', () => {
      profiled.hasResourceProperties('AWS::Lambda::Function', {
        Environment: { Variables: Match.objectLike({ METRICS_PROFILE: metricsProfile }) },
      });
    });

    it('builds the dashboards for the profile', () => {
      expect(jobStatesBody()).not.toBe('');
      expect(jobStatesBody().includes(byQueue)).toBe(metricsProfile === 'essential');
    });
  });

  it('starts each workflow from a rule per pattern, with retries and a dead-letter queue', () => {
    const patterns = WORKFLOWS.flatMap((w) => w.patterns);
    template.resourceCountIs('AWS::Events::Rule', patterns.length);
    for (const pattern of patterns) {
      template.hasResourceProperties('AWS::Events::Rule', {
        EventPattern: pattern,
        Targets: [
          Match.objectLike({
            DeadLetterConfig: { Arn: Match.anyValue() },
            RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 7200 },
          }),
        ],
      });
    }
  });

  it('scopes the workflows’ DynamoDB and SQS permissions to the table and the queue', () => {
    const policies = template.findResources('AWS::IAM::Policy');
    const statements = Object.values(policies).flatMap(
      (policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: unknown; Resource: unknown }[] } } })
        .Properties.PolicyDocument.Statement,
    );
    const dataStatements = statements.filter((s) =>
      [s.Action].flat().some((action) => typeof action === 'string' && /^(dynamodb|sqs):/.test(action)),
    );
    expect(dataStatements.length).toBeGreaterThan(0);
    for (const statement of dataStatements) expect(JSON.stringify(statement.Resource)).not.toBe('"*"');
  });

  it('creates no CloudTrail trail unless asked', () => {
    template.resourceCountIs('AWS::CloudTrail::Trail', 0);
  });

  it('creates a write-management-events trail with an encrypted, access-logged bucket when asked', () => {
    const withTrail = Template.fromStack(
      new BatchmonStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'WithTrail', { createTrail: true }),
    );
    withTrail.hasResourceProperties('AWS::CloudTrail::Trail', { IsLogging: true, EventSelectors: [Match.objectLike({ ReadWriteType: 'WriteOnly', IncludeManagementEvents: true })] });
    withTrail.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
    });
  });
});
