import { CloudTrailEventSource, DetailType, EventSource } from '../eventbridge/event-families';
import { SAMPLE } from '../sample-resources/sample-resources';

/**
 * The CloudTrail record fields of a Batch API call made by a person or pipeline through an IAM
 * role (the layout of the AWS Batch User Guide's CloudTrail sample, "Understanding AWS Batch log
 * file entries"): unlike the ECS and Auto Scaling calls Batch makes itself, these come from users.
 */
export function sampleCallerRecord(eventName: string, eventTime: string, eventID: string) {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEPIPELINE:pipeline',
      arn: `arn:aws:sts::${SAMPLE.account}:assumed-role/BatchPipeline/pipeline`,
      accountId: SAMPLE.account,
    },
    eventTime,
    eventSource: CloudTrailEventSource.Batch,
    eventName,
    awsRegion: SAMPLE.region,
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-sdk-js/3.0.0',
    requestID: `${eventID.slice(0, 8)}-0000-4000-8000-000000000000`,
    eventID,
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: SAMPLE.account,
    eventCategory: 'Management',
  };
}

/** What {@link sampleBatchCallEvent} builds a call from. */
export interface SampleBatchCall {
  readonly eventName: string;
  readonly time: string;
  /** CloudTrail's `eventID`; the EventBridge event's id is derived from it, its first character replaced by `idPrefix`. */
  readonly eventId: string;
  readonly idPrefix: string;
  /** A refused call: `errorCode` and `errorMessage` are set and `responseElements` is null. */
  readonly errorCode?: string;
  readonly requestParameters: unknown;
  /** Batch's answer to a call it accepted. */
  readonly responseElements: unknown;
}

/**
 * The EventBridge "AWS API Call via CloudTrail" event of a user's Batch API call: the envelope
 * and {@link sampleCallerRecord}'s record, with the call's request and response.
 */
export function sampleBatchCallEvent(call: SampleBatchCall) {
  return {
    version: '0',
    id: `${call.idPrefix}${call.eventId.slice(1)}`,
    'detail-type': DetailType.AwsApiCallViaCloudTrail,
    source: EventSource.Batch,
    account: SAMPLE.account,
    time: call.time,
    region: SAMPLE.region,
    resources: [],
    detail: {
      ...sampleCallerRecord(call.eventName, call.time, call.eventId),
      ...(call.errorCode === undefined ? {} : { errorCode: call.errorCode, errorMessage: `${call.errorCode} (sample)` }),
      requestParameters: call.requestParameters,
      responseElements: call.errorCode === undefined ? call.responseElements : null,
    },
  };
}
