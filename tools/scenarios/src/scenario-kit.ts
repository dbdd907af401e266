import { synthesizeTemplate } from '@batchmon/infra';
import { parseEmfLine, type EmfLine, type MetricsProfile } from '@batchmon/metrics';
import { loadTemplate } from '@batchmon/emulator';
import { startLocalBatchmon, type LocalBatchmon } from '@batchmon/local';
import { ScenarioBackendError } from './errors';
import { effectiveBackend, type ContainerBackendName } from './backends/backend-name';
import { publishedEndpoints } from './backends/endpoints';

/** A local batchmon for one scenario, with helpers to read what it emitted. */
export interface Scenario {
  readonly batchmon: LocalBatchmon;
  /** Ingests events in order, then delivers the metric messages. */
  run(...events: unknown[]): Promise<void>;
  /** Every EMF line emitted so far, parsed. */
  records(): EmfLine[];
  /** The EMF lines of one metric. */
  recordsOf(metric: string): EmfLine[];
}

/**
 * Starts a scenario; `close()` it in afterEach/afterAll. Scenarios run the `detailed` metrics
 * profile unless told otherwise: it publishes every dimension set of the catalog (the essential
 * ones among them), so a scenario can check any set a record fills. `recordHistory` keeps each
 * execution's history (state inputs and outputs).
 *
 * The backend is the one `BATCHMON_EMULATOR` chooses (embedded unless told otherwise); on a
 * container backend `batchmon` is the same interface over the deployed stack.
 */
export async function startScenario(
  options: { readonly metricsProfile?: MetricsProfile; readonly recordHistory?: boolean } = {},
): Promise<Scenario & { close(): Promise<void> }> {
  const stack = { metricsProfile: options.metricsProfile ?? 'detailed' } as const;
  const backend = effectiveBackend();
  const batchmon =
    backend === 'embedded'
      ? await startLocalBatchmon({ stack, ...(options.recordHistory === undefined ? {} : { recordHistory: options.recordHistory }) })
      : await startContainerBatchmon(backend, stack);
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

/** The stack deployed on a container backend whose containers the Jest global setup started. */
async function startContainerBatchmon(name: ContainerBackendName, stack: { readonly metricsProfile: MetricsProfile }): Promise<LocalBatchmon> {
  const endpoints = publishedEndpoints();
  if (endpoints === undefined) {
    throw new ScenarioBackendError(`BATCHMON_EMULATOR=${name}: expected the containers' endpoints from the Jest global setup, found none (run the suite with tools/scenarios/jest.config.cjs)`);
  }
  // Loaded only here: an embedded run needs none of the SDK clients, esbuild or the containers' code.
  const [{ startContainerBackend }, { batchmonOn }] = await Promise.all([import('./backends/container-backend'), import('./backends/backend-batchmon')]);
  const template = loadTemplate(synthesizeTemplate({ ...stack }));
  return batchmonOn(await startContainerBackend({ name, endpoints, template }), template);
}
