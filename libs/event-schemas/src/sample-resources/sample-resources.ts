// The fictitious account and resources the builders place their events in. One place, so that
// events built by different builders correlate with each other (same cluster, same instance, same
// job) the way real events of one job do.

/** Account, region and resource names the builders use unless told otherwise. */
export const SAMPLE = {
  account: '123456789012',
  region: 'us-east-1',
  availabilityZone: 'us-east-1a',
  computeEnvironment: 'batchmon-ce',
  clusterUuid: '6f0b2c1e-8d3a-4e5f-9a7b-1c2d3e4f5a6b',
  jobQueue: 'batchmon-queue',
  jobDefinition: 'batchmon-job',
  jobDefinitionRevision: 3,
  jobId: '4c7599ae-0a82-49aa-ba5a-4727fcce14a8',
  jobName: 'batchmon-sample-job',
  containerInstanceId: '0b1a4979384640e3846fb63a9ad545b0',
  taskId: 'c13b4cb40f1f4fe4a2971f76ae5a47ad',
  ec2InstanceId: 'i-0123456789abcdef0',
  instanceType: 'm5.xlarge',
  cpuArchitecture: 'x86_64',
  amiId: 'ami-0abcdef1234567890',
  launchTemplateUuid: '92be90d0-d718-3bba-878c-9f0be8f476e1',
  /** The moment the sample events describe; earlier transitions are placed before it. */
  time: '2024-05-01T12:00:00Z',
} as const;

/** `arn:aws:<service>:<region>:<account>:<resource>` in the sample account. */
export function sampleArn(service: string, resource: string): string {
  return `arn:aws:${service}:${SAMPLE.region}:${SAMPLE.account}:${resource}`;
}

/** The current-format name of the cluster Batch created for a compute environment. */
export function sampleBatchClusterName(computeEnvironment: string = SAMPLE.computeEnvironment): string {
  return `AWSBatch-${computeEnvironment}-${SAMPLE.clusterUuid}`;
}

/** The ARN of {@link sampleBatchClusterName}. */
export function sampleBatchClusterArn(computeEnvironment: string = SAMPLE.computeEnvironment): string {
  return sampleArn('ecs', `cluster/${sampleBatchClusterName(computeEnvironment)}`);
}

/** A container instance ARN in the long format, which names its cluster. */
export function sampleContainerInstanceArn(
  clusterNameValue: string = sampleBatchClusterName(),
  id: string = SAMPLE.containerInstanceId,
): string {
  return sampleArn('ecs', `container-instance/${clusterNameValue}/${id}`);
}

/** A task ARN in the long format, which names its cluster. */
export function sampleTaskArn(clusterNameValue: string = sampleBatchClusterName(), id: string = SAMPLE.taskId): string {
  return sampleArn('ecs', `task/${clusterNameValue}/${id}`);
}

/** ISO time `seconds` before {@link SAMPLE.time}. */
export function sampleTimeBefore(seconds: number): string {
  return new Date(Date.parse(SAMPLE.time) - seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** Epoch milliseconds `seconds` before {@link SAMPLE.time} (Batch reports times this way). */
export function sampleEpochMillisBefore(seconds: number): number {
  return Date.parse(SAMPLE.time) - seconds * 1000;
}

/**
 * The CloudTrail record fields of a call that AWS Batch makes on the user's behalf through its
 * service-linked role. The identity layout follows the CloudTrail userIdentity reference; the exact
 * values Batch produces were not verified against a live trail.
 */
export function sampleCloudTrailRecord(eventSource: string, eventName: string, eventTime: string = SAMPLE.time) {
  return {
    eventVersion: '1.08',
    userIdentity: {
      type: 'AssumedRole',
      principalId: 'AROAEXAMPLEBATCHROLE:aws-batch',
      arn: `arn:aws:sts::${SAMPLE.account}:assumed-role/AWSServiceRoleForBatch/aws-batch`,
      accountId: SAMPLE.account,
      invokedBy: 'batch.amazonaws.com',
    },
    eventTime,
    eventSource,
    eventName,
    awsRegion: SAMPLE.region,
    sourceIPAddress: 'batch.amazonaws.com',
    userAgent: 'batch.amazonaws.com',
    requestID: '1c5f3b2e-7a9d-4e6f-8b0c-2d4e6f8a0b1c',
    eventID: '9e8d7c6b-5a4f-4e3d-a2c1-b0a9f8e7d6c5',
    readOnly: false,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: SAMPLE.account,
    eventCategory: 'Management',
  };
}
