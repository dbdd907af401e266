import { emfSeries, EmfParseError, parseEmfLine, type EmfDatapoint } from '@batchmon/metrics';
import { EmfInputError } from '../errors';

/** One EMF line as CloudWatch Logs stores it: the fields Logs Insights discovers, and its time. */
export interface LogRecord {
  /** `@timestamp`: the line's `_aws.Timestamp`, epoch milliseconds. */
  readonly timestamp: number;
  /** Every top-level member but `_aws`: dimensions, properties and metric values. */
  readonly fields: Readonly<Record<string, unknown>>;
}

/**
 * The metrics and log records a local run emitted, read from its EMF lines: the datapoints of one
 * namespace indexed by metric name (what dashboards query) and every line as a log record (what
 * Logs Insights widgets query).
 */
export class LocalMetrics {
  private readonly byMetric = new Map<string, EmfDatapoint[]>();

  private constructor(
    /** Datapoints of the namespace, in input order. */
    readonly datapoints: readonly EmfDatapoint[],
    /** Every EMF line as a log record (whatever its namespace: they share the Lambda's log group). */
    readonly records: readonly LogRecord[],
    /** Datapoints of other namespaces, ignored. */
    readonly otherNamespaceDatapoints: number,
  ) {
    for (const datapoint of datapoints) {
      const list = this.byMetric.get(datapoint.metric);
      if (list) list.push(datapoint);
      else this.byMetric.set(datapoint.metric, [datapoint]);
    }
  }

  /**
   * Reads EMF lines (blank lines are skipped).
   *
   * @throws {EmfInputError} naming the first line that is not an EMF document
   *
   * @example
   * const metrics = LocalMetrics.fromEmfLines(readFileSync('out/emf.jsonl', 'utf8').split('\n'), 'AWSBatchMetrics');
   * metrics.datapointsOf('JobStateTransitions').length;
   */
  static fromEmfLines(lines: Iterable<string>, namespace: string): LocalMetrics {
    const datapoints: EmfDatapoint[] = [];
    const records: LogRecord[] = [];
    let other = 0;
    let position = 0;
    for (const line of lines) {
      position += 1;
      if (line.trim().length === 0) continue;
      let parsed;
      try {
        parsed = parseEmfLine(line);
      } catch (error) {
        if (error instanceof EmfParseError) throw new EmfInputError(position, error.message);
        throw error;
      }
      const values = Object.fromEntries(parsed.metrics.map((metric) => [metric.name, metric.value]));
      records.push({ timestamp: parsed.timestamp, fields: { ...parsed.properties, ...parsed.dimensions, ...values } });
      for (const datapoint of emfSeries(parsed)) {
        if (datapoint.namespace === namespace) datapoints.push(datapoint);
        else other += 1;
      }
    }
    return new LocalMetrics(datapoints, records, other);
  }

  /** The datapoints of one metric (every dimension set). */
  datapointsOf(metric: string): readonly EmfDatapoint[] {
    return this.byMetric.get(metric) ?? [];
  }
}
