import { familyOf } from '@batchmon/event-schemas';
import { startLocalBatchmon, type LocalBatchmon } from '@batchmon/local';
import { simulateWorkload, total, type GroundTruth, type SimulatedEvent } from '@batchmon/simulator';
import { EmittedSeries, truthSums } from './workload-truth';

// Story: a team's account creates its compute environments and job queues, submits a few hundred
// jobs — half of them naming their queue by ARN — and half-way switches its Spot environment to
// another allocation strategy. EventBridge delivers the SubmitJob calls as it does on a bad day:
// 30 % of them twice, 30 % swapped with their neighbour. The configuration calls arrive worse:
// every one twice, and all of them in reverse order, so the update comes before the create it
// changes. batchmon counts each submission once, by queue name, and its configuration table ends
// as the account's configuration is.

const WORKLOADS = [
  { jobs: 150, seed: 4, duplicateRate: 0.3, reorderRate: 0.3 },
  { jobs: 150, seed: 11, duplicateRate: 0.3, reorderRate: 0.3 },
] as const;

/** The BatchConfiguration workflow's reason for a call newer for no field (a repeated or late call). */
const NOTHING_NEWER = 'BatchConfiguration / nothing-newer';

interface Run {
  readonly truth: GroundTruth;
  readonly emitted: EmittedSeries;
  /** The configuration table's items, as plain values. */
  readonly items: readonly Record<string, unknown>[];
  /** Configuration calls delivered. */
  readonly configurationDeliveries: number;
  /** SubmitJob calls delivered, and how many distinct ones. */
  readonly submissionDeliveries: { readonly delivered: number; readonly distinct: number };
  readonly batchmon: LocalBatchmon;
}

async function run(workload: (typeof WORKLOADS)[number]): Promise<Run> {
  const { events, truth } = simulateWorkload(workload);
  const submissions = events.filter((event) => familyOf(event) === 'BatchJobSubmissionCall');
  const configuration = events.filter((event) => familyOf(event) === 'BatchConfigurationCall');
  const distinct = [...new Map(configuration.map((event) => [event.id, event])).values()];
  const badDay: SimulatedEvent[] = [...distinct].reverse().flatMap((event) => [event, event]);
  // `detailed`: skips are published by workflow and reason (in `essential` only by workflow).
  const batchmon = await startLocalBatchmon({ stack: { metricsProfile: 'detailed' } });
  for (const event of [...badDay, ...submissions]) {
    const result = await batchmon.ingest(event);
    if (result.kind === 'invalid') throw new Error(`event ${event.id} is invalid: ${JSON.stringify(result.invalid)}`);
  }
  await batchmon.flush();
  const table = batchmon.pipeline.template.tables.find((spec) => spec.logicalId.startsWith('ConfigurationTable'));
  if (table === undefined) throw new Error('the synthesized stack: expected a ConfigurationTable, found none');
  const items = await batchmon.pipeline.dynamodb.items(table.tableName);
  return {
    truth,
    emitted: new EmittedSeries(batchmon.emfLines),
    items,
    configurationDeliveries: badDay.length,
    submissionDeliveries: { delivered: submissions.length, distinct: new Set(submissions.map((event) => event.id)).size },
    batchmon,
  };
}

const runs: Run[] = [];

beforeAll(async () => {
  for (const workload of WORKLOADS) runs.push(await run(workload));
}, 240_000);

afterAll(async () => {
  for (const each of runs) await each.batchmon.close();
});

describe.each(WORKLOADS.map((workload, index) => [workload.seed, index] as const))('submissions and configuration of seed %i, through batchmon', (_seed, index) => {
  const at = (): Run => {
    const result = runs[index];
    if (result === undefined) throw new Error(`run ${index}: expected it to have run in beforeAll, found none`);
    return result;
  };

  it('runs every execution to success, with no rejected metric message', () => {
    const summary = at().batchmon.summary();
    expect([summary.failedExecutions, summary.deadLetters]).toEqual([0, 0]);
    expect(at().batchmon.errorLines).toEqual([]);
  });

  it('counts each submission once, by the name of its queue', () => {
    const { emitted, truth } = at();
    expect(emitted.sums('JobsSubmitted', ['JobQueue'])).toEqual(truthSums(truth.jobsSubmitted, ['JobQueue']));
    expect(total(truth.jobsSubmitted)).toBe(truth.submissions);
  });

  it('skips exactly the repeated SubmitJob deliveries', () => {
    const { emitted, submissionDeliveries } = at();
    const skipped = emitted.sums('SkippedEvents', ['Workflow', 'Reason'])['JobsSubmitted / duplicate-submission'] ?? 0;
    expect(skipped).toBeGreaterThan(0);
    expect(skipped).toBe(submissionDeliveries.delivered - submissionDeliveries.distinct);
  });

  it('ends with the configuration table equal to the account’s configuration, though the update came before its create', () => {
    const { items, truth } = at();
    const stored = new Map(items.map((item) => [String(item['resourceKey']), item]));
    expect([...stored.keys()].sort()).toEqual(truth.configuration.map((resource) => `${resource.kind}#${resource.name}`).sort());
    for (const resource of truth.configuration) {
      const item = stored.get(`${resource.kind}#${resource.name}`) ?? {};
      const fields = Object.fromEntries(Object.keys(resource.fields).map((field) => [field, item[field]]));
      expect({ resource: resource.name, ...fields }).toEqual({ resource: resource.name, ...resource.fields });
    }
  });

  it('changes the table once per call, and skips every repeated or late call', () => {
    const { emitted, truth, configurationDeliveries } = at();
    const changes = emitted.sums('ConfigurationChanges', [])[''] ?? 0;
    const skipped = emitted.sums('SkippedEvents', ['Workflow', 'Reason'])[NOTHING_NEWER] ?? 0;
    expect(changes + skipped).toBe(configurationDeliveries);
    // Reversed, each create still sets the fields the later update did not: one change per distinct call.
    expect(changes).toBe(configurationDeliveries / 2);
    expect(truth.configuration.length).toBeGreaterThan(0);
  });
});
