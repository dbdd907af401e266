import { DEFAULT_METRICS_PROFILE, DEFAULT_NAMESPACE, lowestProfileOf, METRICS_PROFILES, type MetricsProfile } from '@batchmon/metrics';
import type { DashboardKey, DeployedAlarm } from './alarms/alarm-definition';
import { thresholdAnnotation } from './alarms/alarm-definition';
import type { BatchmonAlarmResources } from './alarms/batchmon-alarms';
import type { Dashboard } from './dashboard/dashboard';
import { row, type LayoutNode } from './layout/grid';
import { logBreakdownQuery } from './queries/log-breakdown';
import type { AnyPipelineQuery } from './queries/pipeline-query';
import { alarmStatus, graph, logQuery, text, type HorizontalAnnotation, type LogQueryWidget, type MetricWidget, type MetricWidgetOptions } from './widgets/widgets';

/** The deployed resources the dashboards show (plain strings, so CDK can pass tokens). */
export interface BatchmonResources extends BatchmonAlarmResources {
  /** Name of the metrics queue (the workflows' records wait there for the Lambda). */
  readonly metricsQueueName: string;
  /** Log group of the metrics Lambda: one EMF line per record, including the per-job `FinishedJobs` records. */
  readonly metricsLogGroupName: string;
  /** Name of each EventBridge rule by a label (the workflow it starts), for its invocation metrics (none: that widget is left out). */
  readonly ruleNames: Readonly<Record<string, string>>;
}

/** What every batchmon dashboard is a function of. */
export interface BatchmonDashboardOptions {
  /** Region of the stack (a CDK token allowed); dashboard names start with it. */
  readonly region: string;
  /** @default 'AWSBatchMetrics' */
  readonly namespace?: string;
  /**
   * The metrics profile the metrics Lambda publishes. A widget on a dimension set the profile does
   * not publish reads the same breakdown from the Lambda's EMF lines with Logs Insights.
   * @default 'essential'
   */
  readonly profile?: MetricsProfile;
  readonly resources: BatchmonResources;
  /** Deployed alarms: their status and thresholds are shown on their dashboards. @default - none */
  readonly alarms?: readonly DeployedAlarm[];
  /** Second part of every dashboard name (`<region>-<prefix>-<dashboard>`). @default 'batchmon' */
  readonly namePrefix?: string;
  /**
   * Host of the AWS console the dashboards link to (a CDK token allowed): it differs by partition
   * (see {@link CONSOLE_HOSTS}).
   * @default 'console.aws.amazon.com'
   */
  readonly consoleHost?: string;
}

/**
 * The AWS console's host in each partition that has one: China's regions and AWS GovCloud (US)
 * are served from their own domains, not from `console.aws.amazon.com`
 * (docs.amazonaws.cn "Amazon Web Services in China"; AWS GovCloud (US) User Guide, "Signing in").
 */
export const CONSOLE_HOSTS = {
  aws: 'console.aws.amazon.com',
  'aws-cn': 'console.amazonaws.cn',
  'aws-us-gov': 'console.amazonaws-us-gov.com',
} as const;

/** A partition with a public AWS console. */
export type ConsolePartition = keyof typeof CONSOLE_HOSTS;

/**
 * The eight dashboards: title and what each answers. A dashboard's key is also its file stem
 * (`<key>.dashboard.ts`), its preview's file name and the suffix of its deployed name.
 */
export const BATCHMON_DASHBOARDS: Readonly<Record<DashboardKey, { readonly title: string; readonly summary: string }>> = {
  'instance-registrations': {
    title: 'ECS instance registrations',
    summary: 'Container instances joining and leaving the Batch-managed ECS clusters, by compute environment, Availability Zone and instance type.',
  },
  'jobs-placement': {
    title: 'Jobs placement',
    summary: 'RunTask calls AWS Batch makes, the tasks it could not place and why, and where jobs were placed.',
  },
  'job-states': {
    title: 'Job states',
    summary: 'Job state transitions by queue, definition and where jobs ran; failures and blocked queues.',
  },
  'stuck-jobs': {
    title: 'Why jobs wait',
    summary: 'Jobs in each state now, the oldest RUNNABLE wait, the jobs stuck past their threshold by reason, and each stuck job with its evidence.',
  },
  'ec2-capacity': {
    title: 'EC2 capacity',
    summary: 'vCPUs and memory registered and reserved per compute environment, ECS reservation and utilization, Auto Scaling capacity.',
  },
  'asg-utilization': {
    title: 'Auto Scaling group utilization',
    summary: 'CPU, network and EBS activity of the instances of each Auto Scaling group.',
  },
  'job-latency': {
    title: 'Job latency',
    summary: 'How long jobs wait in RUNNABLE, start up and run, per queue and definition; the slowest recent jobs.',
  },
  'pipeline-health': {
    title: 'batchmon pipeline health',
    summary: 'Whether batchmon itself works: workflow executions, dead-letter queues, the metrics Lambda, skipped and uncorrelated events.',
  },
};

/** Every dashboard key, in display order. */
export const DASHBOARD_KEYS = Object.keys(BATCHMON_DASHBOARDS) as DashboardKey[];

