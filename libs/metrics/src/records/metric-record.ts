import { z } from 'zod';
import { DIMENSIONS, METRIC_NAMES, type DimensionOf, type MetricName } from '../catalog/catalog';

/**
 * A metric record: one observation of one catalog metric, as the workflows send it to the
 * metrics queue. Dimension values may be raw AWS identifiers (queue ARN, job definition ARN with
 * revision, ECS cluster name or ARN): the emitter normalizes them to bounded names.
 */
export const metricRecordSchema = z.object({
  metric: z.enum(METRIC_NAMES as [MetricName, ...MetricName[]]),
  value: z.number().finite(),
  /** The time of the AWS event the record comes from (ISO 8601); the metric is stamped with it. */
  time: z.iso.datetime({ offset: true }),
  dimensions: z.partialRecord(z.enum(DIMENSIONS), z.string()).default({}),
  /** Context written beside the metric (searchable in CloudWatch Logs Insights), e.g. the job id. */
  properties: z.record(z.string(), z.unknown()).optional(),
});

/** A metric record (see {@link metricRecordSchema}). */
export type MetricRecord = z.infer<typeof metricRecordSchema>;

/** The body of one message on the metrics queue: the records one workflow execution produced. */
export const metricMessageSchema = z.object({
  /** Name of the workflow that produced the records. */
  source: z.string().min(1),
  records: z.array(metricRecordSchema),
});

/** The body of one message on the metrics queue (see {@link metricMessageSchema}). */
export type MetricMessage = z.infer<typeof metricMessageSchema>;

/** A typed record for metric `M`: only dimension keys that `M` is published under type-check. */
export interface TypedMetricRecord<M extends MetricName> {
  readonly metric: M;
  readonly value: number;
  readonly time: string;
  readonly dimensions: Partial<Record<DimensionOf<M>, string>>;
  readonly properties?: Record<string, unknown>;
}
