import { CONFIGURATION_CALL_FAILED, GROUP_NOT_CREATED, NOT_A_BATCH_GROUP_LAUNCH, WORKFLOWS, type WorkflowSpec, WORKFLOW_NAMES } from '@batchmon/correlation';
import { eventPatterns, familyOf, SAMPLE_RESOURCES, validateEvent } from '@batchmon/event-schemas';
import { METRIC_NAMES } from '@batchmon/metrics';
import { HEALTH_METRICS, smokeCases, workflowMetrics } from './smoke-plan';

const time = new Date('2026-11-29T15:00:00.000Z');
const cases = smokeCases({ runId: 'a1b2c3', time });
const health: readonly string[] = HEALTH_METRICS;

describe('workflowMetrics', () => {
  it('finds in every definition catalog metrics of its own besides the health metrics, but in ContainerInstanceState’s, whose levels MinuteLevels sends, and InstanceLaunches’, whose evidence MinuteLevels’ diagnosis reads', () => {
    for (const workflow of WORKFLOWS) {
      const metrics = workflowMetrics(workflow);
      expect(metrics.every((metric) => METRIC_NAMES.includes(metric))).toBe(true);
      expect(metrics.filter((metric) => !health.includes(metric)).length > 0).toBe(!new Set<string>([WORKFLOW_NAMES.containerInstanceState, WORKFLOW_NAMES.instanceLaunches, WORKFLOW_NAMES.taskPulls]).has(workflow.name));
    }
  });

  it('reads quoted names only, so a longer name containing a metric’s is not that metric', () => {
    const [first] = WORKFLOWS;
    if (first === undefined) throw new Error('no workflow');
    const fake: WorkflowSpec = { ...first, definition: () => ({ Comment: 'fake', StartAt: 'A', States: { A: { Type: 'Pass', Result: { metric: 'JobsPlacedTotal', other: "'RunTime'" } } } }) };
    expect(workflowMetrics(fake)).toEqual(['RunTime']);
  });
});

