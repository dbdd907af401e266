import { Aws, CfnCondition, CfnOutput, Duration, Fn, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DEFAULT_METRICS_PROFILE, DEFAULT_NAMESPACE, type MetricsProfile } from '@batchmon/metrics';
import {
  BATCHMON_DASHBOARDS,
  batchmonAlarms,
  batchmonDashboards,
  CONSOLE_HOSTS,
  dashboardConsoleUrl,
  renderAlarm,
  renderDashboard,
  type DashboardKey,
  type AlarmMetricDataQuery,
  type BatchmonAlarmSettings,
  type BatchmonResources,
  type DeployedAlarm,
} from '@batchmon/dashboards';

/** Props of {@link BatchmonMonitoring}. */
export interface BatchmonMonitoringProps {
  /**
   * CloudWatch namespace of batchmon's metrics.
   * @default 'AWSBatchMetrics'
   */
  readonly namespace?: string;
  /**
   * The metrics profile the metrics Lambda publishes: the dashboards read the breakdowns it does
   * not publish from the Lambda's log group with Logs Insights.
   * @default 'essential'
   */
  readonly profile?: MetricsProfile;
  /** The correlation workflows by name (the `Workflow` dimension); their executions are graphed and alarmed on. */
  readonly stateMachines: Readonly<Record<string, sfn.IStateMachine>>;
  /** The queue the workflows send metric records to; its backlog is graphed. */
  readonly metricsQueue: sqs.IQueue;
  /** Dead-letter queues by a short label (`metrics`, `events`); each gets a "not empty" alarm. */
  readonly deadLetterQueues: Readonly<Record<string, sqs.IQueue>>;
  /** The metrics Lambda; its errors are alarmed on, its log group holds the per-job records. */
  readonly metricsFunction: lambda.IFunction;
  /** The EventBridge rules that start the workflows, by a label (their failed and throttled invocations are graphed). @default - none */
  readonly rules?: Readonly<Record<string, events.IRule>>;
  /**
   * Log group of the metrics Lambda, which the Logs Insights widgets read.
   * @default - the log group configured on `metricsFunction` (its `LoggingConfig`), else `/aws/lambda/<function name>`
   */
  readonly metricsLogGroupName?: string;
  /**
   * Address subscribed to the alarm topic (AWS sends a confirmation message first).
   * @default - no subscription; subscribe to the `AlarmTopicArn` output yourself
   */
  readonly alarmEmail?: string;
  /**
   * Which alarms exist and their thresholds; every alarm is on by default.
   * @default - every alarm, with `ALARM_DEFAULTS` of `@batchmon/dashboards`
   */
  readonly alarms?: BatchmonAlarmSettings;
  /**
   * Second part of each dashboard name, `<region>-<prefix>-<dashboard>`: set it when two batchmon
   * stacks share a region (dashboard names are unique per account and region).
   * @default 'batchmon'
   */
  readonly dashboardNamePrefix?: string;
}

/**
 * batchmon's dashboards and alarms: the eight CloudWatch dashboards rendered by
 * `@batchmon/dashboards`, the alarms it defines, an encrypted SNS topic they notify (with an
 * optional e-mail subscription), and one output per dashboard with its console URL.
 *
 * @example
 * new BatchmonMonitoring(this, 'Monitoring', {
 *   stateMachines: this.stateMachines,
 *   metricsQueue: this.metricsQueue,
 *   deadLetterQueues: { metrics: this.metricsDeadLetterQueue, events: this.eventsDeadLetterQueue },
 *   metricsFunction: this.metricsFunction,
 *   alarmEmail: 'oncall@example.com',
 * });
 */
export class BatchmonMonitoring extends Construct {
  /** The topic every alarm notifies (on ALARM and back to OK). */
  readonly alarmTopic: sns.Topic;
  /** The alarms by id (`job-queue-blocked`, `dlq-metrics`, …). */
  readonly alarms: Readonly<Record<string, cloudwatch.CfnAlarm>>;
  /** The dashboards by key (`job-states`, `latency`, …). */
  readonly dashboards: Readonly<Record<DashboardKey, cloudwatch.CfnDashboard>>;

