import { emfSeries, parseEmfLine, seriesKey } from '@batchmon/metrics';
import { startLocalBatchmon, type RunSummary } from '@batchmon/local';
import { simulateWorkload, type WorkloadOptions } from '@batchmon/simulator';
import type { DistinctSeries, EmittedWorkload, EmitWorkloadOptions } from './contract-workload';

/**
 * Simulates a workload and runs every event through batchmon running locally (the synthesized
 * stack's workflows and the real metrics Lambda), collecting what it emitted.
 *
 * @example
 * const { series } = await emitWorkload(CONTRACT_WORKLOAD);
 * series.filter((one) => one.metric === 'JobStateTransitions').length; // distinct JobStateTransitions series
 */
export async function emitWorkload(workload: WorkloadOptions, options: EmitWorkloadOptions = {}): Promise<EmittedWorkload> {
  const events = simulateWorkload(workload).events.slice(options.deployedAfterEvents ?? 0);
  const series = new Map<string, DistinctSeries>();
  const fields = new Map<string, Set<string>>();
  const fieldSets = new Map<string, string[]>();
  const lambdaErrors: string[] = [];
  const onEmf = (line: string): void => {
    const record = parseEmfLine(line);
    // What Logs Insights discovers in the line: every top-level member but the EMF metadata.
    const topLevel = [...Object.keys(record.dimensions), ...Object.keys(record.properties), ...record.metrics.map((metric) => metric.name)].sort();
    fieldSets.set(topLevel.join(','), topLevel);
    for (const { namespace, metric, dimensions } of emfSeries(record)) series.set(seriesKey({ namespace, metric, dimensions }), { namespace, metric, dimensions });
    for (const { name } of record.metrics) {
      const known = fields.get(name) ?? new Set<string>();
      for (const field of [...Object.keys(record.dimensions), ...Object.keys(record.properties)]) known.add(field);
      fields.set(name, known);
    }
  };
  const batchmon = await startLocalBatchmon({ onEmf, onLambdaError: (line) => lambdaErrors.push(line), stack: { metricsProfile: options.metricsProfile } });
  const flushEvery = options.flushEvery ?? 250;
  let summary: RunSummary;
  try {
    let ingested = 0;
    for (const event of events) {
      await batchmon.ingest(event);
      ingested += 1;
      // A bounded metrics queue keeps each delivery cheap, as in a replay.
      if (ingested % flushEvery === 0) await batchmon.flush();
    }
    await batchmon.flush();
    summary = batchmon.summary();
  } finally {
    await batchmon.close();
  }
  const fieldsByMetric = Object.fromEntries([...fields].map(([metric, names]) => [metric, [...names].sort()]));
  return { series: [...series.values()], fieldsByMetric, fieldSets: [...fieldSets.values()], summary, lambdaErrors };
}

