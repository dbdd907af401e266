import type { Json, Retrier, TaskState } from './asl';
import { WorkflowDefinitionError } from '../errors';

/**
 * What a Task's permission is granted on, as its Parameters name it (before any ARN is known): the
 * table or index a DynamoDB call reads or writes, the queue a message goes to, the Auto Scaling
 * group a call changes (`*` when the group comes from the event), or every resource, for the
 * calls that take no resource-level permission.
 */
export type PermissionTarget =
  | { readonly type: 'table'; readonly tableName: string }
  | { readonly type: 'index'; readonly tableName: string; readonly indexName: string }
  | { readonly type: 'queue'; readonly queueUrl: string }
  | { readonly type: 'autoScalingGroup'; readonly groupName: string }
  | { readonly type: 'any' };

/** A Task state's Parameters, as an object (the builders below always give one). */
export type TaskParameters = { readonly [field: string]: Json | undefined };

/** One service integration: its Task resource, the IAM action it is authorized by and what that action is granted on. */
interface IntegrationSpec {
  /** The Task's Resource after `arn:<partition>:states:::`. */
  readonly resource: string;
  /** The IAM action the call needs ("Actions, resources, and condition keys", Service Authorization Reference). */
  readonly action: `${string}:${string}`;
  /** What the action is granted on, read from the Task's Parameters; `where` names the state, for errors. */
  readonly target: (parameters: TaskParameters, where: string) => PermissionTarget;
}

/**
 * A field of a Task's Parameters that names a resource: it must be a literal, since a policy is
 * scoped to it before any execution runs.
 */
function literalField(parameters: TaskParameters, field: string, where: string): string {
  const value = parameters[field];
  if (typeof value === 'string' && value !== '') return value;
  const dynamic = parameters[`${field}.$`];
  const found = dynamic === undefined ? JSON.stringify(value) : `the JSONPath ${JSON.stringify(dynamic)}`;
  throw new WorkflowDefinitionError(`${where}: Parameters.${field}: expected a literal name the policy can be scoped to, found ${found ?? 'nothing'}`);
}

const onTable = (parameters: TaskParameters, where: string): PermissionTarget => ({ type: 'table', tableName: literalField(parameters, 'TableName', where) });

/**
 * The service integrations the workflows call (no Lambda), by short name. Each knows the IAM action
 * it needs and reads what that action is granted on from the Task's Parameters, as CDK's task
 * constructs do: the stack grants exactly what {@link definitionPermissions} derives from them.
 *
 * Actions and resource types: "Actions, resources, and condition keys for Amazon DynamoDB"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html:
 * a Query of an index is authorized on the index's ARN, `<table ARN>/index/<name>`), "… for Amazon
 * SQS" (queue ARN) and "… for Amazon EC2 Auto Scaling"
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonec2autoscaling.html:
 * EnableMetricsCollection on the `autoScalingGroup` resource type; DescribeAutoScalingGroups has no
 * resource type, so it is granted on `*`).
 */
export const TASK_INTEGRATIONS = {
  getItem: { resource: 'dynamodb:getItem', action: 'dynamodb:GetItem', target: onTable },
  putItem: { resource: 'dynamodb:putItem', action: 'dynamodb:PutItem', target: onTable },
  updateItem: { resource: 'dynamodb:updateItem', action: 'dynamodb:UpdateItem', target: onTable },
  query: {
    resource: 'aws-sdk:dynamodb:query',
    action: 'dynamodb:Query',
    target: (parameters, where) =>
      parameters['IndexName'] === undefined
        ? onTable(parameters, where)
        : { type: 'index', tableName: literalField(parameters, 'TableName', where), indexName: literalField(parameters, 'IndexName', where) },
  },
  scan: {
    resource: 'aws-sdk:dynamodb:scan',
    action: 'dynamodb:Scan',
    target: (parameters, where) =>
      parameters['IndexName'] === undefined
        ? onTable(parameters, where)
        : { type: 'index', tableName: literalField(parameters, 'TableName', where), indexName: literalField(parameters, 'IndexName', where) },
  },
  sendMessage: { resource: 'sqs:sendMessage', action: 'sqs:SendMessage', target: (parameters, where) => ({ type: 'queue', queueUrl: literalField(parameters, 'QueueUrl', where) }) },
  enableMetricsCollection: {
    resource: 'aws-sdk:autoscaling:enableMetricsCollection',
    action: 'autoscaling:EnableMetricsCollection',
    // A group named by the event is any group: the policy can only be narrowed to a literal name.
    target: (parameters, where) => ({
      type: 'autoScalingGroup',
      groupName: parameters['AutoScalingGroupName.$'] === undefined ? literalField(parameters, 'AutoScalingGroupName', where) : '*',
    }),
  },
  describeAutoScalingGroups: { resource: 'aws-sdk:autoscaling:describeAutoScalingGroups', action: 'autoscaling:DescribeAutoScalingGroups', target: () => ({ type: 'any' }) },
} as const satisfies Readonly<Record<string, IntegrationSpec>>;

