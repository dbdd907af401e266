import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  EnableMetricsCollectionCommand,
  type AutoScalingGroup,
} from '@aws-sdk/client-auto-scaling';
import { ASG_METRICS_GRANULARITY, BATCH_ASG_METRICS } from '@batchmon/correlation';
import { BATCH_LAUNCH_TEMPLATE_MARKER } from '@batchmon/event-schemas';

// A one-off admin command for the Auto Scaling groups AWS Batch created before batchmon was
// deployed (the AsgMonitoring workflow covers every group created since). It lists groups with
// DescribeAutoScalingGroups — fine here, never in the pipeline — and by default only prints what
// it would change.

/** The two Auto Scaling calls the command makes, so tests can run it without AWS. */
export interface AutoScalingGroupsApi {
  /** One page of DescribeAutoScalingGroups. */
  describeGroups(nextToken: string | undefined): Promise<{ readonly groups: readonly AutoScalingGroup[]; readonly nextToken?: string }>;
  /** EnableMetricsCollection at 1-minute granularity. */
  enableMetrics(groupName: string, metrics: readonly string[]): Promise<void>;
}

/** {@link AutoScalingGroupsApi} over the AWS SDK client. */
export function sdkAutoScalingApi(client: AutoScalingClient): AutoScalingGroupsApi {
  return {
    async describeGroups(nextToken) {
      const page = await client.send(new DescribeAutoScalingGroupsCommand({ NextToken: nextToken, MaxRecords: 100 }));
      return { groups: page.AutoScalingGroups ?? [], ...(page.NextToken ? { nextToken: page.NextToken } : {}) };
    },
    async enableMetrics(groupName, metrics) {
      await client.send(
        new EnableMetricsCollectionCommand({ AutoScalingGroupName: groupName, Granularity: ASG_METRICS_GRANULARITY, Metrics: [...metrics] }),
      );
    },
  };
}

