import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { BatchmonMonitoring, type BatchmonMonitoringProps } from './monitoring';
import * as iam from 'aws-cdk-lib/aws-iam';
import { StackConfigurationError } from '../errors';
import { DEFAULT_METRICS_PROFILE, DEFAULT_NAMESPACE, METRICS_LAMBDA_ENTRY, NAMESPACE_ENV_VAR, PROFILE_ENV_VAR, type MetricsProfile } from '@batchmon/metrics';
import {
  CONFIGURATION_TABLE,
  DELIVERIES_TABLE,
  EVIDENCE_TABLE,
  INSTANCES_TABLE,
  JOBS_TABLE,
  LIVE_INDEX_PROJECTION,
  WORKFLOWS,
  definitionPermissions,
  deployedDefinition,
  resolvePermissions,
  type PermissionArns,
  type StateMachineDefinition,
  type StuckJobOptions,
  type WorkflowOptions,
  type WorkflowSpec,
} from '@batchmon/correlation';
import { archivePattern, archiveRetentionDays } from './event-archive';
import { checkedStuckJobOptions } from './stuck-job-options';
import { EVENTS_ARCHIVE_OUTPUT, METRICS_LOG_GROUP_OUTPUT, METRICS_NAMESPACE_OUTPUT, ruleNameOutput, stateMachineArnOutput } from './stack-outputs';

/** Props of {@link BatchmonStack}. */
export interface BatchmonStackProps extends StackProps {
  /**
   * CloudWatch namespace of every metric.
   * @default 'AWSBatchMetrics'
   */
  readonly metricsNamespace?: string;
  /**
   * Which of the catalog's dimension sets are published as CloudWatch metrics. `essential`
   * publishes the low-cardinality sets (state, job queue, compute environment, workflow, reason);
   * the dashboards answer the other breakdowns (job definition, instance type, Availability Zone)
   * with Logs Insights queries over the EMF lines. `detailed` also publishes those as metrics: more
   * series, each billed as a custom metric (price both with `npm run cost`).
   * @default 'essential'
   */
  readonly metricsProfile?: MetricsProfile;
  /**
   * What happens to the tables when the stack is destroyed. Their content is derived from events
   * and rebuilds itself, so the default removes them.
   * @default RemovalPolicy.DESTROY
   */
  readonly tableRemovalPolicy?: RemovalPolicy;
  /**
   * Retention of the Lambda's and workflows' log groups (the Lambda's holds the EMF lines).
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Create a CloudTrail trail logging this region's write management events, with an encrypted,
   * access-logged bucket. "AWS API Call via CloudTrail" events (RegisterContainerInstance,
   * RunTask, CreateAutoScalingGroup…) reach EventBridge only when some trail logs management
   * events: turn this on only if the account has none (a second trail is billed).
   * @default false
   */
  readonly createTrail?: boolean;
  /**
   * Dashboards and alarms: e-mail for the alarm topic, per-alarm switches and thresholds, the
   * dashboards' name prefix.
   * @default every dashboard and alarm with its documented defaults, no e-mail subscription
   */
  readonly monitoring?: Pick<BatchmonMonitoringProps, 'alarmEmail' | 'alarms' | 'dashboardNamePrefix'>;
  /**
   * Keep the events batchmon's rules match in an EventBridge archive on the default bus for this
   * many days, so a time range can be replayed into the pipeline later (after an outage, or into a
   * new deployment). Archived events are billed per GB stored and processed; off by default.
   * @default - no archive
   */
  readonly archiveRetentionDays?: number;
  /**
   * When a waiting job counts as stuck and is diagnosed (once, with the first reason that holds):
   * RUNNABLE longer than `runnableMinutes` (per queue: `runnableMinutesByQueue`, by queue name),
   * STARTING longer than `startingMinutes`; a launched instance not registered after
   * `registrationGraceMinutes` counts as not registering.
   * @default { runnableMinutes: 10, startingMinutes: 10, registrationGraceMinutes: 5 }
   */
  readonly stuckJobs?: StuckJobOptions;
}

/** The workflows' log group name starts with this (see the log group for why). */
export const WORKFLOW_LOG_GROUP_PREFIX = '/aws/vendedlogs/states/';

/**
 * batchmon: EventBridge rules → Step Functions Express workflows (direct DynamoDB and SQS
 * integrations) → SQS metrics queue → a minimal Lambda writing CloudWatch Embedded Metric Format.
 */
