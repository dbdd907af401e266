import { smokeCases, isExpectedLine } from '@batchmon/infra';
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

  it.each(routingCases.map((smoke) => [smoke.workflow, smoke] as const))('routes the %s rule event to that workflow alone', async (workflow, smoke) => {
    const routed = await scenario.batchmon.pipeline.publish(smoke.ruleEvent);
    await scenario.batchmon.flush();
    expect(routed.executions.map((execution) => execution.stateMachine)).toEqual([`${workflow}Workflow`]);
  });

  it.each(cases.map((smoke) => [smoke.workflow, smoke] as const))('runs %s on its smoke event to the EMF line the smoke test expects', async (workflow, smoke) => {
    const before = scenario.batchmon.emfLines.length;
    const execution = await scenario.batchmon.pipeline.startExecution(`${workflow}Workflow`, JSON.parse(JSON.stringify(smoke.executionEvent)));
    await scenario.batchmon.flush();
    expect(execution.status).toBe('SUCCEEDED');
    const lines = scenario.batchmon.emfLines.slice(before).map((line) => parseEmfLine(line));
    // At least one: a capacity change, for one, is published at two levels (compute environment, and instance type and AZ).
    expect(lines.filter((line) => isExpectedLine(line, smoke)).length).toBeGreaterThan(0);
  });
});