/**
 * The name of a batchmon dashboard: `<region>-<prefix>-<key>`.
 *
 * @example
 * dashboardName('job-states', { region: 'us-east-1' }); // 'us-east-1-batchmon-job-states'
 */
export function dashboardName(key: DashboardKey, options: Pick<BatchmonDashboardOptions, 'region' | 'namePrefix'>): string {
  return `${options.region}-${options.namePrefix ?? 'batchmon'}-${key}`;
}

/**
 * The CloudWatch console address of a dashboard. The `region` query parameter selects the region
 * on every partition's console host.
 *
 * @example
 * dashboardConsoleUrl('us-east-1', 'us-east-1-batchmon-job-states');
 * // 'https://console.aws.amazon.com/cloudwatch/home?region=us-east-1#dashboards:name=us-east-1-batchmon-job-states'
 * dashboardConsoleUrl('cn-north-1', 'cn-north-1-batchmon-job-states', CONSOLE_HOSTS['aws-cn']);
 * // 'https://console.amazonaws.cn/cloudwatch/home?region=cn-north-1#dashboards:name=cn-north-1-batchmon-job-states'
 */
export function dashboardConsoleUrl(region: string, name: string, consoleHost: string = CONSOLE_HOSTS.aws): string {
  return `https://${consoleHost}/cloudwatch/home?region=${region}#dashboards:name=${name}`;
}

/** What the dashboard functions share: resolved options and helpers. */
export interface DashboardKit {
  readonly resources: BatchmonResources;
  /** The metrics profile the dashboards are built for. */
  readonly profile: MetricsProfile;
  /** Deployed alarms shown on this dashboard. */
  readonly alarms: readonly DeployedAlarm[];
  /** The dashboard with its name, region and namespace, from its rows. */
  dashboard(rows: readonly LayoutNode[]): Dashboard;
  /** Threshold lines of this dashboard's alarms whose ids pass `select`. */
  thresholds(select: (id: string) => boolean): HorizontalAnnotation[];
  /**
   * A graph of `queries` when the profile publishes every dimension set they read; otherwise a
   * Logs Insights widget computing the same breakdown from the metrics Lambda's EMF lines (see
   * `logBreakdownQuery`), so the question is answered without a series per combination.
   */
  breakdown(title: string, queries: readonly AnyPipelineQuery[], options?: MetricWidgetOptions): MetricWidget | LogQueryWidget;
}

/**
 * Whether `profile` publishes the dimension set `query` reads.
 *
 * @example
 * publishedIn(pipelineMetric('JobStateTransitions', ['State', 'JobQueue'], { stat: 'Sum' }), 'essential'); // false
 */
export function publishedIn(query: AnyPipelineQuery, profile: MetricsProfile): boolean {
  const lowest = lowestProfileOf(query.metric, query.dimensionKeys);
  return lowest !== undefined && METRICS_PROFILES.indexOf(lowest) <= METRICS_PROFILES.indexOf(profile);
}

/**
 * The kit of dashboard `key`: its header row (title, summary, links to the other six, and the
 * status of its alarms) comes first in every dashboard it builds.
 */
export function dashboardKit(key: DashboardKey, options: BatchmonDashboardOptions): DashboardKit {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const alarms = (options.alarms ?? []).filter((alarm) => alarm.definition.dashboard === key);
  const { title, summary } = BATCHMON_DASHBOARDS[key];
  const links = DASHBOARD_KEYS.filter((other) => other !== key)
    .map((other) => `[${BATCHMON_DASHBOARDS[other].title}](${dashboardConsoleUrl(options.region, dashboardName(other, options), options.consoleHost)})`)
    .join(' · ');
  const header = text(`# ${title}\n${summary}\n\n${links}`, { height: 3 });
  const headerRow = alarms.length > 0 ? row(header, alarmStatus('Alarms', alarms.map((alarm) => alarm.arn), { width: 8, height: 3 })) : row(header);
  const profile = options.profile ?? DEFAULT_METRICS_PROFILE;
  const logGroups = [options.resources.metricsLogGroupName];
  return {
    resources: options.resources,
    profile,
    alarms,
    dashboard: (rows) => ({ name: dashboardName(key, options), region: options.region, namespace, start: '-PT6H', rows: [headerRow, ...rows] }),
    thresholds: (select) => alarms.filter((alarm) => select(alarm.definition.id)).map((alarm) => thresholdAnnotation(alarm.definition)),
    breakdown: (title, queries, widgetOptions = {}) => {
      if (queries.every((query) => publishedIn(query, profile))) return graph(title, queries, widgetOptions);
      const lines = logBreakdownQuery(queries, `dashboard "${dashboardName(key, options)}" › widget "${title}"`);
      const grouped = queries.some((query) => query.dimensionKeys.length > 0);
      // Logs Insights draws line charts only for stats grouped by bin() alone; grouped by more
      // fields it draws bar charts (CWL_QuerySyntax-Stats.html, "Visualize time series data").
      return logQuery(title, logGroups, lines, { view: grouped ? 'bar' : 'timeSeries', width: widgetOptions.width, height: widgetOptions.height });
    },
  };
}