/** Short name of an integration the workflows call. */
export type Integration = keyof typeof TASK_INTEGRATIONS;

/** What every workflow definition needs to name its Task resources. */
export interface PartitionResources {
  /**
   * The AWS partition the state machine runs in (`aws`, `aws-cn`, `aws-us-gov`): the stack passes
   * the `AWS::Partition` token. A Task's Resource is `arn:<partition>:states:::<service>:<action>`,
   * so an ARN written for `aws` names no integration in China or GovCloud ("Amazon Resource Names",
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html).
   */
  readonly partition: string;
}

/**
 * The Resource ARN of a direct service integration in `partition`.
 *
 * @example
 * integrationArn('aws-cn', 'getItem'); // 'arn:aws-cn:states:::dynamodb:getItem'
 */
export function integrationArn(partition: string, integration: Integration): string {
  return `arn:${partition}:states:::${TASK_INTEGRATIONS[integration].resource}`;
}

/**
 * Every integration's Resource ARN in `partition`.
 *
 * @example
 * integrationArns('aws').putItem; // 'arn:aws:states:::dynamodb:putItem' (what the local emulator resolves AWS::Partition to)
 */
export function integrationArns(partition: string): Readonly<Record<Integration, string>> {
  const entries = (Object.keys(TASK_INTEGRATIONS) as Integration[]).map((integration) => [integration, integrationArn(partition, integration)] as const);
  return Object.fromEntries(entries) as Record<Integration, string>;
}

/**
 * The integration a Task's Resource ARN names, in any partition (the stack's is a token).
 *
 * @example
 * integrationOf('arn:aws-cn:states:::dynamodb:getItem', 'Look up the instance'); // 'getItem'
 */
export function integrationOf(resource: string, where: string): Integration {
  const named = /^arn:.+?:states:::(?<name>.+)$/.exec(resource)?.groups?.['name'];
  const integration = (Object.keys(TASK_INTEGRATIONS) as Integration[]).find((key) => TASK_INTEGRATIONS[key].resource === named);
  if (integration === undefined) {
    const known = Object.values(TASK_INTEGRATIONS).map((spec) => spec.resource).join(', ');
    throw new WorkflowDefinitionError(`${where}: Resource: expected arn:<partition>:states::: and one of ${known}, found ${JSON.stringify(resource)}`);
  }
  return integration;
}

/**
 * The integrations' ARNs in the `aws` partition: what a definition built for `aws` names, and what
 * the local emulator sees once it resolves `AWS::Partition` (for fault injection and tests).
 * Definitions take their partition from {@link PartitionResources}; the stack passes its own.
 */
export const INTEGRATIONS = integrationArns('aws');

/**
 * A field of an API request given from a JSONPath: `<field>.$`, as Step Functions takes it.
 * A resource-naming field (TableName, IndexName, QueueUrl) has no such form: IAM is scoped to it.
 */
type FromPath<T> = { readonly [K in keyof T as `${K & string}.$`]?: string };
/** An API request's fields, each given literally or from a JSONPath. */
type Request<T> = { readonly [K in keyof T]?: T[K] } & FromPath<T>;

/**
 * A DynamoDB attribute value ("AttributeValue", DynamoDB API Reference), literal or from a JSONPath
 * (`S.$`, `N.$`; `SS.$`, a string set from a path to a list, or `States.Array(…)`); see {@link str} and {@link num}.
 */
