import { BATCH_LAUNCH_TEMPLATE_MARKER, buildCreateAutoScalingGroupCall } from '@batchmon/event-schemas';
import { ASG_METRICS_GRANULARITY, BATCH_ASG_METRICS, DUPLICATE_GROUP, GROUP_NOT_CREATED, GROUP_NOT_FOUND, HAND_OVER_STATE, NOT_A_BATCH_GROUP, integrationArn } from '@batchmon/correlation';
import { startScenario, type Scenario } from './scenario-kit';

// The emulator resolves AWS::Partition to `aws`.
const ENABLE_METRICS_COLLECTION = integrationArn('aws', 'enableMetricsCollection');

// Story: AWS Batch scales out two compute environments and creates their Auto Scaling groups, one
// naming its Batch launch template directly, one in a mixed instances policy (Spot). batchmon
// enables the group metrics of both at 1-minute granularity — the first call is throttled twice
// and retried — and counts each group monitored. A group of another team's launch template is
// left alone.

describe('Auto Scaling groups created by AWS Batch', () => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    scenario.batchmon.pipeline.faults.inject({
      resource: ENABLE_METRICS_COLLECTION,
      error: 'AutoScaling.AutoScalingException',
      cause: 'Rate exceeded (Service: AutoScaling, Status Code: 400)',
      times: 2,
    });
    await scenario.run(
      buildCreateAutoScalingGroupCall({ autoScalingGroupName: 'ondemand-ce-asg' }),
      buildCreateAutoScalingGroupCall({ autoScalingGroupName: 'spot-ce-asg', launchTemplateIn: 'mixedInstancesPolicy' }),
      buildCreateAutoScalingGroupCall({ autoScalingGroupName: 'web-asg', launchTemplateName: 'web-lt' }),
    );
  });
  afterAll(() => scenario.close());

  it('enables the group metrics of both Batch groups, at 1-minute granularity', () => {
    expect(scenario.batchmon.pipeline.autoscaling.enableMetricsCollectionCalls).toEqual([
      expect.objectContaining({ AutoScalingGroupName: 'ondemand-ce-asg', Granularity: ASG_METRICS_GRANULARITY, Metrics: [...BATCH_ASG_METRICS] }),
      expect.objectContaining({ AutoScalingGroupName: 'spot-ce-asg', Granularity: ASG_METRICS_GRANULARITY, Metrics: [...BATCH_ASG_METRICS] }),
    ]);
  });

  it('includes the capacity metrics the dashboards chart', () => {
    expect(BATCH_ASG_METRICS).toEqual(
      expect.arrayContaining(['GroupDesiredCapacity', 'GroupInServiceInstances', 'GroupInServiceCapacity', 'GroupTotalCapacity']),
    );
  });

  it('retries a throttled call until it succeeds', () => {
    expect(scenario.batchmon.pipeline.faults.remaining).toBe(0);
    expect(scenario.batchmon.summary().failedExecutions).toBe(0);
  });

  it('counts each group monitored once', () => {
    const monitored = scenario.recordsOf('AutoScalingGroupsMonitored');
    expect(monitored.map((r) => r.properties['autoScalingGroupName'])).toEqual(['ondemand-ce-asg', 'spot-ce-asg']);
    expect(monitored[0]?.dimensionSets).toEqual([[]]);
  });

  it('leaves groups of other launch templates alone: no rule matches them', () => {
    expect(scenario.batchmon.summary()).toMatchObject({ executions: 2, unrouted: 1 });
  });
});

describe('a group creation that EventBridge delivers twice', () => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    const created = buildCreateAutoScalingGroupCall({ autoScalingGroupName: 'ondemand-ce-asg' });
    await scenario.run(created, buildCreateAutoScalingGroupCall({ autoScalingGroupName: 'spot-ce-asg' }), created);
  });
  afterAll(() => scenario.close());

  it('counts each group monitored once', () => {
    expect(scenario.recordsOf('AutoScalingGroupsMonitored').map((r) => r.properties['autoScalingGroupName'])).toEqual([
      'ondemand-ce-asg',
      'spot-ce-asg',
    ]);
  });

  it('enables the metrics again, harmlessly, and counts the repeat as a skipped duplicate', () => {
    expect(scenario.batchmon.pipeline.autoscaling.enableMetricsCollectionCalls).toHaveLength(3);
    expect(scenario.batchmon.summary()).toMatchObject({ skipped: { [DUPLICATE_GROUP]: 1 }, failedExecutions: 0 });
  });
});