  constructor(scope: Construct, id: string, props: BatchmonMonitoringProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const namespace = props.namespace ?? DEFAULT_NAMESPACE;
    const profile = props.profile ?? DEFAULT_METRICS_PROFILE;
    const resources: BatchmonResources = {
      stateMachineArns: Object.fromEntries(Object.entries(props.stateMachines).map(([name, machine]) => [name, machine.stateMachineArn])),
      deadLetterQueueNames: Object.fromEntries(Object.entries(props.deadLetterQueues).map(([label, queue]) => [label, queue.queueName])),
      metricsQueueName: props.metricsQueue.queueName,
      metricsFunctionName: props.metricsFunction.functionName,
      metricsLogGroupName: props.metricsLogGroupName ?? configuredLogGroupName(props.metricsFunction),
      ruleNames: Object.fromEntries(Object.entries(props.rules ?? {}).map(([label, rule]) => [label, rule.ruleName])),
    };

    this.alarmTopic = this.createTopic(stack, props.alarmEmail);
    const alarms: Record<string, cloudwatch.CfnAlarm> = {};
    const deployed: DeployedAlarm[] = [];
    for (const definition of batchmonAlarms({ resources, settings: props.alarms, profile })) {
      const { metrics, ...properties } = renderAlarm(definition, { namespace });
      const alarm = new cloudwatch.CfnAlarm(this, `Alarm-${definition.id}`, {
        ...properties,
        alarmName: `${stack.stackName}-${definition.id}`,
        metrics: metrics.map(cfnMetricDataQuery),
        actionsEnabled: true,
        alarmActions: [this.alarmTopic.topicArn],
        okActions: [this.alarmTopic.topicArn],
      });
      alarms[definition.id] = alarm;
      deployed.push({ definition, arn: alarm.attrArn });
    }
    this.alarms = alarms;

    const region = stack.region;
    const consoleHost = consoleHostOf(stack);
    const dashboards = batchmonDashboards({ region, namespace, profile, resources, alarms: deployed, namePrefix: props.dashboardNamePrefix, consoleHost });
    const created: Partial<Record<DashboardKey, cloudwatch.CfnDashboard>> = {};
    for (const [key, dashboard] of Object.entries(dashboards) as [DashboardKey, (typeof dashboards)[DashboardKey]][]) {
      const logicalName = pascalCase(key);
      created[key] = new cloudwatch.CfnDashboard(this, `${logicalName}Dashboard`, {
        dashboardName: dashboard.name,
        // toJsonString keeps tokens (region, ARNs, names) valid inside the JSON string.
        dashboardBody: stack.toJsonString(renderDashboard(dashboard)),
      });
      new CfnOutput(this, `${logicalName}DashboardUrl`, {
        description: `batchmon: ${BATCHMON_DASHBOARDS[key].title} dashboard`,
        value: dashboardConsoleUrl(region, dashboard.name, consoleHost),
      });
    }
    this.dashboards = created as Record<DashboardKey, cloudwatch.CfnDashboard>;
    new CfnOutput(this, 'AlarmTopicArn', { description: 'batchmon: SNS topic the alarms notify', value: this.alarmTopic.topicArn });
  }

  private createTopic(stack: Stack, email: string | undefined): sns.Topic {
    // CloudWatch cannot publish to a topic encrypted with the AWS managed key (its policy cannot
    // grant the CloudWatch service principal), so the topic gets a key of its own.
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'batchmon: encrypts the alarm notifications topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    const cloudwatchPrincipal = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsEncryptNotifications',
        principals: [cloudwatchPrincipal],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        // Only this account's alarms: a service principal without a source condition would let
        // CloudWatch use the key on behalf of any account (the confused-deputy problem).
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*` },
        },
      }),
    );
    const topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'batchmon alarms',
      masterKey: key,
      enforceSSL: true,
    });
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsOfThisAccountPublish',
        principals: [cloudwatchPrincipal],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:cloudwatch:${stack.region}:${stack.account}:alarm:*` },
        },
      }),
    );
    if (email !== undefined) {
      if (!Token.isUnresolved(email) && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
        throw new Error(`BatchmonMonitoring: alarmEmail: expected an e-mail address, found "${email}"`);
      }
      topic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    return topic;
  }
}

/**
 * The log group the function writes to: the one set in its `LoggingConfig` (a `logGroup` given to
 * `lambda.Function`), else Lambda's default `/aws/lambda/<function name>`. Read from the L1
 * resource because `IFunction` does not expose it, and `Function.logGroup` would create a
 * log-retention resource when none was configured.
 */
function configuredLogGroupName(fn: lambda.IFunction): string {
  const resource = fn.node.defaultChild;
  if (resource instanceof lambda.CfnFunction) {
    const logging: unknown = resource.loggingConfig;
    if (typeof logging === 'object' && logging !== null && !Token.isUnresolved(logging)) {
      const logGroup = (logging as lambda.CfnFunction.LoggingConfigProperty).logGroup;
      if (typeof logGroup === 'string') return logGroup;
    }
  }
  return `/aws/lambda/${fn.functionName}`;
}

/** The mutable shape `CfnAlarmProps.metrics` expects, from the rendered (readonly) queries. */
function cfnMetricDataQuery(query: AlarmMetricDataQuery): cloudwatch.CfnAlarm.MetricDataQueryProperty {
  const { metricStat, ...rest } = query;
  if (metricStat === undefined) return { ...rest };
  return {
    ...rest,
    metricStat: {
      ...metricStat,
      metric: { ...metricStat.metric, dimensions: metricStat.metric.dimensions.map((dimension) => ({ ...dimension })) },
    },
  };
}

function pascalCase(key: string): string {
  return key.replace(/(^|-)([a-z])/g, (_match, _dash: string, letter: string) => letter.toUpperCase());
}

/**
 * The console host of the stack's partition: a literal when the partition is known at synthesis,
 * else chosen at deployment (China and GovCloud have their own console domains; any other
 * partition falls back to the commercial one).
 */
function consoleHostOf(stack: Stack): string {
  const partition = Token.isUnresolved(stack.region) ? undefined : RegionInfo.get(stack.region).partition;
  if (partition !== undefined) return partition in CONSOLE_HOSTS ? CONSOLE_HOSTS[partition as keyof typeof CONSOLE_HOSTS] : CONSOLE_HOSTS.aws;
  const inPartition = (id: string, name: string): CfnCondition => new CfnCondition(stack, id, { expression: Fn.conditionEquals(Aws.PARTITION, name) });
  return Fn.conditionIf(
    inPartition('InChinaPartition', 'aws-cn').logicalId,
    CONSOLE_HOSTS['aws-cn'],
    Fn.conditionIf(inPartition('InGovCloudPartition', 'aws-us-gov').logicalId, CONSOLE_HOSTS['aws-us-gov'], CONSOLE_HOSTS.aws),
  ).toString();
}