export type AttributeValue =
  | { readonly S: string }
  | { readonly 'S.$': string }
  | { readonly N: string }
  | { readonly 'N.$': string }
  | { readonly BOOL: boolean }
  | { readonly NULL: true }
  | { readonly M: AttributeMap }
  | { readonly 'M.$': string }
  | { readonly 'SS.$': string };

/** Attribute values by attribute name (an item's key) or by placeholder (`:value`). */
export type AttributeMap = { readonly [name: string]: AttributeValue };

/**
 * Expression attribute names by placeholder: `#name` → attribute name, or `#name.$` → a JSONPath
 * to it (an attribute named after the event, such as `task#<id>`).
 */
export type AttributeNames = { readonly [placeholder: string]: string };

/** DynamoDB's ReturnValues. */
export type ReturnValues = 'NONE' | 'ALL_OLD' | 'UPDATED_OLD' | 'ALL_NEW' | 'UPDATED_NEW';

/** The fields of a Task state other than its Type, Resource and Parameters. */
export type TaskFields = Omit<TaskState, 'Type' | 'Resource' | 'Parameters'>;

/** Parameters of {@link getItem}: the GetItem request (DynamoDB API Reference). */
export interface GetItemParameters {
  readonly TableName: string;
  readonly Key: AttributeMap;
  readonly ProjectionExpression?: string;
  readonly ExpressionAttributeNames?: AttributeNames;
  /** @default false (eventually consistent, half the read units) */
  readonly ConsistentRead?: boolean;
}

/**
 * Parameters of {@link putItem}: the PutItem request (DynamoDB API Reference). The item is given
 * attribute by attribute, or whole from a JSONPath (`Item.$`: an item a JSONata state built, whose
 * attributes vary).
 */
export type PutItemParameters = {
  readonly TableName: string;
  readonly ConditionExpression?: string;
  readonly ExpressionAttributeNames?: AttributeNames;
  readonly ExpressionAttributeValues?: AttributeMap;
  /** @default 'NONE' */
  readonly ReturnValues?: 'NONE' | 'ALL_OLD';
} & ({ readonly Item: AttributeMap } | { readonly 'Item.$': string });

/** Parameters of {@link updateItem}: the UpdateItem request (DynamoDB API Reference). */
export interface UpdateItemParameters {
  readonly TableName: string;
  readonly Key: AttributeMap;
  readonly UpdateExpression: string;
  readonly ConditionExpression?: string;
  readonly ExpressionAttributeNames?: AttributeNames;
  readonly ExpressionAttributeValues?: AttributeMap;
  /** @default 'NONE' */
  readonly ReturnValues?: ReturnValues;
}

/** Parameters of {@link query}: the Query request (DynamoDB API Reference), through the AWS SDK integration. */
export interface QueryParameters {
  readonly TableName: string;
  /** The index to query; the permission is then granted on the index alone. @default the table */
  readonly IndexName?: string;
  readonly KeyConditionExpression: string;
  readonly FilterExpression?: string;
  readonly ProjectionExpression?: string;
  readonly ExpressionAttributeNames?: AttributeNames;
  readonly ExpressionAttributeValues?: AttributeMap;
  /** @default false */
  readonly ConsistentRead?: boolean;
  readonly Limit?: number;
}

/** Parameters of {@link scan}: the Scan request (DynamoDB API Reference), through the AWS SDK integration. */
export type ScanParameters = {
  readonly TableName: string;
  /** The index to scan; the permission is then granted on the index alone. @default the table */
  readonly IndexName?: string;
  readonly ProjectionExpression?: string;
  readonly FilterExpression?: string;
  readonly ExpressionAttributeNames?: AttributeNames;
  readonly ExpressionAttributeValues?: AttributeMap;
  /** @default false (eventually consistent, half the read units) */
  readonly ConsistentRead?: boolean;
  readonly Limit?: number;
} & Request<{ readonly ExclusiveStartKey: AttributeMap }>;

/** Parameters of {@link sendMessage}: the SendMessage request (Amazon SQS API Reference). */
export type SendMessageParameters = { readonly QueueUrl: string } & Request<{
  readonly MessageBody: Json;
  /** FIFO queues only. */
  readonly MessageGroupId: string;
  /** FIFO queues only. @default the body's SHA-256, with content-based deduplication */
  readonly MessageDeduplicationId: string;
}>;

