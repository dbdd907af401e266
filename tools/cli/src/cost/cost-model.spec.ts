import { costModel, DAYS_PER_MONTH, DEFAULT_ASSUMPTIONS } from './cost-model';
import type { PipelineMeasurement, ScheduledMeasurement, TemplateFacts } from './measure-pipeline';
import { DEFAULT_PRICES } from './prices';
import { DEFAULT_SHAPE } from './cost-options';

const output = { handlerMs: 100, emfLines: 0, emfBytes: 0 };
const noFixedCosts: TemplateFacts = { dashboards: 0, customerManagedKeys: 0, logRetentionDays: 30, alarms: [] };
const perProfile = (facts: TemplateFacts) => ({ essential: facts, detailed: facts });
const noOutput = { handlerMs: 0, emfLines: 0, emfBytes: 0 };
const noSchedule: ScheduledMeasurement = {
  periodsMs: [],
  firings: 0,
  executions: 0,
  failedExecutions: 0,
  executionProfiles: [],
  dynamodb: {},
  queue: { messages: 0, bodyBytes: 0, sendRequests: 0 },
  lambda: { records: 0, byProfile: { essential: noOutput, detailed: noOutput } },
  computeEnvironments: 0,
};

/**
 * A schedule fired 100 times in the run, each firing one execution of 3 service calls, reading 2
 * units and sending one message per compute environment of the run's `computeEnvironments`.
 */
function everyMinute(computeEnvironments: number): ScheduledMeasurement {
  return {
    ...noSchedule,
    periodsMs: [60_000],
    firings: 100,
    executions: 100,
    executionProfiles: [{ stateMachine: 'M', taskCalls: 3, states: 9, waitSeconds: 0, billedMemoryMb: 64, count: 100 }],
    dynamodb: { T: { writes: 0, writeUnits: 0, conditionalCheckFailures: 0, reads: 100, readUnits: 200, consistentReads: 0 } },
    queue: { messages: 100 * computeEnvironments, bodyBytes: 100 * computeEnvironments * 2000, sendRequests: 100 * computeEnvironments },
    computeEnvironments,
  };
}

/** A measured run of 100 jobs: 1,000 events, each one execution of 2 service calls and one metric message. */
function measured(overrides: Partial<PipelineMeasurement> = {}): PipelineMeasurement {
  return {
    workload: { jobs: 100, seed: 1 },
    events: 1000,
    unroutedEvents: 0,
    executions: 1000,
    failedExecutions: 0,
    executionsByWorkflow: { A: 1000 },
    executionProfiles: [{ stateMachine: 'A', taskCalls: 2, states: 5, waitSeconds: 0, billedMemoryMb: 64, count: 1000 }],
    errorLogs: { records: 0, bytes: 0 },
    dynamodb: { byTable: { T: { writes: 1000, writeUnits: 1000, conditionalCheckFailures: 0, reads: 0, readUnits: 0, consistentReads: 0 } }, storage: {} },
    queue: { messages: 1000, bodyBytes: 1_000_000, sendRequests: 1000 },
    lambda: { invocations: 10, records: 1000, byProfile: { essential: output, detailed: output } },
    function: { batchSize: 100, fifoQueue: false, deletesEarly: false, maximumBatchingWindowSeconds: 10, memoryMb: 256, architecture: 'arm64' },
    observed: new Map(),
    template: { essential: noFixedCosts, detailed: noFixedCosts },
    scheduled: noSchedule,
    ...overrides,
  };
}

const estimate = (jobsPerDay: number, measurement = measured()) =>
  costModel({ measurement, shape: DEFAULT_SHAPE, jobsPerDay, prices: DEFAULT_PRICES, profile: 'essential', dimensionSetsOf: () => [] });
const secondsPerMonth = DAYS_PER_MONTH * 86_400;

