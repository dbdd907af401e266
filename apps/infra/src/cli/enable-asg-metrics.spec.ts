import {
  AutoScalingClient,
  DescribeAutoScalingGroupsCommand,
  EnableMetricsCollectionCommand,
  type AutoScalingGroup,
} from '@aws-sdk/client-auto-scaling';
import { BATCH_ASG_METRICS } from '@batchmon/correlation';
import {
  batchLaunchTemplateOfGroup,
  describePlan,
  enableAsgMetrics,
  parseArguments,
  planAsgMetrics,
  sdkAutoScalingApi,
  type AutoScalingGroupsApi,
} from './enable-asg-metrics';

const direct: AutoScalingGroup = {
  AutoScalingGroupName: 'ondemand-ce-asg-1',
  LaunchTemplate: { LaunchTemplateId: 'lt-0a1', LaunchTemplateName: 'Batch-lt-92be90d0-d718-3bba-878c-9f0be8f476e1' },
} as AutoScalingGroup;
const mixed: AutoScalingGroup = {
  AutoScalingGroupName: 'spot-ce-asg-2',
  MixedInstancesPolicy: {
    LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateName: 'Batch-lt-1f2e3d4c-0000-1111-2222-333344445555' } },
  },
  EnabledMetrics: [{ Metric: 'GroupDesiredCapacity', Granularity: '1Minute' }],
} as AutoScalingGroup;
const upToDate: AutoScalingGroup = {
  AutoScalingGroupName: 'monitored-ce-asg-3',
  LaunchTemplate: { LaunchTemplateName: 'Batch-lt-5b7e9d2c-1a4f-4c1e-9f0a-2b3c4d5e6f70' },
  EnabledMetrics: BATCH_ASG_METRICS.map((Metric) => ({ Metric, Granularity: '1Minute' })),
} as AutoScalingGroup;
const web: AutoScalingGroup = {
  AutoScalingGroupName: 'web-asg',
  LaunchTemplate: { LaunchTemplateName: 'web-lt' },
} as AutoScalingGroup;

/** A fake Auto Scaling API serving the groups in pages of two, recording what it is asked. */
function fakeApi(groups: readonly AutoScalingGroup[]) {
  const calls = { describe: [] as (string | undefined)[], enable: [] as { groupName: string; metrics: readonly string[] }[] };
  const api: AutoScalingGroupsApi = {
    async describeGroups(nextToken) {
      calls.describe.push(nextToken);
      const start = nextToken === undefined ? 0 : Number(nextToken);
      const next = start + 2 < groups.length ? String(start + 2) : undefined;
      return { groups: groups.slice(start, start + 2), ...(next === undefined ? {} : { nextToken: next }) };
    },
    async enableMetrics(groupName, metrics) {
      calls.enable.push({ groupName, metrics });
    },
  };
  return { api, calls };
}

describe('batchLaunchTemplateOfGroup', () => {
  it('finds a Batch launch template named directly', () => {
    expect(batchLaunchTemplateOfGroup(direct)).toBe('Batch-lt-92be90d0-d718-3bba-878c-9f0be8f476e1');
  });

  it('finds a Batch launch template in the mixed instances policy', () => {
    expect(batchLaunchTemplateOfGroup(mixed)).toBe('Batch-lt-1f2e3d4c-0000-1111-2222-333344445555');
  });

  it('ignores groups of other launch templates', () => {
    expect(batchLaunchTemplateOfGroup(web)).toBeUndefined();
    expect(batchLaunchTemplateOfGroup({ AutoScalingGroupName: 'no-template' } as AutoScalingGroup)).toBeUndefined();
  });
});

describe('planAsgMetrics', () => {
  const plan = planAsgMetrics([direct, mixed, upToDate, web]);

  it('selects the Batch groups missing metrics, with the metrics each lacks', () => {
    expect(plan.changes).toEqual([
      { groupName: 'ondemand-ce-asg-1', launchTemplateName: 'Batch-lt-92be90d0-d718-3bba-878c-9f0be8f476e1', metricsToEnable: [...BATCH_ASG_METRICS] },
      {
        groupName: 'spot-ce-asg-2',
        launchTemplateName: 'Batch-lt-1f2e3d4c-0000-1111-2222-333344445555',
        metricsToEnable: BATCH_ASG_METRICS.filter((m) => m !== 'GroupDesiredCapacity'),
      },
    ]);
  });

  it('leaves alone the groups already collecting every metric, and the groups of other templates', () => {
    expect(plan.upToDate).toEqual(['monitored-ce-asg-3']);
    expect(plan.otherGroups).toBe(1);
  });
});

