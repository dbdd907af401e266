import { z } from 'zod';
import { DetailType } from './event-families';

/**
 * Builds the schema of an EventBridge event: the envelope every AWS service event shares, around a
 * family-specific `detail`.
 *
 * Only what the pipeline needs is required: `id` (logs, idempotency keys), `source` and
 * `detail-type` (classification), `time` (the metric timestamp) and `detail`. `account`, `region`,
 * `resources` and `version` are always sent by AWS but nothing depends on them, so they stay optional.
 * Unknown fields pass through: AWS adds fields without notice.
 *
 * @example
 * ```ts
 * const schema = eventBridgeEventSchema('aws.batch', 'Batch Job State Change', z.looseObject({ jobId: z.string() }));
 * ```
 */
export function eventBridgeEventSchema<S extends string, D extends string, T extends z.ZodType>(
  source: S,
  detailType: D,
  detail: T,
) {
  return z.looseObject({
    version: z.string().optional(),
    id: z.string().min(1),
    'detail-type': z.literal(detailType),
    source: z.literal(source),
    account: z.string().optional(),
    time: z.iso.datetime({ offset: true }),
    region: z.string().optional(),
    resources: z.array(z.string()).optional(),
    detail,
  });
}

/**
 * The fields of a CloudTrail record that every `AWS API Call via CloudTrail` detail carries, minus
 * `eventSource`, `eventName`, `requestParameters` and `responseElements`, which each family types.
 *
 * `errorCode`/`errorMessage` are present only when the call failed; a failed call usually has
 * `responseElements: null`.
 */
export const cloudTrailRecordShape = {
  eventVersion: z.string().optional(),
  userIdentity: z.looseObject({}).optional(),
  eventTime: z.string().optional(),
  awsRegion: z.string().optional(),
  sourceIPAddress: z.string().optional(),
  userAgent: z.string().optional(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  requestID: z.string().optional(),
  eventID: z.string().optional(),
  eventType: z.string().optional(),
  readOnly: z.boolean().optional(),
  managementEvent: z.boolean().optional(),
  recipientAccountId: z.string().optional(),
  eventCategory: z.string().optional(),
};

/**
 * Builds the schema of an `AWS API Call via CloudTrail` event from a given source around a CloudTrail
 * detail schema.
 *
 * @example
 * ```ts
 * const schema = cloudTrailCallSchema('aws.ecs', z.looseObject({ ...cloudTrailRecordShape, eventName: z.literal('RunTask') }));
 * ```
 */
export function cloudTrailCallSchema<S extends string, T extends z.ZodType>(source: S, detail: T) {
  return eventBridgeEventSchema(source, DetailType.AwsApiCallViaCloudTrail, detail);
}

/**
 * The value CloudTrail records in place of sensitive request fields (for ECS, override environment
 * values among others).
 */
export const CLOUDTRAIL_REDACTED = 'HIDDEN_DUE_TO_SECURITY_REASONS';

/**
 * Builds the schema of a CloudTrail `detail` for one API call: the common record fields, the
 * service and action as literals, and typed `requestParameters`/`responseElements`.
 * `responseElements` may be `null` or absent (failed calls, or actions without a response body).
 *
 * @example
 * ```ts
 * cloudTrailDetailSchema('ecs.amazonaws.com', 'RunTask', z.looseObject({ cluster: z.string() }), z.looseObject({}));
 * ```
 */
export function cloudTrailDetailSchema<
  ES extends string,
  EN extends string,
  Req extends z.ZodType,
  Res extends z.ZodType,
>(eventSource: ES, eventName: EN, requestParameters: Req, responseElements: Res) {
  return z.looseObject({
    ...cloudTrailRecordShape,
    eventSource: z.literal(eventSource),
    eventName: z.literal(eventName),
    requestParameters,
    responseElements: responseElements.nullable().optional(),
  });
}
