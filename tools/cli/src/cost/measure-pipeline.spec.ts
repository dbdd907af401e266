import { simulateWorkload } from '@batchmon/simulator';
import { costModel } from './cost-model';
import { DEFAULT_SHAPE } from './cost-options';
import { measurePipeline, synthesizeProfileTemplates, type PipelineMeasurement } from './measure-pipeline';
import { dimensionSetsOfProfile } from './metric-profiles';
import { DEFAULT_PRICES } from './prices';

// The per-event counts the cost model scales are measured by running a small simulated workload
// through the local pipeline: change the workload and the counts (and the bill) follow.
const jobs = 8;
const seed = 3;
const templates = synthesizeProfileTemplates();
let plain: PipelineMeasurement;
let duplicated: PipelineMeasurement;

beforeAll(async () => {
  plain = await measurePipeline({ jobs, seed, templates });
  // EventBridge delivers at least once: a repeated delivery fails the workflows' conditional writes.
  duplicated = await measurePipeline({ jobs, seed, templates, workload: { duplicateRate: 0.3 } });
}, 120_000);

const estimate = (measurement: PipelineMeasurement) =>
  costModel({ measurement, shape: DEFAULT_SHAPE, jobsPerDay: 10_000, prices: DEFAULT_PRICES, profile: 'detailed', dimensionSetsOf: dimensionSetsOfProfile('detailed') });

describe('measurePipeline', () => {
  it('runs every event of the simulated workload', () => {
    expect(plain.events).toBe(simulateWorkload({ jobs, seed }).events.length);
    expect(plain.executions).toBe(plain.executionProfiles.reduce((sum, profile) => sum + profile.count, 0));
    expect(plain.executions + plain.unroutedEvents).toBeGreaterThanOrEqual(plain.events);
  });

  it('meters at least one write unit per write the workflows made', () => {
    const tables = Object.values(plain.dynamodb.byTable);
    expect(tables.reduce((sum, table) => sum + table.writes, 0)).toBeGreaterThan(0);
    for (const table of tables) expect(table.writeUnits).toBeGreaterThanOrEqual(table.writes);
  });

  it('sees the metric records the Lambda published and the values they carried', () => {
    expect(plain.queue.messages).toBeGreaterThan(0);
    expect(plain.lambda.byProfile.essential.emfLines).toBeGreaterThan(0);
    expect(plain.observed.get('JobStateTransitions')?.get('State')?.size).toBeGreaterThan(1);
  });

  it('publishes more EMF bytes under the detailed profile than under the essential one', () => {
    expect(plain.lambda.byProfile.detailed.emfBytes).toBeGreaterThan(plain.lambda.byProfile.essential.emfBytes);
  });

  it('counts no failed conditional write nor ERROR log record for repeated deliveries: the writes tell them by what they return', () => {
    const before = estimate(plain).perEvent;
    const after = estimate(duplicated).perEvent;
    expect(after.eventsPerJob).toBeGreaterThan(before.eventsPerJob);
    expect(after.conditionalCheckFailuresPerEvent).toBe(0);
    expect(after.errorLogRecordsPerExecution).toBe(0);
  });
});