/** Every Auto Scaling group of the account and region, all pages. */
export async function listAutoScalingGroups(api: AutoScalingGroupsApi): Promise<AutoScalingGroup[]> {
  const groups: AutoScalingGroup[] = [];
  let nextToken: string | undefined;
  do {
    const page = await api.describeGroups(nextToken);
    groups.push(...page.groups);
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return groups;
}

/**
 * The name of the AWS Batch launch template (`Batch-lt-…`) a group launches from, directly or
 * through its mixed instances policy; undefined for any other group.
 *
 * @example
 * batchLaunchTemplateOfGroup({ AutoScalingGroupName: 'g', LaunchTemplate: { LaunchTemplateName: 'Batch-lt-1a2b' } }); // 'Batch-lt-1a2b'
 */
export function batchLaunchTemplateOfGroup(group: AutoScalingGroup): string | undefined {
  const names = [
    group.LaunchTemplate?.LaunchTemplateName,
    group.MixedInstancesPolicy?.LaunchTemplate?.LaunchTemplateSpecification?.LaunchTemplateName,
  ];
  return names.find((name) => name?.includes(BATCH_LAUNCH_TEMPLATE_MARKER) === true);
}

/** What the command would do to one group. */
export interface GroupChange {
  readonly groupName: string;
  readonly launchTemplateName: string;
  /** Metrics of {@link BATCH_ASG_METRICS} the group does not collect yet. */
  readonly metricsToEnable: readonly string[];
}

/** What the command would do. */
export interface MetricsPlan {
  /** Batch groups missing some metrics. */
  readonly changes: readonly GroupChange[];
  /** Batch groups already collecting every metric. */
  readonly upToDate: readonly string[];
  /** Groups of other launch templates, left alone. */
  readonly otherGroups: number;
}

/**
 * Selects the groups launched from an AWS Batch launch template and, for each, the metrics it does
 * not collect yet.
 *
 * @example
 * planAsgMetrics(await listAutoScalingGroups(api)).changes.map((c) => c.groupName);
 */
export function planAsgMetrics(groups: readonly AutoScalingGroup[], wanted: readonly string[] = BATCH_ASG_METRICS): MetricsPlan {
  const changes: GroupChange[] = [];
  const upToDate: string[] = [];
  let otherGroups = 0;
  for (const group of groups) {
    const launchTemplateName = batchLaunchTemplateOfGroup(group);
    const groupName = group.AutoScalingGroupName;
    if (launchTemplateName === undefined || groupName === undefined) {
      otherGroups += 1;
      continue;
    }
    const enabled = new Set((group.EnabledMetrics ?? []).map((metric) => metric.Metric));
    const metricsToEnable = wanted.filter((metric) => !enabled.has(metric));
    if (metricsToEnable.length === 0) upToDate.push(groupName);
    else changes.push({ groupName, launchTemplateName, metricsToEnable });
  }
  return { changes, upToDate, otherGroups };
}

/** How the plan reads, before (`apply` false: a dry run) or after it is applied. */
export function describePlan(plan: MetricsPlan, apply: boolean): string {
  const batchGroups = plan.changes.length + plan.upToDate.length;
  const lines = [
    `batchmon: ${batchGroups} Auto Scaling group(s) launch from an AWS Batch launch template (${BATCH_LAUNCH_TEMPLATE_MARKER}…); ` +
      `${plan.upToDate.length} already collect every group metric batchmon uses; ${plan.otherGroups} other group(s) left alone.`,
  ];
  for (const change of plan.changes) {
    lines.push(
      `  ${apply ? 'enabled' : 'would enable'} on ${change.groupName} (launch template ${change.launchTemplateName}): ${change.metricsToEnable.join(', ')}`,
    );
  }
  if (plan.changes.length === 0) lines.push('Nothing to change.');
  else if (!apply) lines.push('Dry run: nothing was changed. To enable them: npx nx run infra:enable-asg-metrics -- --apply');
  return lines.join('\n');
}

/** Options of {@link enableAsgMetrics}. */
export interface EnableAsgMetricsOptions {
  /** Enable the metrics; otherwise only plan. @default false */
  readonly apply?: boolean;
}

/**
 * Lists the account's Auto Scaling groups, selects AWS Batch's and, when `apply` is set, enables the
 * metrics each does not collect yet (1-minute granularity). Returns the plan.
 *
 * @example
 * const plan = await enableAsgMetrics(sdkAutoScalingApi(new AutoScalingClient({})), { apply: false });
 * console.log(describePlan(plan, false));
 */
export async function enableAsgMetrics(api: AutoScalingGroupsApi, options: EnableAsgMetricsOptions = {}): Promise<MetricsPlan> {
  const plan = planAsgMetrics(await listAutoScalingGroups(api));
  if (options.apply === true) {
    // One group after the other: a handful of groups, and the SDK retries throttling on its own.
    for (const change of plan.changes) await api.enableMetrics(change.groupName, change.metricsToEnable);
  }
  return plan;
}

/** Command-line arguments. */
export interface EnableAsgMetricsArguments {
  readonly apply: boolean;
  readonly region?: string;
  readonly help: boolean;
}

/** The usage text. */
export const USAGE = `Usage: npx nx run infra:enable-asg-metrics [-- [--apply] [--region <region>]]
Enables Auto Scaling group metrics (${ASG_METRICS_GRANULARITY}) on the groups AWS Batch created before batchmon was deployed.
Without --apply it only prints what it would change.`;

/**
 * Reads the command's arguments.
 * @throws naming the argument, when one is unknown or lacks its value.
 */
export function parseArguments(args: readonly string[]): EnableAsgMetricsArguments {
  let apply = false;
  let help = false;
  let region: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--apply' || arg === '--apply=true') apply = true;
    else if (arg === '--apply=false') apply = false;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--region') {
      region = args[++i];
      if (region === undefined || region.startsWith('-')) throw new Error('--region: expected a region name (e.g. eu-west-1), found none');
    } else if (arg?.startsWith('--region=') === true) region = arg.slice('--region='.length);
    else throw new Error(`${arg}: expected --apply, --region <region> or --help`);
  }
  return { apply, help, ...(region === undefined ? {} : { region }) };
}

async function main(args: readonly string[]): Promise<number> {
  let parsed: EnableAsgMetricsArguments;
  try {
    parsed = parseArguments(args);
  } catch (error) {
    console.error(`batchmon enable-asg-metrics: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  const client = new AutoScalingClient(parsed.region === undefined ? {} : { region: parsed.region });
  try {
    const plan = await enableAsgMetrics(sdkAutoScalingApi(client), { apply: parsed.apply });
    console.log(describePlan(plan, parsed.apply));
    return 0;
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.error(
      `batchmon enable-asg-metrics: ${reason}\n` +
        (parsed.apply ? 'Groups enabled before the error keep their metrics; running the command again picks up the rest.' : 'Nothing was changed.'),
    );
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
