import { smokeCases, isExpectedLine } from '@batchmon/infra';
import { WORKFLOWS, WORKFLOW_NAMES } from '@batchmon/correlation';
import { parseEmfLine } from '@batchmon/metrics';
import { startScenario, type Scenario } from './scenario-kit';

// Story: `npx nx run infra:smoke` on a real account, told locally first. Each workflow's documented
// event is routed by the rules to that workflow alone; each workflow, started directly with its
// smoke event (as the smoke test does with StartSyncExecution), succeeds, and the metrics Lambda
// prints the EMF line the smoke test then waits for in CloudWatch Logs. If a workflow changes what
// it emits, this fails here rather than on someone's account.

const cases = smokeCases({ runId: '5a0e1d', time: new Date() });
// Another run's events for the routing checks: the same events would be counted there first, and
// then skipped as repeated deliveries when started directly.
const routingCases = smokeCases({ runId: 'b0b0b0', time: new Date() });

describe('the smoke test’s events in the local pipeline', () => {
  let scenario: Scenario & { close(): Promise<void> };
  beforeAll(async () => {
    scenario = await startScenario();
  });
  afterAll(() => scenario.close());

  // A scheduled workflow has no pattern: its rule fires on the clock (see compute-environment-capacity).
  const routed = routingCases.filter((smoke) => WORKFLOWS.find((spec) => spec.name === smoke.workflow)?.schedule === undefined);
  it.each(routed.map((smoke) => [smoke.workflow, smoke] as const))('routes the %s rule event to that workflow alone', async (workflow, smoke) => {
    const routed = await scenario.batchmon.pipeline.publish(smoke.ruleEvent);
    await scenario.batchmon.flush();
    expect(routed.executions.map((execution) => execution.stateMachine)).toEqual([`${workflow}Workflow`]);
  });

  it.each(cases.map((smoke) => [smoke.workflow, smoke] as const))('runs %s on its smoke event to the EMF line the smoke test expects', async (workflow, smoke) => {
    const before = scenario.batchmon.emfLines.length;
    const execution = await scenario.batchmon.pipeline.startExecution(`${workflow}Workflow`, JSON.parse(JSON.stringify(smoke.executionEvent)));
    await scenario.batchmon.flush();
    expect(execution.status).toBe('SUCCEEDED');
    // ContainerInstanceState saves the capacity MinuteLevels publishes: deployed, its schedule does
    // within the minute; here, MinuteLevels runs on the next minute's Scheduled Event.
    if (workflow === WORKFLOW_NAMES.containerInstanceState) {
      const next = new Date(Math.floor(Date.parse(String(smoke.executionEvent['time'])) / 60_000) * 60_000 + 60_000).toISOString();
      const levels = await scenario.batchmon.pipeline.startExecution(`${WORKFLOW_NAMES.minuteLevels}Workflow`, { version: '0', id: 'next-minute', 'detail-type': 'Scheduled Event', source: 'aws.events', time: next, detail: {} });
      await scenario.batchmon.flush();
      expect(levels.status).toBe('SUCCEEDED');
    }
    const lines = scenario.batchmon.emfLines.slice(before).map((line) => parseEmfLine(line));
    // At least one: the capacity levels, for one, are published at two levels (compute environment, and instance type and AZ).
    expect(lines.filter((line) => isExpectedLine(line, smoke)).length).toBeGreaterThan(0);
  });
});
