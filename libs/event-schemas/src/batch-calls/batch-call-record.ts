import { CloudTrailEventSource } from '../eventbridge/event-families';
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