/** Parameters of {@link enableMetricsCollection}: the EnableMetricsCollection request (Amazon EC2 Auto Scaling API Reference). */
export type EnableMetricsCollectionParameters = Request<{ readonly AutoScalingGroupName: string }> & {
  /** The only value the API accepts. */
  readonly Granularity: '1Minute';
  /** @default every group metric */
  readonly Metrics?: readonly string[];
};

/** Parameters of {@link describeAutoScalingGroups}: the DescribeAutoScalingGroups request (Amazon EC2 Auto Scaling API Reference). */
export type DescribeAutoScalingGroupsParameters = Request<{ readonly AutoScalingGroupNames: readonly string[]; readonly MaxRecords: number }>;

/** A Task state of `integration`: its fields in the order the console shows them, the request's absent fields left out. */
function task(partition: string, integration: Integration, parameters: TaskParameters, fields: TaskFields): TaskState {
  const { Comment, ...rest } = fields;
  const given = Object.fromEntries(Object.entries(parameters).filter(([, value]) => value !== undefined));
  return { Type: 'Task', ...(Comment === undefined ? {} : { Comment }), Resource: integrationArn(partition, integration), Parameters: given, ...rest };
}

/**
 * A Task reading one item (`dynamodb:getItem`, authorized by `dynamodb:GetItem` on the table).
 * The result is `{ Item }`, without `Item` when there is none.
 *
 * @example
 * getItem('aws', { TableName: 'Instances', Key: { containerInstanceArn: str('$.arn') } }, { ResultPath: '$.lookup', Next: 'Is it known?' });
 */
export function getItem(partition: string, parameters: GetItemParameters, fields: TaskFields): TaskState {
  return task(partition, 'getItem', { ...parameters }, fields);
}

/**
 * A Task writing a whole item (`dynamodb:putItem`, authorized by `dynamodb:PutItem` on the table).
 *
 * @example
 * putItem('aws', { TableName: 'Deliveries', Item: { deliveryKey: str('$.key') } }, { ResultPath: null, Next: 'Done' });
 */
export function putItem(partition: string, parameters: PutItemParameters, fields: TaskFields): TaskState {
  return task(partition, 'putItem', { ...parameters }, fields);
}

/**
 * A Task updating one item (`dynamodb:updateItem`, authorized by `dynamodb:UpdateItem` on the table).
 *
 * @example
 * updateItem('aws', { TableName: 'Jobs', Key: { jobId: str('$.detail.jobId') }, UpdateExpression: 'SET seen = :t', ExpressionAttributeValues: { ':t': str('$.time') } }, { ResultPath: null, Next: 'Done' });
 */
export function updateItem(partition: string, parameters: UpdateItemParameters, fields: TaskFields): TaskState {
  return task(partition, 'updateItem', { ...parameters }, fields);
}

/**
 * A Task querying a table or one of its indexes (`aws-sdk:dynamodb:query`, authorized by
 * `dynamodb:Query` on the table, or on the index alone when `IndexName` is given).
 *
 * @example
 * query('aws', { TableName: 'Instances', IndexName: 'counting', KeyConditionExpression: 'countingIn = :ce', ExpressionAttributeValues: { ':ce': str('$.ce') } }, { ResultPath: '$.others', Next: 'Sum' });
 */
export function query(partition: string, parameters: QueryParameters, fields: TaskFields): TaskState {
  return task(partition, 'query', { ...parameters }, fields);
}

/**
 * A Task reading a page of a table or one of its indexes (`aws-sdk:dynamodb:scan`, authorized by
 * `dynamodb:Scan` on the table, or on the index alone when `IndexName` is given). The result is `{ Items, Count, ScannedCount }`, with `LastEvaluatedKey` when more pages
 * follow.
 *
 * @example
 * scan('aws', { TableName: 'Instances', Limit: 500 }, { ResultPath: '$.page', Next: 'Add the page' });
 */
export function scan(partition: string, parameters: ScanParameters, fields: TaskFields): TaskState {
  return task(partition, 'scan', { ...parameters }, fields);
}

