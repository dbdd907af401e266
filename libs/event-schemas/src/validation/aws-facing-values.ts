import { EventFamily } from '../eventbridge/event-families';
import type { ValidationIssue } from './describe-issue';

/**
 * Fields whose values the pipeline turns into CloudWatch dimension values (queue, definition,
 * state, compute environment from the cluster, AZ, instance type, launch type, placement failure
 * reason, Auto Scaling group) or DynamoDB key values (job id, container instance ARN), by family.
 * `*` stands for every element of an array. Kept apart from the schemas, which say what an event
 * must hold; this says what of it must be acceptable to AWS further down.
 */
export const AWS_FACING_FIELDS: Readonly<Record<EventFamily, readonly string[]>> = {
  [EventFamily.BatchJobStateChange]: [
    'detail.jobId',
    'detail.jobQueue',
    'detail.jobDefinition',
    'detail.status',
    'detail.container.containerInstanceArn',
    'detail.attempts.*.container.containerInstanceArn',
  ],
  [EventFamily.BatchJobQueueBlocked]: ['detail.jobId', 'detail.jobQueue'],
  [EventFamily.EcsTaskStateChange]: [
    'detail.clusterArn',
    'detail.taskArn',
    'detail.lastStatus',
    'detail.containerInstanceArn',
    'detail.availabilityZone',
    'detail.launchType',
  ],
  [EventFamily.EcsContainerInstanceStateChange]: [
    'detail.clusterArn',
    'detail.containerInstanceArn',
    'detail.ec2InstanceId',
    'detail.status',
    'detail.attributes.*.value',
  ],
  [EventFamily.EcsContainerInstanceRegistrationCall]: [
    'detail.requestParameters.cluster',
    'detail.requestParameters.containerInstance',
    'detail.requestParameters.containerInstanceArn',
    'detail.requestParameters.attributes.*.value',
    'detail.responseElements.containerInstance.containerInstanceArn',
    'detail.responseElements.containerInstance.ec2InstanceId',
    'detail.responseElements.containerInstance.attributes.*.value',
  ],
  [EventFamily.EcsRunTaskCall]: [
    'detail.requestParameters.cluster',
    'detail.requestParameters.launchType',
    'detail.responseElements.tasks.*.taskArn',
    'detail.responseElements.tasks.*.containerInstanceArn',
    'detail.responseElements.tasks.*.availabilityZone',
    'detail.responseElements.failures.*.reason',
  ],
  [EventFamily.AutoScalingGroupCreationCall]: [
    'detail.requestParameters.autoScalingGroupName',
    'detail.requestParameters.availabilityZones.*',
    'detail.requestParameters.mixedInstancesPolicy.launchTemplate.overrides.*.instanceType',
  ],
  [EventFamily.BatchJobSubmissionCall]: ['detail.requestParameters.jobQueue', 'detail.eventID'],
  // Configuration items are keyed by the compute environment's or queue's name.
  [EventFamily.BatchConfigurationCall]: [
    'detail.requestParameters.computeEnvironmentName',
    'detail.requestParameters.computeEnvironment',
    'detail.requestParameters.jobQueueName',
    'detail.requestParameters.jobQueue',
    'detail.requestParameters.computeEnvironmentOrder.*.computeEnvironment',
  ],
  // The group ties the activity to a compute environment; the instance keys its launch.
  [EventFamily.AutoScalingInstanceActivity]: ['detail.AutoScalingGroupName', 'detail.EC2InstanceId'],
};

/**
 * CloudWatch: "Dimension values must contain only ASCII characters … ASCII control characters are
 * not supported", at most 1,024 characters
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_Dimension.html). A DynamoDB
 * sort key holds at most 1,024 bytes, which printable ASCII of that length meets
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html).
 */
export const MAX_AWS_FACING_LENGTH = 1024;

const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;
const NOT_PRINTABLE_ASCII_ALL = /[^\x20-\x7e]/g;

/** Every value at a dotted path, `*` standing for each element of an array, with its concrete path. */
function valuesAt(root: unknown, path: string): { readonly path: string; readonly value: unknown }[] {
  let found: { path: string; value: unknown }[] = [{ path: '', value: root }];
  for (const segment of path.split('.')) {
    const next: { path: string; value: unknown }[] = [];
    for (const { path: at, value } of found) {
      const join = (key: string | number): string => (at === '' ? String(key) : `${at}.${key}`);
      if (segment === '*') {
        if (Array.isArray(value)) value.forEach((element: unknown, index) => next.push({ path: join(index), value: element }));
      } else if (typeof value === 'object' && value !== null && !Array.isArray(value) && segment in value) {
        next.push({ path: join(segment), value: (value as Record<string, unknown>)[segment] });
      }
    }
    found = next;
  }
  return found;
}

function describeUnsafe(value: string): string | undefined {
  const index = value.search(NOT_PRINTABLE_ASCII);
  if (index >= 0) {
    const code = value.codePointAt(index) ?? 0;
    return `character U+${code.toString(16).toUpperCase().padStart(4, '0')} at position ${index}`;
  }
  if (value.length > MAX_AWS_FACING_LENGTH) return `${value.length} characters`;
  return undefined;
}

/**
 * The values of an event of `family` that AWS would refuse once the pipeline makes them CloudWatch
 * dimension values or DynamoDB keys: anything but printable ASCII (control characters included),
 * or longer than {@link MAX_AWS_FACING_LENGTH}. One issue per value, by its field path; the found
 * value is shown JSON-escaped, so control characters cannot reach a log or terminal raw.
 *
 * @example
 * ```ts
 * awsFacingValueIssues(EventFamily.BatchJobStateChange, { detail: { jobQueue: 'q\u0007' } });
 * // [{ path: 'detail.jobQueue', message: 'expected printable ASCII of at most 1024 characters (a CloudWatch dimension value or DynamoDB key), found string "q\u0007" (character U+0007 at position 1)' }]
 * ```
 */
export function awsFacingValueIssues(family: EventFamily, event: unknown): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const field of AWS_FACING_FIELDS[family]) {
    for (const { path, value } of valuesAt(event, field)) {
      if (typeof value !== 'string') continue;
      const problem = describeUnsafe(value);
      if (problem === undefined) continue;
      // JSON escapes C0 controls; the rest of what is not ASCII is escaped too, so the message is plain ASCII.
      const shown = JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}...` : value).replace(
        NOT_PRINTABLE_ASCII_ALL,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
      issues.push({
        path,
        message: `expected printable ASCII of at most ${MAX_AWS_FACING_LENGTH} characters (a CloudWatch dimension value or DynamoDB key), found string ${shown} (${problem})`,
      });
    }
  }
  return issues;
}
