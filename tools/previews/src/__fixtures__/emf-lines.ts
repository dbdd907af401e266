import { LocalMetrics } from '../series/local-metrics';

/** What one test EMF line holds. */
export interface TestRecord {
  readonly metric: string;
  readonly value: number | readonly number[];
  /** Dimension values; every key is published under each set of `sets`. */
  readonly dimensions?: Readonly<Record<string, string>>;
  /** @default - one set with every key of `dimensions` */
  readonly sets?: readonly (readonly string[])[];
  /** ISO time or epoch milliseconds. */
  readonly at: string | number;
  readonly properties?: Readonly<Record<string, unknown>>;
  /** @default 'AWSBatchMetrics' */
  readonly namespace?: string;
}

/** An EMF line as the metrics Lambda writes it. */
export function emfLine(record: TestRecord): string {
  const dimensions = record.dimensions ?? {};
  return JSON.stringify({
    ...record.properties,
    ...dimensions,
    _aws: {
      Timestamp: typeof record.at === 'number' ? record.at : Date.parse(record.at),
      CloudWatchMetrics: [{ Namespace: record.namespace ?? 'AWSBatchMetrics', Dimensions: record.sets ?? [Object.keys(dimensions)], Metrics: [{ Name: record.metric, Unit: 'Count' }] }],
    },
    [record.metric]: record.value,
  });
}

/** Local metrics read from test records. */
export function localMetrics(records: readonly TestRecord[]): LocalMetrics {
  return LocalMetrics.fromEmfLines(records.map(emfLine), 'AWSBatchMetrics');
}

/** Epoch milliseconds of `08:MM:SS` on 2024-05-01 (UTC). */
export const at = (time: string): number => Date.parse(`2024-05-01T08:${time}Z`);

/** 2024-05-01 08:00 to 09:00 UTC. */
export const HOUR = { start: at('00:00'), end: at('00:00') + 3_600_000 };