export class BatchmonStack extends Stack {
  /** Container instance ARN → EC2 instance, AZ, type, compute environment, capacity while it counts. */
  readonly instancesTable: dynamodb.Table;
  /** Job id → queue, definition, first time in each state, attempts, instance. */
  readonly jobsTable: dynamodb.Table;
  /** Events (and groups) counted by the workflows that have no item of their own: repeated deliveries count once. */
  readonly deliveriesTable: dynamodb.Table;
  /** Compute environments and job queues as CloudTrail's create, update and delete calls left them (and `infra:backfill-config`). */
  readonly configurationTable: dynamodb.Table;
  /** Launches, launch failures and placement failures by compute environment, for the diagnosis of stuck jobs. */
  readonly evidenceTable: dynamodb.Table;
  /** Metric records from the workflows, consumed by the metrics Lambda. */
  readonly metricsQueue: sqs.Queue;
  /** Metric messages the Lambda could not publish after retries. */
  readonly metricsDeadLetterQueue: sqs.Queue;
  /** Events EventBridge could not deliver to a workflow after retries. */
  readonly eventsDeadLetterQueue: sqs.Queue;
  /**
   * Events whose workflow execution failed, with the error and the failing state: every workflow
   * hands its event here instead of losing it. `infra:redrive` sends them back.
   */
  readonly failedEventsQueue: sqs.Queue;
  /** The metrics Lambda. */
  readonly metricsFunction: lambda.IFunction;
  /** The workflows by name. */
  readonly stateMachines: Readonly<Record<string, sfn.StateMachine>>;
  /** The archive of matched events, when `archiveRetentionDays` is set. */
  readonly eventsArchive?: events.Archive;