/**
 * A Task sending one message (`sqs:sendMessage`, authorized by `sqs:SendMessage` on the queue).
 *
 * @example
 * sendMessage('aws', { QueueUrl: url, 'MessageBody.$': '$.message' }, { ResultPath: null, End: true });
 */
export function sendMessage(partition: string, parameters: SendMessageParameters, fields: TaskFields): TaskState {
  return task(partition, 'sendMessage', { ...parameters }, fields);
}

/**
 * A Task enabling an Auto Scaling group's metrics (`aws-sdk:autoscaling:enableMetricsCollection`,
 * authorized by `autoscaling:EnableMetricsCollection` on the group; on every group when the name
 * comes from a JSONPath).
 *
 * @example
 * enableMetricsCollection('aws', { 'AutoScalingGroupName.$': '$.group', Granularity: '1Minute' }, { ResultPath: null, Next: 'Count' });
 */
export function enableMetricsCollection(partition: string, parameters: EnableMetricsCollectionParameters, fields: TaskFields): TaskState {
  return task(partition, 'enableMetricsCollection', { ...parameters, Metrics: parameters.Metrics === undefined ? undefined : [...parameters.Metrics] }, fields);
}

/**
 * A Task describing Auto Scaling groups (`aws-sdk:autoscaling:describeAutoScalingGroups`,
 * authorized by `autoscaling:DescribeAutoScalingGroups`, which takes no resource-level permission).
 *
 * @example
 * describeAutoScalingGroups('aws', { 'AutoScalingGroupNames.$': 'States.Array($.group)' }, { ResultPath: '$.group', Next: 'Read it' });
 */
export function describeAutoScalingGroups(partition: string, parameters: DescribeAutoScalingGroupsParameters, fields: TaskFields): TaskState {
  const { AutoScalingGroupNames, ...rest } = parameters;
  return task(partition, 'describeAutoScalingGroups', { ...rest, AutoScalingGroupNames: AutoScalingGroupNames === undefined ? undefined : [...AutoScalingGroupNames] }, fields);
}

/** Step Functions' name for a failed DynamoDB condition. */
export const CONDITIONAL_CHECK_FAILED = 'DynamoDB.ConditionalCheckFailedException';

/**
 * Transient service errors, retried with jittered exponential back-off: 1, 2, 4, 8, 8, 8 s (at
 * most, FULL jitter draws each wait between 0 and that) over six retries, so a throttling burst of
 * about 30 s is ridden out within the workflows' 60 s timeout. Anything else fails at once:
 * validation errors and messages too large are permanent, and retrying them only delays the
 * failure. That is why the SDKs' base classes (`DynamoDB.AmazonDynamoDBException`,
 * `SQS.AmazonSQSException`), under which Step Functions reports every error code without a class
 * of its own (ValidationException, InvalidParameterValue), are not listed.
 *
 * Names: optimized integrations report `<Service>.<exception class of the AWS SDK for Java 1.x>`
 * ("Handling errors in Step Functions", "Amazon DynamoDB" and "Amazon SQS" integration pages);
 * DynamoDB's `RequestLimitExceeded` error code is the class `RequestLimitExceededException`, and
 * both spellings are listed since the pages show either. AWS SDK integrations (`aws-sdk:dynamodb:*`)
 * report `DynamoDb.<exception class of the AWS SDK for Java 2.x>` ("AWS SDK service integrations":
 * the service name as the SDK spells it). `SdkClientException` is the Java SDKs' name for a request
 * that got no service answer (connection reset, timeout): Step Functions documents it for Lambda
 * (`Lambda.SdkClientException`) and reports it the same way for the other integrations.
 *
 * A retry may follow a write that committed (DynamoDB documents that an internal server error can
 * come after the write succeeded): every retried write is idempotent and tells, from its return
 * value, a retry of its own execution from a repeated delivery.
 */
