import { EVENT_FAMILIES, type EventFamily } from '../eventbridge/event-families';
import { eventSchemas, type EventOfFamily } from '../event-catalog/event-catalog';
import { awsFacingValueIssues } from './aws-facing-values';
import { describeIssue, describeValue, type ValidationIssue } from './describe-issue';
import { familyOf } from './family-of';

/** A valid event, typed by its family: narrowing on `family` narrows `event`. */
export type ValidEvent = { [F in EventFamily]: { readonly ok: true; readonly family: F; readonly event: EventOfFamily[F] } }[EventFamily];

/** An invalid event: its family when it could be classified, and every reason it failed. */
export interface InvalidEvent {
  readonly ok: false;
  readonly family?: EventFamily;
  readonly issues: readonly ValidationIssue[];
}

/** What {@link validateEvent} returns. */
export type EventValidation = ValidEvent | InvalidEvent;

function fieldOf(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function unclassified(event: unknown): InvalidEvent {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return { ok: false, issues: [{ path: '', message: `expected an EventBridge event object, found ${describeValue(event)}` }] };
  }
  const detail = fieldOf(event, 'detail');
  const cloudTrail = fieldOf(event, 'detail-type') === 'AWS API Call via CloudTrail';
  return {
    ok: false,
    issues: [
      {
        path: '',
        message:
          `expected an event of one of the families ${EVENT_FAMILIES.join(', ')}; found source ` +
          `${describeValue(fieldOf(event, 'source'))}, detail-type ${describeValue(fieldOf(event, 'detail-type'))}` +
          (cloudTrail
            ? `, detail.eventSource ${describeValue(fieldOf(detail, 'eventSource'))}, detail.eventName ${describeValue(fieldOf(detail, 'eventName'))}`
            : ''),
      },
    ],
  };
}

function validateAs<F extends EventFamily>(family: F, event: unknown): EventValidation {
  const parsed = eventSchemas[family].safeParse(event, { reportInput: true });
  if (!parsed.success) return { ok: false, family, issues: parsed.error.issues.map(describeIssue) };
  const unsafe = awsFacingValueIssues(family, parsed.data);
  if (unsafe.length > 0) return { ok: false, family, issues: unsafe };
  // The schema of family F produced this value, so it is EventOfFamily[F]; TypeScript cannot follow
  // the correlation through the indexed schema table.
  return { ok: true, family, event: parsed.data } as ValidEvent;
}

/**
 * Classifies an event and validates it against its family's schema, then checks that the values
 * the pipeline makes CloudWatch dimensions or DynamoDB keys are ones AWS accepts
 * ({@link awsFacingValueIssues}).
 *
 * Every failure names the field by its dotted path and says what was expected and what was found,
 * so a skipped event can be counted and explained.
 *
 * @example
 * ```ts
 * const result = validateEvent(event);
 * if (result.ok && result.family === EventFamily.BatchJobStateChange) {
 *   result.event.detail.status; // typed as JobStatus
 * } else if (!result.ok) {
 *   console.warn(result.issues); // [{ path: 'detail.jobQueue', message: 'expected string, found undefined (field missing)' }]
 * }
 * ```
 */
export function validateEvent(event: unknown): EventValidation {
  const family = familyOf(event);
  return family === undefined ? unclassified(event) : validateAs(family, event);
}