  constructor(scope: Construct, id: string, props: BatchmonStackProps = {}) {
    super(scope, id, props);
    const namespace = props.metricsNamespace ?? DEFAULT_NAMESPACE;
    const profile = props.metricsProfile ?? DEFAULT_METRICS_PROFILE;
    const logRetention = props.logRetention ?? logs.RetentionDays.ONE_MONTH;

    const table = (id: string, keys: { partitionKey: string; sortKey?: string; timeToLiveAttribute?: string }): dynamodb.Table =>
      new dynamodb.Table(this, id, {
        partitionKey: { name: keys.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: keys.sortKey === undefined ? undefined : { name: keys.sortKey, type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        timeToLiveAttribute: keys.timeToLiveAttribute,
        removalPolicy: props.tableRemovalPolicy ?? RemovalPolicy.DESTROY,
      });
    // No index: the capacity levels are summed once a minute by a Scan of this small table
    // (MinuteLevels), which costs less than an index entry written at every instance change.
    this.instancesTable = table('InstancesTable', INSTANCES_TABLE);
    this.jobsTable = table('JobsTable', JOBS_TABLE);
    // Sparse: only the jobs that have not ended carry the key, so MinuteLevels' Scan of the index
    // reads the jobs running and waiting, not the days of finished jobs the table keeps. INCLUDE,
    // not ALL: an entry is rewritten only when one of these attributes changes, not at every mark.
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-indexes-general-sparse-indexes.html
    this.jobsTable.addGlobalSecondaryIndex({
      indexName: JOBS_TABLE.liveIndex,
      partitionKey: { name: JOBS_TABLE.liveAttribute, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.INCLUDE,
      nonKeyAttributes: [...LIVE_INDEX_PROJECTION],
    });
    this.deliveriesTable = table('DeliveriesTable', DELIVERIES_TABLE);
    // No expiry: an item lives as long as its compute environment or job queue (a delete keeps a
    // tombstone, so that a late update of a deleted resource cannot bring it back).
    this.configurationTable = table('ConfigurationTable', CONFIGURATION_TABLE);
    // One item per compute environment and ten minutes: the diagnosis of stuck jobs reads the last
    // hour of a compute environment by one Query, and the items expire after a day.
    this.evidenceTable = table('EvidenceTable', EVIDENCE_TABLE);

    // FIFO, so that a message is published once: a send the workflow retries after an ambiguous
    // error carries the same deduplication id (its execution name) and SQS keeps one copy, and a
    // FIFO queue never delivers a message twice. One group per message keeps delivery parallel
    // (high-throughput mode: deduplication and throughput per message group).
    // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/high-throughput-fifo.html
    const fifo = {
      fifo: true,
      deduplicationScope: sqs.DeduplicationScope.MESSAGE_GROUP,
      fifoThroughputLimit: sqs.FifoThroughputLimit.PER_MESSAGE_GROUP_ID,
    } as const;
    this.metricsDeadLetterQueue = new sqs.Queue(this, 'MetricsDeadLetterQueue', {
      ...fifo,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const lambdaTimeout = Duration.seconds(30);
    this.metricsQueue = new sqs.Queue(this, 'MetricsQueue', {
      ...fifo,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS recommends six times the function timeout, so a batch in flight is not redelivered.
      visibilityTimeout: Duration.seconds(lambdaTimeout.toSeconds() * 6),
      deadLetterQueue: { queue: this.metricsDeadLetterQueue, maxReceiveCount: 5 },
    });
    this.eventsDeadLetterQueue = new sqs.Queue(this, 'EventsDeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    // EventBridge does not retry an Express execution that started and then failed: the
    // workflows' own catch-all is the only safety net, and this queue keeps what it caught.
    this.failedEventsQueue = new sqs.Queue(this, 'FailedEventsQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });

    const metricsFunction = new nodejs.NodejsFunction(this, 'MetricsFunction', {
      entry: METRICS_LAMBDA_ENTRY,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 256,
      timeout: lambdaTimeout,
      environment: { [NAMESPACE_ENV_VAR]: namespace, [PROFILE_ENV_VAR]: profile, AWS_EMF_ENVIRONMENT: 'Lambda', METRICS_QUEUE_URL: this.metricsQueue.queueUrl },
      bundling: { minify: true, sourceMap: false, target: 'node22' },
      logGroup: new logs.LogGroup(this, 'MetricsFunctionLogs', { retention: logRetention, removalPolicy: RemovalPolicy.DESTROY }),
      description: 'batchmon: metric records from the workflows → CloudWatch Embedded Metric Format',
    });
    // Batches of up to 10 messages (each carries every record of one execution), the most a FIFO
    // queue allows; FIFO queues take no batching window.
    // https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-parameters.html
    metricsFunction.addEventSource(new SqsEventSource(this.metricsQueue, { batchSize: 10, reportBatchItemFailures: true }));
    this.metricsFunction = metricsFunction;

    const workflowLogs = new logs.LogGroup(this, 'WorkflowLogs', {
      // Step Functions adds each logging state machine's log group to the account's CloudWatch Logs
      // resource policy, limited to 5,120 characters; groups under /aws/vendedlogs/ need no entry
      // ("Avoiding Amazon CloudWatch Logs resource policy size restrictions",
      // https://docs.aws.amazon.com/step-functions/latest/dg/bp-cwl.html).
      logGroupName: `${WORKFLOW_LOG_GROUP_PREFIX}${this.stackName}-workflows`,
      retention: logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const stateMachines: Record<string, sfn.StateMachine> = {};
    const rules: Record<string, events.Rule> = {};
    const stuckJobs = checkedStuckJobOptions(props.stuckJobs);
    for (const workflow of WORKFLOWS) {
      const added = this.addWorkflow(workflow, workflowLogs, { stuckJobs });
      stateMachines[workflow.name] = added.stateMachine;
      for (const [index, rule] of added.rules.entries()) rules[index === 0 ? workflow.name : `${workflow.name} ${index + 1}`] = rule;
    }
    this.stateMachines = stateMachines;

    new BatchmonMonitoring(this, 'Monitoring', {
      ...props.monitoring,
      namespace,
      profile,
      stateMachines: this.stateMachines,
      metricsQueue: this.metricsQueue,
      deadLetterQueues: { metrics: this.metricsDeadLetterQueue, events: this.eventsDeadLetterQueue, 'failed-events': this.failedEventsQueue },
      metricsFunction: this.metricsFunction,
      rules,
    });

    if (props.createTrail === true) this.addTrail();
    if (props.archiveRetentionDays !== undefined) this.eventsArchive = this.addArchive(archiveRetentionDays(props.archiveRetentionDays));

    new CfnOutput(this, 'InstancesTableName', { value: this.instancesTable.tableName });
    new CfnOutput(this, 'JobsTableName', { value: this.jobsTable.tableName });
    new CfnOutput(this, 'ConfigurationTableName', { value: this.configurationTable.tableName });
    new CfnOutput(this, 'MetricsQueueUrl', { value: this.metricsQueue.queueUrl });
    new CfnOutput(this, METRICS_NAMESPACE_OUTPUT, { value: namespace });
    new CfnOutput(this, 'MetricsProfile', { value: profile });
    new CfnOutput(this, 'FailedEventsQueueUrl', {
      value: this.failedEventsQueue.queueUrl,
      description: 'Events whose workflow failed; send them back with `npx nx run infra:redrive`.',
    });
    // What `npx nx run infra:smoke` (and any script) needs to reach the deployed pipeline.
    new CfnOutput(this, METRICS_LOG_GROUP_OUTPUT, { value: metricsFunction.logGroup.logGroupName });
    for (const [name, stateMachine] of Object.entries(this.stateMachines)) {
      new CfnOutput(this, stateMachineArnOutput(name), { value: stateMachine.stateMachineArn });
    }
  }

  /**
   * An archive of the events the rules match, on the default bus: their union as one `$or`
   * pattern, since an archive takes a single pattern.
   * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-archive.html
   */
  private addArchive(retentionDays: number): events.Archive {
    const archive = new events.Archive(this, 'EventsArchive', {
      sourceEventBus: events.EventBus.fromEventBusName(this, 'DefaultEventBus', 'default'),
      // The patterns are in EventBridge's own JSON shape, which CDK passes through unchanged.
      eventPattern: archivePattern(WORKFLOWS.flatMap((workflow) => workflow.patterns)) as events.EventPattern,
      retention: Duration.days(retentionDays),
      description: `batchmon: the events its rules match, kept ${retentionDays} days for replays`,
    });
    new CfnOutput(this, EVENTS_ARCHIVE_OUTPUT, { value: archive.archiveArn });
    return archive;
  }

  /** A trail for the CloudTrail events batchmon needs, when the account has none. */
  private addTrail(): void {
    const secureBucket = { encryption: s3.BucketEncryption.S3_MANAGED, enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL };
    const accessLogs = new s3.Bucket(this, 'TrailAccessLogsBucket', {
      ...secureBucket,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });
    const bucket = new s3.Bucket(this, 'TrailBucket', {
      ...secureBucket,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'trail-bucket/',
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });
    // Write events are the ones batchmon listens to; reads would multiply the trail's volume.
    const trailName = `${this.stackName}-batchmon`;
    new cloudtrail.Trail(this, 'Trail', {
      trailName,
      bucket,
      isMultiRegionTrail: false,
      includeGlobalServiceEvents: false,
      managementEvents: cloudtrail.ReadWriteType.WRITE_ONLY,
      enableFileValidation: true,
    });
    // CloudTrail may write to the bucket for this trail only (CloudTrail's bucket policy guidance:
    // an aws:SourceArn condition), so no other account's trail can use it. The ARN is built from
    // the name: the trail's own attribute would make the policy depend on the trail that needs it.
    // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html
    const trailArn = `arn:${this.partition}:cloudtrail:${this.region}:${this.account}:trail/${trailName}`;
    restrictServiceStatements(bucket, 'cloudtrail.amazonaws.com', 'aws:SourceArn', trailArn);
  }

  /**
   * Grants a state machine exactly what its definition calls, derived from its Task states as CDK's
   * task constructs derive theirs: each action on the table, index or queue the Task names, and
   * nothing else. The definition comes as JSON, so CDK cannot infer them itself.
   */
  private grantDefinitionPermissions(workflow: WorkflowSpec, definition: StateMachineDefinition, stateMachine: sfn.StateMachine): void {
    const tables = new Map([this.instancesTable, this.jobsTable, this.deliveriesTable, this.configurationTable, this.evidenceTable].map((table) => [table.tableName, table]));
    const queues = new Map([this.metricsQueue, this.failedEventsQueue].map((queue) => [queue.queueUrl, queue]));
    const known = <T>(found: T | undefined, what: string, name: string): T => {
      if (found !== undefined) return found;
      throw new StackConfigurationError(`workflow ${workflow.name}: ${what} ${name}: expected one of the stack's, found none by that name`);
    };
    const arns: PermissionArns = {
      table: (name) => known(tables.get(name), 'table', name).tableArn,
      index: (name, index) => `${known(tables.get(name), 'table', name).tableArn}/index/${index}`,
      queue: (url) => known(queues.get(url), 'queue', url).queueArn,
      autoScalingGroup: (name) => `arn:${this.partition}:autoscaling:${this.region}:${this.account}:autoScalingGroup:*:autoScalingGroupName/${name}`,
    };
    // One statement per resource, with every action the definition calls on it.
    const byResource = new Map<string, string[]>();
    for (const { action, resource } of resolvePermissions(definitionPermissions(definition), arns)) {
      byResource.set(resource, [...(byResource.get(resource) ?? []), action]);
    }
    for (const [resource, actions] of byResource) stateMachine.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [resource] }));
  }

  private addWorkflow(workflow: WorkflowSpec, logGroup: logs.ILogGroup, options: WorkflowOptions): { stateMachine: sfn.StateMachine; rules: events.Rule[] } {
    const definition = deployedDefinition(
      workflow,
      {
      instancesTable: this.instancesTable.tableName,
      jobsTable: this.jobsTable.tableName,
      deliveriesTable: this.deliveriesTable.tableName,
      configurationTable: this.configurationTable.tableName,
      evidenceTable: this.evidenceTable.tableName,
      metricsQueueUrl: this.metricsQueue.queueUrl,
      // A token: Task resources are `arn:${AWS::Partition}:states:::…`, right in aws-cn and aws-us-gov too.
      partition: this.partition,
      failedEventsQueueUrl: this.failedEventsQueue.queueUrl,
      },
      options,
    );
    const stateMachine = new sfn.StateMachine(this, `${workflow.name}Workflow`, {
      stateMachineType: sfn.StateMachineType.EXPRESS,
      definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(definition)),
      comment: workflow.description,
      timeout: Duration.seconds(definition.TimeoutSeconds ?? 60),
      // ERROR without execution data: ALL with data cost kilobytes of log ingestion per event.
      logs: { destination: logGroup, level: sfn.LogLevel.ERROR, includeExecutionData: false },
    });
    this.grantDefinitionPermissions(workflow, definition, stateMachine);

    const target = (): targets.SfnStateMachine =>
      new targets.SfnStateMachine(stateMachine, {
        deadLetterQueue: this.eventsDeadLetterQueue,
        retryAttempts: 8,
        maxEventAge: Duration.hours(2),
      });
    const rules = workflow.patterns.map((pattern, index) => {
      const rule = new events.Rule(this, `${workflow.name}Rule${index === 0 ? '' : index + 1}`, {
        description: `batchmon: starts the ${workflow.name} workflow`,
        // Patterns come from libs/event-schemas in EventBridge's own JSON shape (keys like "detail-type").
        eventPattern: pattern as events.EventPattern,
        targets: [target()],
      });
      new CfnOutput(this, ruleNameOutput(workflow.name, index), { value: rule.ruleName });
      return rule;
    });
    if (workflow.schedule !== undefined) {
      // A schedule rule on the default bus: its target gets a `Scheduled Event` whose `time` is the
      // time it was due ("Creating a rule that runs on a schedule in Amazon EventBridge",
      // https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-rule-schedule.html).
      const rule = new events.Rule(this, `${workflow.name}Rule${rules.length === 0 ? '' : rules.length + 1}`, {
        description: `batchmon: starts the ${workflow.name} workflow on schedule ${workflow.schedule}`,
        schedule: events.Schedule.expression(workflow.schedule),
        targets: [target()],
      });
      new CfnOutput(this, ruleNameOutput(workflow.name, rules.length), { value: rule.ruleName });
      rules.push(rule);
    }
    return { stateMachine, rules };
  }
}

/**
 * Adds a `StringEquals` condition to every statement of a bucket's policy that grants a service
 * principal, as constructs (such as CloudTrail's `Trail`) wrote them: they offer no option for it.
 * The statements' own conditions stay.
 */
function restrictServiceStatements(bucket: s3.Bucket, service: string, key: string, value: string): void {
  const policy = bucket.policy;
  if (policy === undefined) throw new StackConfigurationError(`bucket ${bucket.node.path}: expected a bucket policy granting ${service}, found none`);
  const document = Stack.of(bucket).resolve(policy.document.toJSON()) as { Statement?: { Principal?: { Service?: string | string[] } }[] };
  const cfnPolicy = policy.node.defaultChild as s3.CfnBucketPolicy;
  let found = 0;
  (document.Statement ?? []).forEach((statement, index) => {
    if (![statement.Principal?.Service ?? []].flat().includes(service)) return;
    cfnPolicy.addPropertyOverride(`PolicyDocument.Statement.${index}.Condition.StringEquals.${key}`, value);
    found += 1;
  });
  if (found === 0) throw new StackConfigurationError(`bucket ${bucket.node.path}: expected a statement granting ${service}, found none`);
}