export const TRANSIENT_RETRY: readonly Retrier[] = [
  {
    ErrorEquals: [
      'DynamoDB.ProvisionedThroughputExceededException',
      'DynamoDB.RequestLimitExceeded',
      'DynamoDB.RequestLimitExceededException',
      'DynamoDB.ThrottlingException',
      'DynamoDB.InternalServerErrorException',
      'DynamoDB.SdkClientException',
      'DynamoDb.ProvisionedThroughputExceededException',
      'DynamoDb.RequestLimitExceededException',
      'DynamoDb.ThrottlingException',
      'DynamoDb.InternalServerErrorException',
      'DynamoDb.SdkClientException',
      'SQS.SdkClientException',
      'SQS.KmsThrottledException',
      'SQS.RequestThrottledException',
      'States.Timeout',
    ],
    IntervalSeconds: 1,
    MaxAttempts: 6,
    BackoffRate: 2,
    MaxDelaySeconds: 8,
    JitterStrategy: 'FULL',
  },
];

/**
 * The longest a retrier can wait in all, at nominal intervals (FULL jitter only shortens them):
 * `IntervalSeconds × BackoffRate^n`, capped at `MaxDelaySeconds`, for each of its `MaxAttempts`.
 *
 * @example
 * retryBudgetSeconds(TRANSIENT_RETRY); // 31: 1 + 2 + 4 + 8 + 8 + 8
 */
export function retryBudgetSeconds(retriers: readonly Retrier[]): number {
  let longest = 0;
  for (const retrier of retriers) {
    let total = 0;
    for (let attempt = 0; attempt < (retrier.MaxAttempts ?? 3); attempt++) {
      const interval = (retrier.IntervalSeconds ?? 1) * (retrier.BackoffRate ?? 2) ** attempt;
      total += Math.min(interval, retrier.MaxDelaySeconds ?? Number.POSITIVE_INFINITY);
    }
    longest = Math.max(longest, total);
  }
  return longest;
}

/** A Task sending `$.message` (a MetricMessage) to the metrics queue, then ending the execution. */
export function sendMetricMessage(queueUrl: string, partition: string): TaskState {
  return sendMessage(
    partition,
    // The metrics queue is FIFO: a retry of this send after an ambiguous error carries the same
    // deduplication id (the execution's name, at most 80 characters of the 128 allowed), so SQS
    // keeps one copy. The context, not the state: a skip replaces the state with its message.
    {
      QueueUrl: queueUrl,
      'MessageBody.$': '$.message',
      'MessageGroupId.$': '$$.Execution.Name',
      'MessageDeduplicationId.$': '$$.Execution.Name',
    },
    {
      Comment: 'One message per execution carries all its metric records, so SQS and Lambda costs are amortized.',
      ResultPath: null,
      Retry: TRANSIENT_RETRY,
      End: true,
    },
  );
}

/** DynamoDB string attribute from a JSONPath. */
export const str = (path: string): AttributeValue => ({ 'S.$': path });
/**
 * DynamoDB number attribute from a JSONPath to the number's decimal text (DynamoDB takes numbers as
 * strings), written by {@link withNumberTexts} under `n`. Not `States.Format('{}', $.x)`: how that
 * prints a number depends on how Step Functions holds it, and a number held as a double prints in
 * exponent form from 10^7 up (`1.8E9`), which DynamoDB reads as a different number or refuses —
 * epoch seconds (about 1.8 × 10^9) and memory in MiB can be that large.
 *
 * @example
 * num('$.delivery.n.expiresAt'); // { 'N.$': '$.delivery.n.expiresAt' }
 */
export const num = (path: `$.${string}.n.${string}`): AttributeValue => ({ 'N.$': path });

/**
 * JSONata: `object` with the decimal text of its number fields `keys` added under `n`, for
 * {@link num}. Each is `$string($round(x))`: an integer's digits, never an exponent, for any value
 * below 10^21 (JSONata formats numbers as JavaScript does).
 *
 * @example
 * withNumberTexts("{ 'expiresAt': $seconds + 86400 }", ['expiresAt']);
 * // evaluates to { expiresAt: 1800086400, n: { expiresAt: '1800086400' } }
 */
export function withNumberTexts(object: string, keys: readonly string[]): string {
  const texts = keys.map((key) => `${JSON.stringify(key)}: $string($round($lookup($o, ${JSON.stringify(key)})))`).join(', ');
  return `(
    $o := ${object};
    $merge([$o, { 'n': { ${texts} } }])
  )`;
}
