import { buildJobStateChange } from '@batchmon/event-schemas';
import { INTEGRATIONS } from '@batchmon/correlation';
import { startScenario, type Scenario } from './scenario-kit';

// Story: the metric messages of three job transitions reach the metrics Lambda, and things go wrong
// around it. The Lambda fails after it wrote its lines; or before; or Step Functions' send of a
// message returns an error after SQS took it (the answer was lost: the Java SDK's
// SdkClientException, which the workflows retry), and the workflow sends it again. Each transition is
// still counted exactly once: the Lambda deletes what it wrote before it returns, and the metrics
// queue (FIFO) keeps one copy of a message sent twice by the same execution.

const events = (['SUBMITTED', 'PENDING', 'RUNNABLE'] as const).map((status) => buildJobStateChange({ status }));

async function countsWith(inject: (scenario: Scenario) => void): Promise<{ transitions: number | undefined; deadLetters: number; failedEvents: number }> {
  const scenario = await startScenario();
  try {
    inject(scenario);
    await scenario.run(...events);
    const summary = scenario.batchmon.summary();
    return { transitions: summary.metricTotals.JobStateTransitions, deadLetters: summary.deadLetters, failedEvents: summary.failedEvents };
  } finally {
    await scenario.close();
  }
}

describe('metric messages around a failing metrics Lambda', () => {
  const counts: Record<string, Awaited<ReturnType<typeof countsWith>>> = {};

  beforeAll(async () => {
    counts['after-output'] = await countsWith((s) => s.batchmon.pipeline.faults.injectLambda({ timing: 'after-output', times: 2 }));
    counts['before-output'] = await countsWith((s) => s.batchmon.pipeline.faults.injectLambda({ timing: 'before-output', times: 2 }));
    counts['sent-then-error'] = await countsWith((s) =>
      s.batchmon.pipeline.faults.inject({ resource: INTEGRATIONS.sendMessage, error: 'SQS.SdkClientException', timing: 'after-call', times: 3 }),
    );
  }, 300_000);

  it('are counted once when the Lambda fails after writing its lines', () => {
    expect(counts['after-output']).toEqual({ transitions: 3, deadLetters: 0, failedEvents: 0 });
  });

  it('are counted once when the Lambda fails before writing anything', () => {
    expect(counts['before-output']).toEqual({ transitions: 3, deadLetters: 0, failedEvents: 0 });
  });

  it('are counted once when a send is retried after SQS took the message', () => {
    expect(counts['sent-then-error']).toEqual({ transitions: 3, deadLetters: 0, failedEvents: 0 });
  });
});