describe('smokeCases', () => {
  it('has one case per deployed workflow, in the workflows’ order', () => {
    expect(cases.map((smoke) => smoke.workflow)).toEqual(WORKFLOWS.map((workflow) => workflow.name));
  });

  it('builds valid events of the family each workflow’s rule selects', () => {
    for (const [index, smoke] of cases.entries()) {
      if (WORKFLOWS[index]?.schedule !== undefined) continue;
      const family = familyOf(smoke.ruleEvent);
      // The stuck-job evidence workflows take a part of their family (Batch groups' launches, pulls in trouble).
      const narrower = new Set<string>([WORKFLOW_NAMES.instanceLaunches, WORKFLOW_NAMES.taskPulls]).has(smoke.workflow);
      if (!narrower) expect(family === undefined ? undefined : eventPatterns[family]).toEqual(WORKFLOWS[index]?.patterns[0]);
      expect(family).toEqual(expect.any(String));
      expect(validateEvent(smoke.ruleEvent)).toMatchObject({ ok: true });
      expect(validateEvent(smoke.executionEvent)).toMatchObject({ ok: true, family });
    }
  });

  it('starts a scheduled workflow on the Scheduled Event its schedule rule sends', () => {
    for (const [index, smoke] of cases.entries()) {
      if (WORKFLOWS[index]?.schedule === undefined) continue;
      expect(smoke.executionEvent).toMatchObject({ source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} });
    }
  });

  it('expects the level of the sample compute environment from ContainerInstanceState and MinuteLevels, MinuteLevels running after', () => {
    const level = { metric: 'RegisteredVcpus', dimensions: { ComputeEnvironment: SAMPLE_RESOURCES.computeEnvironment } };
    expect(cases.filter((smoke) => new Set<string>([WORKFLOW_NAMES.containerInstanceState, WORKFLOW_NAMES.minuteLevels]).has(smoke.workflow)).map((smoke) => [smoke.workflow, smoke.expected])).toEqual([
      [WORKFLOW_NAMES.containerInstanceState, { ...level, publishedBy: WORKFLOW_NAMES.minuteLevels }],
      [WORKFLOW_NAMES.minuteLevels, level],
    ]);
    const minuteLevels = WORKFLOWS.find((workflow) => workflow.name === WORKFLOW_NAMES.minuteLevels);
    if (minuteLevels === undefined) throw new Error(`WORKFLOWS: expected ${WORKFLOW_NAMES.minuteLevels}, found none`);
    expect(workflowMetrics(minuteLevels)).toContain(level.metric);
  });

  it('expects of each workflow the first metric of its own that its definition sends', () => {
    for (const [index, smoke] of cases.entries()) {
      const workflow = WORKFLOWS[index];
      if (workflow === undefined || new Set<string>([WORKFLOW_NAMES.asgMonitoring, WORKFLOW_NAMES.batchConfiguration, WORKFLOW_NAMES.containerInstanceState, WORKFLOW_NAMES.minuteLevels, WORKFLOW_NAMES.instanceLaunches, WORKFLOW_NAMES.taskPulls]).has(workflow.name)) continue;
      expect(smoke.expected).toEqual({ metric: workflowMetrics(workflow).find((metric) => !health.includes(metric)), dimensions: {} });
    }
  });

  it('runs BatchConfiguration on a refused call, expecting it counted as skipped, so the configuration table gains no queue that does not exist', () => {
    const smoke = cases.find((candidate) => candidate.workflow === WORKFLOW_NAMES.batchConfiguration);
    expect(smoke?.executionEvent).toMatchObject({ detail: { errorCode: expect.any(String) } });
    expect(smoke?.ruleEvent).not.toHaveProperty('detail.errorCode');
    expect(smoke?.expected).toEqual({ metric: 'SkippedEvents', dimensions: { Workflow: WORKFLOW_NAMES.batchConfiguration, Reason: CONFIGURATION_CALL_FAILED } });
  });

  it('runs InstanceLaunches on the launch of a group that is not Batch’s, expecting it counted as skipped, its rule tested with a Batch group’s', () => {
    const smoke = cases.find((candidate) => candidate.workflow === WORKFLOW_NAMES.instanceLaunches);
    expect(smoke?.ruleEvent).toMatchObject({ detail: { AutoScalingGroupName: expect.stringContaining('-asg-') } });
    expect(smoke?.executionEvent).not.toMatchObject({ detail: { AutoScalingGroupName: expect.stringContaining('-asg-') } });
    expect(smoke?.expected).toEqual({ metric: 'SkippedEvents', dimensions: { Workflow: WORKFLOW_NAMES.instanceLaunches, Reason: NOT_A_BATCH_GROUP_LAUNCH } });
  });

  it('runs AsgMonitoring on a failed group creation, expecting it counted as skipped, so no group of the account is touched', () => {
    const smoke = cases.find((candidate) => candidate.workflow === WORKFLOW_NAMES.asgMonitoring);
    expect(smoke?.executionEvent).toMatchObject({ detail: { errorCode: expect.any(String) } });
    expect(smoke?.ruleEvent).not.toHaveProperty('detail.errorCode');
    expect(smoke?.expected).toEqual({ metric: 'SkippedEvents', dimensions: { Workflow: WORKFLOW_NAMES.asgMonitoring, Reason: GROUP_NOT_CREATED } });
  });

  it('stamps every event with the run’s time, within CloudWatch’s EMF window', () => {
    for (const smoke of cases) expect([smoke.ruleEvent['time'], smoke.executionEvent['time']]).toEqual([time.toISOString(), time.toISOString()]);
  });

  it('makes the events of two runs differ, so a kept stack counts the second run again', () => {
    const other = smokeCases({ runId: 'd4e5f6', time });
    for (const [index, smoke] of cases.entries()) expect(JSON.stringify(other[index]?.executionEvent)).not.toBe(JSON.stringify(smoke.executionEvent));
  });
});
