import { parseEmfLine, type EmfLine } from './parse-emf-line';

/** One datapoint as CloudWatch stores it: a metric under one dimension set, at one time. */
export interface EmfDatapoint {
  readonly namespace: string;
  readonly metric: string;
  /** The dimension set's keys with their values; `{}` for the metric without dimensions. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly value: number;
  readonly unit: string;
}

/**
 * Expands an EMF line into the datapoints CloudWatch extracts from it: one per metric and
 * dimension set (and per value when a metric holds an array of values). This is what dashboards
 * and alarms see, so local tooling builds its series from it.
 *
 * A directive with an empty `Dimensions` list yields nothing here; the emitter never writes one
 * (it writes `[[]]`, one set without keys, for a metric without dimensions).
 *
 * @throws {EmfParseError} when the line is malformed (see {@link parseEmfLine})
 *
 * @example
 * emfSeries(line);
 * // [{ namespace: 'AWSBatchMetrics', metric: 'JobStateTransitions', dimensions: { State: 'RUNNING' }, timestamp: 1717000000000, value: 1, unit: 'Count' }, …]
 */
export function emfSeries(line: string | EmfLine): EmfDatapoint[] {
  const parsed = typeof line === 'string' ? parseEmfLine(line) : line;
  const datapoints: EmfDatapoint[] = [];
  for (const metric of parsed.metrics) {
    const values = typeof metric.value === 'number' ? [metric.value] : metric.value;
    for (const keys of parsed.dimensionSets) {
      const dimensions: Record<string, string> = {};
      for (const key of keys) {
        const value = parsed.dimensions[key];
        // parseEmfLine guarantees every key has a value; skip defensively rather than assert.
        if (value !== undefined) dimensions[key] = value;
      }
      for (const value of values) {
        datapoints.push({
          namespace: parsed.namespace,
          metric: metric.name,
          dimensions,
          timestamp: parsed.timestamp,
          value,
          unit: metric.unit,
        });
      }
    }
  }
  return datapoints;
}

/**
 * Identifies a CloudWatch metric (namespace, name, dimension set and values) as one string, with
 * dimensions sorted by key as CloudWatch treats them (order does not make another metric).
 *
 * @example
 * seriesKey({ namespace: 'AWSBatchMetrics', metric: 'JobStateTransitions', dimensions: { State: 'RUNNING', JobQueue: 'high' } });
 * // 'AWSBatchMetrics/JobStateTransitions{JobQueue=high,State=RUNNING}'
 */
export function seriesKey(series: Pick<EmfDatapoint, 'namespace' | 'metric' | 'dimensions'>): string {
  const dimensions = Object.keys(series.dimensions)
    .sort()
    .map((key) => `${key}=${series.dimensions[key] ?? ''}`)
    .join(',');
  return `${series.namespace}/${series.metric}{${dimensions}}`;
}