describe('a failed CreateAutoScalingGroup call reaching the workflow unvalidated', () => {
  it('enables nothing and is counted as skipped', async () => {
    const scenario = await startScenario();
    try {
      const event = buildCreateAutoScalingGroupCall({ errorCode: 'AlreadyExists' });
      const execution = await scenario.batchmon.pipeline.startExecution('AsgMonitoringWorkflow', event as never);
      await scenario.batchmon.flush();
      expect(execution.status).toBe('SUCCEEDED');
      expect(scenario.batchmon.pipeline.autoscaling.enableMetricsCollectionCalls).toEqual([]);
      expect(scenario.batchmon.summary().skipped).toEqual({ [GROUP_NOT_CREATED]: 1 });
    } finally {
      await scenario.close();
    }
  });
});

describe('enabling metrics on a group that keeps failing', () => {
  it('hands the event to the failed-events queue after bounded retries, counting nothing', async () => {
    const scenario = await startScenario();
    try {
      scenario.batchmon.pipeline.faults.inject({ resource: ENABLE_METRICS_COLLECTION, error: 'AutoScaling.AutoScalingException', times: 100 });
      const event = buildCreateAutoScalingGroupCall();
      const execution = await scenario.batchmon.pipeline.startExecution('AsgMonitoringWorkflow', event as never);
      expect(execution.visitedStates).toContain(HAND_OVER_STATE);
      expect(100 - scenario.batchmon.pipeline.faults.remaining).toBeLessThanOrEqual(5);
      expect(scenario.recordsOf('AutoScalingGroupsMonitored')).toEqual([]);
      const [failed] = scenario.batchmon.pipeline.queues.get('FailedEventsQueue').bodies();
      expect(failed).toMatchObject({ event, workflow: 'AsgMonitoring', error: 'AutoScaling.AutoScalingException' });
    } finally {
      await scenario.close();
    }
  });
});

// Story: a CreateAutoScalingGroup request may name its launch template by id only, which does not
// tell whose it is. batchmon describes each such group once: Batch's (its launch template is named
// Batch-lt-…) gets its metrics enabled; another team's, and a group deleted meanwhile, are skipped
// with their reasons.
describe('groups created with a launch template id', () => {
  let scenario: Scenario & { close(): Promise<void> };

  beforeAll(async () => {
    scenario = await startScenario();
    const { autoscaling } = scenario.batchmon.pipeline;
    autoscaling.putGroup({ AutoScalingGroupName: 'gpu-ce-asg', LaunchTemplate: { LaunchTemplateId: 'lt-0batch', LaunchTemplateName: `${BATCH_LAUNCH_TEMPLATE_MARKER}7f3e`, Version: '1' } });
    autoscaling.putGroup({
      AutoScalingGroupName: 'spot-ce-asg',
      MixedInstancesPolicy: { LaunchTemplate: { LaunchTemplateSpecification: { LaunchTemplateId: 'lt-0spot', LaunchTemplateName: `${BATCH_LAUNCH_TEMPLATE_MARKER}9a1c` } } },
    });
    autoscaling.putGroup({ AutoScalingGroupName: 'web-asg', LaunchTemplate: { LaunchTemplateId: 'lt-0web', LaunchTemplateName: 'web-lt' } });
    await scenario.run(
      buildCreateAutoScalingGroupCall({ autoScalingGroupName: 'gpu-ce-asg', launchTemplateId: 'lt-0batch' }),
      { ...buildCreateAutoScalingGroupCall({ autoScalingGroupName: 'spot-ce-asg', launchTemplateId: 'lt-0spot', launchTemplateIn: 'mixedInstancesPolicy' }), id: 'spot-created' },
      { ...buildCreateAutoScalingGroupCall({ autoScalingGroupName: 'web-asg', launchTemplateId: 'lt-0web' }), id: 'web-created' },
      { ...buildCreateAutoScalingGroupCall({ autoScalingGroupName: 'deleted-asg', launchTemplateId: 'lt-0gone' }), id: 'deleted-created' },
    );
  });
  afterAll(() => scenario.close());

  it('describes each such group once, by its name', () => {
    expect(scenario.batchmon.pipeline.autoscaling.describeAutoScalingGroupsCalls).toEqual([['gpu-ce-asg'], ['spot-ce-asg'], ['web-asg'], ['deleted-asg']]);
  });

  it('enables the metrics of the groups whose launch template is a Batch one, directly or in a mixed instances policy', () => {
    expect(scenario.batchmon.pipeline.autoscaling.enableMetricsCollectionCalls.map((call) => call.AutoScalingGroupName)).toEqual(['gpu-ce-asg', 'spot-ce-asg']);
    expect(scenario.recordsOf('AutoScalingGroupsMonitored').map((r) => r.properties['autoScalingGroupName'])).toEqual(['gpu-ce-asg', 'spot-ce-asg']);
  });

  it('skips another team’s group and a group deleted meanwhile, with their reasons', () => {
    expect(scenario.batchmon.summary()).toMatchObject({ executions: 4, failedExecutions: 0, skipped: { [NOT_A_BATCH_GROUP]: 1, [GROUP_NOT_FOUND]: 1 } });
  });
});