describe('enableAsgMetrics', () => {
  const groups = [direct, web, mixed, upToDate, web];

  it('reads every page of groups', async () => {
    const { api, calls } = fakeApi(groups);
    await enableAsgMetrics(api);
    expect(calls.describe).toEqual([undefined, '2', '4']);
  });

  it('by default only plans: nothing is enabled', async () => {
    const { api, calls } = fakeApi(groups);
    const plan = await enableAsgMetrics(api);
    expect(plan.changes.map((c) => c.groupName)).toEqual(['ondemand-ce-asg-1', 'spot-ce-asg-2']);
    expect(calls.enable).toEqual([]);
  });

  it('with apply, enables on each Batch group exactly the metrics it lacks', async () => {
    const { api, calls } = fakeApi(groups);
    await enableAsgMetrics(api, { apply: true });
    expect(calls.enable).toEqual([
      { groupName: 'ondemand-ce-asg-1', metrics: [...BATCH_ASG_METRICS] },
      { groupName: 'spot-ce-asg-2', metrics: BATCH_ASG_METRICS.filter((m) => m !== 'GroupDesiredCapacity') },
    ]);
  });
});

describe('describePlan', () => {
  const plan = planAsgMetrics([direct, upToDate, web]);

  it('prints the dry run: each group, its missing metrics, and how to apply', () => {
    const text = describePlan(plan, false);
    expect(text).toContain('2 Auto Scaling group(s) launch from an AWS Batch launch template');
    expect(text).toContain(`would enable on ondemand-ce-asg-1 (launch template Batch-lt-92be90d0-d718-3bba-878c-9f0be8f476e1): ${BATCH_ASG_METRICS.join(', ')}`);
    expect(text).toContain('Dry run: nothing was changed');
    expect(text).toContain('-- --apply');
  });

  it('says what was enabled once applied', () => {
    expect(describePlan(plan, true)).toContain('enabled on ondemand-ce-asg-1');
    expect(describePlan(plan, true)).not.toContain('Dry run');
  });

  it('says when there is nothing to change', () => {
    expect(describePlan(planAsgMetrics([upToDate]), false)).toContain('Nothing to change.');
  });
});

describe('parseArguments', () => {
  it('is a dry run without arguments', () => {
    expect(parseArguments([])).toEqual({ apply: false, help: false });
  });

  it('reads --apply and the region', () => {
    expect(parseArguments(['--apply', '--region', 'eu-west-1'])).toEqual({ apply: true, help: false, region: 'eu-west-1' });
    expect(parseArguments(['--region=eu-west-1'])).toMatchObject({ region: 'eu-west-1' });
  });

  it('names an unknown argument', () => {
    expect(() => parseArguments(['--yes'])).toThrow('--yes: expected --apply, --region <region> or --help');
  });

  it('names a region flag without its value', () => {
    expect(() => parseArguments(['--region'])).toThrow('--region: expected a region name');
  });
});

describe('sdkAutoScalingApi', () => {
  it('asks for pages of groups and enables metrics at 1-minute granularity', async () => {
    const client = new AutoScalingClient({ region: 'us-east-1' });
    const send = jest
      .spyOn(client, 'send')
      .mockImplementation(async (command: unknown) =>
        command instanceof DescribeAutoScalingGroupsCommand ? { AutoScalingGroups: [direct], NextToken: 'next' } : {},
      );
    const api = sdkAutoScalingApi(client);
    expect(await api.describeGroups('token')).toEqual({ groups: [direct], nextToken: 'next' });
    await api.enableMetrics('ondemand-ce-asg-1', ['GroupTotalCapacity']);
    const [[describe], [enable]] = send.mock.calls as unknown as [[DescribeAutoScalingGroupsCommand], [EnableMetricsCollectionCommand]];
    expect(describe.input).toEqual({ NextToken: 'token', MaxRecords: 100 });
    expect(enable).toBeInstanceOf(EnableMetricsCollectionCommand);
    expect(enable.input).toEqual({ AutoScalingGroupName: 'ondemand-ce-asg-1', Granularity: '1Minute', Metrics: ['GroupTotalCapacity'] });
  });
});
