import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CONFIGURATION_TABLE, CORRELATE_STATE, EVIDENCE_TABLE, INSTANCES_TABLE, JOBS_TABLE, LIVE_INDEX_PROJECTION, PLACEHOLDER_RESOURCES, WORKFLOWS, definitionPermissions, type WorkflowSpec, WORKFLOW_NAMES } from '@batchmon/correlation';
import { logBreakdownQuery, pipelineMetric, unfilledSeriesIds } from '@batchmon/dashboards';
import { DEFAULT_METRICS_PROFILE } from '@batchmon/metrics';
import { BatchmonStack, WORKFLOW_LOG_GROUP_PREFIX } from './batchmon-stack';

// Bundling is skipped: these tests assert on the template, not on the Lambda's code.
const template = Template.fromStack(
  new BatchmonStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test'),
);

/** The workflows whose own definition calls `action`. */
const calling = (action: string): WorkflowSpec[] =>
  WORKFLOWS.filter((workflow) => definitionPermissions(workflow.definition(PLACEHOLDER_RESOURCES)).some((permission) => permission.action === action));

/** The rules the workflows have: one per event pattern, one per schedule. */
const rulesOfWorkflows = WORKFLOWS.flatMap((workflow) => [...workflow.patterns, ...(workflow.schedule === undefined ? [] : [workflow.schedule])]).length;

/** A CloudFormation string value with every intrinsic function replaced by `TOKEN`. */
function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null && 'Fn::Join' in value && Array.isArray(value['Fn::Join'])) {
    const [separator, parts] = value['Fn::Join'] as [string, unknown[]];
    return parts.map(flatten).join(separator);
  }
  return 'TOKEN';
}

/** Every metric math / SEARCH / Metrics Insights expression of the template's alarms and dashboard bodies. */
function templateExpressions(target: Template): string[] {
  const alarms = Object.values(target.findResources('AWS::CloudWatch::Alarm')).flatMap((alarm) =>
    ((alarm as { Properties: { Metrics?: { Expression?: string }[] } }).Properties.Metrics ?? []).flatMap((query) => (query.Expression === undefined ? [] : [query.Expression])),
  );
  const widgets = Object.values(target.findResources('AWS::CloudWatch::Dashboard')).flatMap((dashboard) => {
    const body = JSON.parse(flatten((dashboard as { Properties: { DashboardBody: unknown } }).Properties.DashboardBody)) as { widgets: { properties: { metrics?: unknown[][] } }[] };
    return body.widgets.flatMap((widget) =>
      (widget.properties.metrics ?? []).flatMap((entry) =>
        entry.flatMap((part) => (typeof part === 'object' && part !== null && 'expression' in part && typeof part.expression === 'string' ? [part.expression] : [])),
      ),
    );
  });
  return [...alarms, ...widgets];
}

