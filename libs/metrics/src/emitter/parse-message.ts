import { metricMessageSchema, type MetricMessage } from '../records/metric-record';
import { describeIssue, type FieldProblem } from '../validation/describe-issue';

/** The outcome of reading one metrics-queue message body. */
export type ParsedMessage =
  | { readonly ok: true; readonly message: MetricMessage }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

/**
 * Reads one SQS message body as a {@link MetricMessage}: JSON first, then the schema. Problems
 * come back as values, never thrown, because one bad message must not fail its batch.
 *
 * @example
 * parseMetricMessage('{"source":"job-states","records":[]}'); // { ok: true, message: { source: 'job-states', records: [] } }
 * parseMetricMessage('nope'); // { ok: false, problems: [{ path: 'body', reason: 'expected JSON, found …' }] }
 */
export function parseMetricMessage(body: string): ParsedMessage {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, problems: [{ path: 'body', reason: `expected JSON, found invalid JSON (${detail})` }] };
  }
  const result = metricMessageSchema.safeParse(json);
  if (result.success) return { ok: true, message: result.data };
  return { ok: false, problems: result.error.issues.map((issue) => describeIssue(issue, json)) };
}