describe('SQS and Lambda batching', () => {
  it('fills batches to the batch size when messages arrive faster than a batch per batching window', () => {
    const jobsPerDay = 100_000;
    const messages = 10 * jobsPerDay * DAYS_PER_MONTH;
    const { usage } = estimate(jobsPerDay);
    expect(usage['lambdaBatchSize']).toBe(100);
    expect(usage['lambdaInvocations']).toBeCloseTo(messages / 100);
  });

  it('invokes once per batching window with what arrived when messages are few', () => {
    const jobsPerDay = 1000;
    const perSecond = (10 * jobsPerDay * DAYS_PER_MONTH) / secondsPerMonth;
    expect(estimate(jobsPerDay).usage['lambdaBatchSize']).toBeCloseTo(perSecond * 10);
  });

  it('counts one send per message, ten messages per receive and per delete, and the idle long polls', () => {
    const jobsPerDay = 100_000;
    const { usage } = estimate(jobsPerDay);
    const sends = 10 * jobsPerDay * DAYS_PER_MONTH;
    const idle = DEFAULT_ASSUMPTIONS.sqsIdlePollers * (secondsPerMonth / DEFAULT_ASSUMPTIONS.sqsLongPollSeconds);
    expect(usage['sqsRequests']).toBeCloseTo(sends + (usage['lambdaInvocations'] ?? 0) * 2 * 10 + idle);
  });

  it('bills a FIFO queue’s requests at the FIFO price', () => {
    const standard = estimate(100_000);
    const fifo = estimate(100_000, measured({ function: { batchSize: 100, fifoQueue: true, deletesEarly: false, maximumBatchingWindowSeconds: 10, memoryMb: 256, architecture: 'arm64' } }));
    expect(fifo.usdPerMonth.byService.sqs / standard.usdPerMonth.byService.sqs).toBeCloseTo(DEFAULT_PRICES.sqs.perMillionFifoRequests / DEFAULT_PRICES.sqs.perMillionRequests, 5);
  });

  it('counts one more delete per batch when the function deletes what it wrote before returning', () => {
    const plain = estimate(100_000);
    const early = estimate(100_000, measured({ function: { batchSize: 100, fifoQueue: false, deletesEarly: true, maximumBatchingWindowSeconds: 10, memoryMb: 256, architecture: 'arm64' } }));
    expect((early.usage['sqsRequests'] ?? 0) - (plain.usage['sqsRequests'] ?? 0)).toBeCloseTo((plain.usage['lambdaInvocations'] ?? 0) * 10);
  });

  it('counts a 64 KB chunk of a message as one more send request', () => {
    const base = estimate(100_000).usage['sqsRequests'] ?? 0;
    const chunked = estimate(100_000, measured({ queue: { messages: 1000, bodyBytes: 100_000_000, sendRequests: 2000 } })).usage['sqsRequests'] ?? 0;
    expect(chunked - base).toBeCloseTo(1000 * (100_000 * DAYS_PER_MONTH) / 100);
  });

  it('bills a batch the measured handler time per record, scaled to the function’s share of a vCPU', () => {
    const { usage } = estimate(100_000);
    const ms = Math.ceil(100 * (100 / 1000) * (DEFAULT_ASSUMPTIONS.lambdaMbPerVcpu / 256));
    expect(usage['lambdaMsPerInvocation']).toBe(ms);
    expect(usage['lambdaGbSeconds']).toBeCloseTo((usage['lambdaInvocations'] ?? 0) * (ms / 1000) * (256 / 1024));
  });
});

describe('cost model', () => {
  it('rounds each execution’s duration up to 100 ms at its billed memory', () => {
    const jobsPerDay = 10_000;
    const executions = 10 * jobsPerDay * DAYS_PER_MONTH;
    expect(estimate(jobsPerDay).usage['expressGbSeconds']).toBeCloseTo(executions * 0.1 * (64 / 1024));
  });

  it('scales DynamoDB with the write units the run measured', () => {
    const doubled = measured({ dynamodb: { byTable: { T: { writes: 1000, writeUnits: 2000, conditionalCheckFailures: 0, reads: 0, readUnits: 0, consistentReads: 0 } }, storage: {} } });
    const base = estimate(10_000).usdPerMonth.byService.dynamodb;
    expect(estimate(10_000, doubled).usdPerMonth.byService.dynamodb).toBeCloseTo(2 * base);
  });

  it('leaves fixed costs (dashboards, keys) out of the price per million events', () => {
    const fixed = measured({ template: perProfile({ dashboards: 7, customerManagedKeys: 1, logRetentionDays: 30, alarms: [[{ kind: 'metric' }]] }) });
    const plain = estimate(10_000);
    const withFixed = estimate(10_000, fixed);
    expect(withFixed.usdPerMonth.total).toBeGreaterThan(plain.usdPerMonth.total);
    expect(withFixed.usdPerMillionEvents).toBeCloseTo(plain.usdPerMillionEvents);
  });

  it('bills the dashboards beyond the free ones', () => {
    const fixed = measured({ template: perProfile({ dashboards: 7, customerManagedKeys: 0, logRetentionDays: 30, alarms: [] }) });
    expect(estimate(10_000, fixed).usdPerMonth.byService.cloudwatchDashboards).toBeCloseTo((7 - DEFAULT_PRICES.cloudwatch.freeDashboards) * DEFAULT_PRICES.cloudwatch.dashboardPerMonth);
  });
});

describe('scheduled workflows', () => {
  const minutesPerMonth = DAYS_PER_MONTH * 24 * 60;

  it('bills one execution per minute of the month, whatever the number of jobs', () => {
    const scheduled = measured({ scheduled: everyMinute(DEFAULT_SHAPE.computeEnvironments) });
    for (const jobsPerDay of [1_000, 100_000]) {
      const difference = estimate(jobsPerDay, scheduled).usdPerMonth.byService.stepFunctions - estimate(jobsPerDay).usdPerMonth.byService.stepFunctions;
      expect(estimate(jobsPerDay, scheduled).usage['scheduledExecutions']).toBeCloseTo(minutesPerMonth);
      expect(difference).toBeCloseTo((minutesPerMonth / 1e6) * DEFAULT_PRICES.stepFunctionsExpress.perMillionRequests + (minutesPerMonth * 0.1 * (64 / 1024) * (DEFAULT_PRICES.stepFunctionsExpress.durationPerGbHourTiers[0]?.usd ?? 0)) / 3600, 4);
    }
  });

  it('bills the reads and messages of a firing every minute, scaled from the run’s compute environments to the account’s', () => {
    const run = estimate(10_000, measured({ scheduled: everyMinute(DEFAULT_SHAPE.computeEnvironments / 2) }));
    expect(run.usage['scheduledReadRequestUnits']).toBeCloseTo(2 * 2 * minutesPerMonth);
    expect(run.usage['scheduledMessages']).toBeCloseTo(DEFAULT_SHAPE.computeEnvironments * minutesPerMonth);
  });
});