describe('BatchmonStack', () => {
  it('has no alarm or dashboard widget that combines series without FILL', () => {
    const expressions = templateExpressions(template);
    expect(expressions.filter((expression) => expression.includes('FILL(')).length).toBeGreaterThan(3);
    expect(expressions.filter((expression) => unfilledSeriesIds(expression).length > 0)).toEqual([]);
  });


  it('names every Task resource with the stack’s partition, never a literal aws one', () => {
    const definitions = Object.values(template.findResources('AWS::StepFunctions::StateMachine')).map((machine) =>
      JSON.stringify((machine as { Properties: { DefinitionString: unknown } }).Properties.DefinitionString),
    );
    expect(definitions).toHaveLength(WORKFLOWS.length);
    for (const definition of definitions) {
      expect(definition).not.toMatch(/arn:aws:/);
      // Fn::Join parts: `…"Resource":"arn:`, { Ref: AWS::Partition }, `:states:::dynamodb:…`.
      expect(definition).toMatch(/\\"Resource\\":\\"arn:","?,?\{"Ref":"AWS::Partition"\},":states:::/);
    }
  });

  it('writes no literal region into a template synthesized without one (every region comes from AWS::Region)', () => {
    const text = JSON.stringify(template.toJSON());
    expect(text).toContain('"Ref":"AWS::Region"');
    expect(text.match(/\b(?:us|eu|ap|sa|ca|me|af|il|mx|cn|us-gov)-(?:east|west|north|south|central|northeast|southeast|northwest|southwest)-\d\b/g) ?? []).toEqual([]);
  });

  it('uses wildcard filters in at most three rules: EventBridge allows 30 such rules per event bus, not adjustable', () => {
    const rules = Object.values(template.findResources('AWS::Events::Rule', { Properties: { EventPattern: Match.anyValue() } })).map((rule) =>
      JSON.stringify((rule as { Properties: { EventPattern: unknown } }).Properties.EventPattern),
    );
    expect(rules).toHaveLength(WORKFLOWS.flatMap((workflow) => workflow.patterns).length);
    expect(rules.filter((pattern) => pattern.includes('"wildcard"')).length).toBeLessThanOrEqual(3);
  });

  it('graphs every rule’s failed and throttled invocations on the pipeline health dashboard, by the rule’s name', () => {
    const [pipelineHealth] = Object.values(template.findResources('AWS::CloudWatch::Dashboard')).filter((dashboard) =>
      flatten((dashboard as { Properties: { DashboardName: unknown } }).Properties.DashboardName).endsWith('pipeline-health'),
    );
    const body = JSON.stringify((pipelineHealth as { Properties: { DashboardBody: unknown } }).Properties.DashboardBody);
    const ruleIds = Object.keys(template.findResources('AWS::Events::Rule'));
    expect(ruleIds).toHaveLength(rulesOfWorkflows);
    for (const id of ruleIds) expect(body).toContain(`{"Ref":"${id}"}`);
    expect(body).toContain('FailedInvocations');
    expect(body).toContain('ThrottledRules');
    expect(body).not.toContain('ExecutionThrottled');
  });

  it('creates one Express state machine per workflow', () => {
    template.resourceCountIs('AWS::StepFunctions::StateMachine', WORKFLOWS.length);
    template.allResourcesProperties('AWS::StepFunctions::StateMachine', { StateMachineType: 'EXPRESS' });
  });

  it('logs workflow executions at ERROR level without execution data', () => {
    template.allResourcesProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: { Level: 'ERROR', IncludeExecutionData: false },
    });
  });

  it('logs the workflows to a log group under /aws/vendedlogs/states/, outside the 5,120-character resource policy', () => {
    const logGroups = template.findResources('AWS::Logs::LogGroup');
    const destinations = Object.values(template.findResources('AWS::StepFunctions::StateMachine')).map((machine) =>
      JSON.stringify((machine as { Properties: { LoggingConfiguration: { Destinations: unknown[] } } }).Properties.LoggingConfiguration.Destinations),
    );
    const logicalIds = new Set(destinations.flatMap((destination) => [...destination.matchAll(/"Fn::GetAtt":\["(\w+)","Arn"\]/g)].map((match) => match[1] ?? '')));
    expect(logicalIds.size).toBe(1);
    for (const id of logicalIds) expect((logGroups[id] as { Properties: { LogGroupName: string } }).Properties.LogGroupName).toBe(`${WORKFLOW_LOG_GROUP_PREFIX}Test-workflows`);
    expect(WORKFLOW_LOG_GROUP_PREFIX).toBe('/aws/vendedlogs/states/');
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

  it('gives the instances table no index: the capacity levels scan it once a minute instead of writing an index entry per change', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: INSTANCES_TABLE.partitionKey, KeyType: 'HASH' }],
      GlobalSecondaryIndexes: Match.absent(),
    });
  });

  it('gives the jobs table a sparse index of the live jobs, projecting only what the live counts read', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: JOBS_TABLE.partitionKey, KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: JOBS_TABLE.liveIndex,
          KeySchema: [{ AttributeName: JOBS_TABLE.liveAttribute, KeyType: 'HASH' }],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...LIVE_INDEX_PROJECTION] },
        },
      ],
    });
  });

  it('lets only the workflows that scan the instances table, the live jobs index or the configuration scan them, and nothing else of them, and lets them query only the evidence', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement,
    );
    const scanning = statements.filter((statement) => [statement.Action].flat().includes('dynamodb:Scan'));
    expect(scanning.length).toBeGreaterThan(0);
    // One statement per resource scanned: the instances table, the live jobs index and (for the
    // diagnosis of stuck jobs) the configuration table.
    expect(scanning).toHaveLength(calling('dynamodb:Scan').length * 3);
    expect(scanning.map((statement) => flatten(statement.Resource)).sort()).toEqual(['TOKEN', 'TOKEN', `TOKEN/index/${JOBS_TABLE.liveIndex}`]);
    for (const statement of scanning) expect([statement.Action].flat()).toEqual(['dynamodb:Scan']);
    const querying = statements.filter((statement) => [statement.Action].flat().includes('dynamodb:Query'));
    const [evidenceTable] = Object.keys(template.findResources('AWS::DynamoDB::Table', { Properties: { KeySchema: Match.arrayWith([Match.objectLike({ AttributeName: EVIDENCE_TABLE.partitionKey })]) } }));
    expect(querying.map((statement) => JSON.stringify(statement.Resource))).toEqual([expect.stringContaining(`"${evidenceTable}"`)]);
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
    expect(onDeliveries.length).toBeGreaterThan(0);
    for (const statement of onDeliveries) {
      for (const read of ['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:Scan']) expect([statement.Action].flat()).not.toContain(read);
    }
  });

  it('keeps the configuration in an on-demand, encrypted table with point-in-time recovery and no expiry, that only its workflow reads and writes', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      TimeToLiveSpecification: Match.absent(),
      KeySchema: [{ AttributeName: CONFIGURATION_TABLE.partitionKey, KeyType: 'HASH' }],
    });
    const [configurationTable] = Object.keys(template.findResources('AWS::DynamoDB::Table', { Properties: { KeySchema: [{ AttributeName: CONFIGURATION_TABLE.partitionKey }] } }));
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement,
    );
    const onConfiguration = statements.filter((statement) => JSON.stringify(statement.Resource).includes(`"${configurationTable}"`));
    // Derived from the definitions: BatchConfiguration reads the item and writes it whole, and
    // MinuteLevels' diagnosis of stuck jobs scans it; no other workflow names the table.
    expect(onConfiguration.map((statement) => [statement.Action].flat().sort())).toEqual([['dynamodb:GetItem', 'dynamodb:PutItem'], ['dynamodb:Scan']]);
  });

  it('keeps the evidence of stuck jobs by compute environment and ten minutes, on demand, encrypted and expiring', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: EVIDENCE_TABLE.timeToLiveAttribute, Enabled: true },
      KeySchema: [
        { AttributeName: EVIDENCE_TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: EVIDENCE_TABLE.sortKey, KeyType: 'RANGE' },
      ],
    });
  });

  it('diagnoses stuck jobs with the thresholds it is given, per queue too', () => {
    const custom = Template.fromStack(new BatchmonStack(new App(), 'Thresholds', { stuckJobs: { runnableMinutes: 20, runnableMinutesByQueue: { gpu: 45 } } }));
    const [minuteLevels] = Object.values(custom.findResources('AWS::StepFunctions::StateMachine')).filter((machine) => JSON.stringify(machine).includes('Find the jobs stuck past their threshold'));
    const definition = JSON.stringify(minuteLevels);
    expect(definition).toContain(`${20 * 60}`);
    expect(definition).toMatch(new RegExp(`gpu[\\\\"]*:${45 * 60}`));
  });

  it('encrypts every queue and gives the metrics queue a dead-letter queue', () => {
    template.allResourcesProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::Queue', {
      RedrivePolicy: { deadLetterTargetArn: Match.anyValue(), maxReceiveCount: 5 },
    });
  });

  it('lets every workflow hand its failed events to the failed-events queue', () => {
    const [failedEventsQueue] = Object.keys(template.findResources('AWS::SQS::Queue')).filter((id) => id.startsWith('FailedEventsQueue'));
    expect(failedEventsQueue).toBeDefined();
    const sendsToIt = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement.some(
        (statement) => [statement.Action].flat().includes('sqs:SendMessage') && JSON.stringify(statement.Resource).includes(`"${failedEventsQueue}"`),
      ),
    );
    expect(sendsToIt).toHaveLength(WORKFLOWS.length);
  });

  it('deploys every workflow inside the catch-all that hands failures to the failed-events queue', () => {
    for (const machine of Object.values(template.findResources('AWS::StepFunctions::StateMachine'))) {
      const body = JSON.stringify((machine as { Properties: { DefinitionString: unknown } }).Properties.DefinitionString);
      expect(body).toContain(`\\"StartAt\\":\\"${CORRELATE_STATE}\\"`);
    }
  });

  it('alarms when the failed-events queue holds a message', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ComparisonOperator: 'GreaterThanThreshold',
      Metrics: [
        Match.objectLike({
          MetricStat: Match.objectLike({
            Metric: {
              MetricName: 'ApproximateNumberOfMessagesVisible',
              Namespace: 'AWS/SQS',
              Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^FailedEventsQueue'), 'QueueName'] } }],
            },
          }),
        }),
      ],
    });
  });

  it('runs the metrics Lambda on nodejs22.x and arm64', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Environment: { Variables: Match.objectLike({ METRICS_NAMESPACE: 'AWSBatchMetrics' }) },
    });
  });

  it('takes metric messages in batches of ten, the most a FIFO queue allows, and reports partial batch failures', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 10,
      MaximumBatchingWindowInSeconds: Match.absent(),
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('keeps metric messages on FIFO queues that deduplicate per message group', () => {
    const fifoQueues = template.findResources('AWS::SQS::Queue', { Properties: { FifoQueue: true } });
    expect(Object.keys(fifoQueues).sort()).toEqual([expect.stringMatching(/^MetricsDeadLetterQueue/), expect.stringMatching(/^MetricsQueue/)]);
    for (const queue of Object.values(fifoQueues)) {
      expect((queue as { Properties: Record<string, unknown> }).Properties).toMatchObject({ DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' });
    }
  });

  it('tells the metrics Lambda its queue, so it deletes what it wrote before returning', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ METRICS_QUEUE_URL: { Ref: Match.stringLikeRegexp('^MetricsQueue') } }) },
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
    template.resourceCountIs('AWS::Events::Rule', rulesOfWorkflows);
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

  it('starts each scheduled workflow from a schedule rule targeting its state machine, with retries and a dead-letter queue', () => {
    const scheduled = WORKFLOWS.filter((workflow) => workflow.schedule !== undefined);
    expect(scheduled.map((workflow) => workflow.name)).toEqual([WORKFLOW_NAMES.minuteLevels]);
    for (const workflow of scheduled) {
      const [machine] = Object.keys(template.findResources('AWS::StepFunctions::StateMachine')).filter((id) => id.startsWith(`${workflow.name}Workflow`));
      template.hasResourceProperties('AWS::Events::Rule', {
        ScheduleExpression: workflow.schedule,
        EventPattern: Match.absent(),
        Targets: [
          Match.objectLike({
            Arn: { Ref: machine },
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

  it('lets the workflows that enable group metrics describe groups too, which takes no resource-level permission', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => (policy as { Properties: { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } } }).Properties.PolicyDocument.Statement,
    );
    const autoscaling = statements.filter((statement) => [statement.Action].flat().some((action) => action.startsWith('autoscaling:')));
    const count = calling('autoscaling:EnableMetricsCollection').length;
    expect(count).toBeGreaterThan(0);
    expect(calling('autoscaling:DescribeAutoScalingGroups')).toEqual(calling('autoscaling:EnableMetricsCollection'));
    expect(autoscaling.filter((statement) => statement.Action === 'autoscaling:DescribeAutoScalingGroups' && statement.Resource === '*')).toHaveLength(count);
    expect(autoscaling.filter((statement) => statement.Action === 'autoscaling:EnableMetricsCollection' && statement.Resource !== '*')).toHaveLength(count);
    expect(autoscaling).toHaveLength(2 * count);
  });

  it('lets AsgMonitoring enable metrics only on the Auto Scaling groups of the stack’s own account and region', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 'autoscaling:EnableMetricsCollection',
            Resource: {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':autoscaling:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':autoScalingGroup:*:autoScalingGroupName/*']],
            },
          }),
        ]),
      },
    });
  });

  it('lets CloudWatch use the alarm topic’s key only for this account’s alarms', () => {
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Sid: 'CloudWatchAlarmsEncryptNotifications',
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }, ArnLike: { 'aws:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('lets CloudTrail write to the trail bucket for batchmon’s trail only', () => {
    const withTrail = Template.fromStack(new BatchmonStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'TrailOnly', { createTrail: true }));
    const policies = Object.values(withTrail.findResources('AWS::S3::BucketPolicy')).map((p) => JSON.stringify(p));
    const trailPolicy = policies.find((p) => p.includes('cloudtrail.amazonaws.com'));
    const statements = (JSON.parse(trailPolicy ?? '{}') as { Properties: { PolicyDocument: { Statement: { Principal?: { Service?: string }; Condition?: unknown }[] } } }).Properties.PolicyDocument.Statement;
    const cloudtrailStatements = statements.filter((statement) => statement.Principal?.Service === 'cloudtrail.amazonaws.com');
    expect(cloudtrailStatements.length).toBeGreaterThan(0);
    for (const statement of cloudtrailStatements) {
      expect(JSON.stringify(statement.Condition)).toContain(':trail/TrailOnly-batchmon');
    }
    expect(cloudtrailStatements.find((statement) => JSON.stringify(statement.Condition).includes('s3:x-amz-acl'))).toBeDefined();
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
