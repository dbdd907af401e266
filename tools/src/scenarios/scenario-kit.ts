import { parseEmfLine, type EmfLine, type MetricsProfile } from '@batchmon/metrics';
import { startLocalBatchmon, type LocalBatchmon } from '../local-batchmon';

/** A local batchmon for one scenario, with helpers to read what it emitted. */
export interface Scenario {
  readonly batchmon: LocalBatchmon;
  /** Ingests events in order, then delivers the metric messages. */
  run(...events: unknown[]): Promise<void>;
  /** Every EMF record emitted so far, parsed. */
  records(): EmfLine[];
  /** The EMF records of one metric. */
  recordsOf(metric: string): EmfLine[];
}

/**
 * Starts a scenario; `close()` it in afterEach/afterAll. Scenarios run the `detailed` metrics
 * profile unless told otherwise: it publishes every dimension set of the catalog (the essential
 * ones among them), so a scenario can check any set a record fills.
 */
export async function startScenario(options: { readonly metricsProfile?: MetricsProfile } = {}): Promise<Scenario & { close(): Promise<void> }> {
  const batchmon = await startLocalBatchmon({ stack: { metricsProfile: options.metricsProfile ?? 'detailed' } });
  const records = (): EmfLine[] => batchmon.emfLines.map((line) => parseEmfLine(line));
  return {
    batchmon,
    async run(...events) {
      for (const event of events) await batchmon.ingest(event);
      await batchmon.flush();
    },
    records,
    recordsOf: (metric) => records().filter((r) => r.metrics.some((m) => m.name === metric)),
    close: () => batchmon.close(),
  };
}
