import type { EventPattern } from '@batchmon/event-schemas';
import { StackConfigurationError } from '../errors';

/**
 * The one event pattern an EventBridge archive can take that matches exactly the events batchmon's
 * rules match: the rules' patterns as the branches of a top-level `$or`.
 *
 * An archive has a single pattern (EventBridge creates a managed rule on the bus with it), and the
 * rules differ in more than one field (source, detail-type, eventName, cluster filters), so no
 * single pattern without `$or` expresses their union: merging them field by field would also
 * archive events no rule matches (e.g. Job State Change filters crossed with Task State Change
 * sources). `$or` takes whole sub-patterns, so each rule's pattern stays as it is.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html (`$or` may take whole sub-patterns)
 *
 * @example
 * archivePattern(WORKFLOWS.flatMap((workflow) => workflow.patterns));
 * // { $or: [{ source: ['aws.ecs'], … }, { source: ['aws.batch'], 'detail-type': ['Batch Job State Change'] }, …] }
 */
export function archivePattern(patterns: readonly EventPattern[]): EventPattern {
  const [first, ...others] = patterns;
  if (first === undefined) throw new StackConfigurationError('archivePattern: expected at least one rule pattern, found none');
  return others.length === 0 ? first : { $or: [...patterns] };
}

/**
 * Checks an archive retention: a whole number of days, at least 1. (EventBridge reads 0 as
 * "indefinitely", a cost users should choose knowingly, by editing the archive.)
 *
 * @throws {StackConfigurationError} naming the value found, when it is not a positive integer
 * @example
 * archiveRetentionDays(30); // 30
 */
export function archiveRetentionDays(days: number): number {
  if (!Number.isInteger(days) || days < 1) {
    throw new StackConfigurationError(`archiveRetentionDays: expected a whole number of days, at least 1, found ${String(days)}`);
  }
  return days;
}
