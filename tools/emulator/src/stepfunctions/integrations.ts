import { randomUUID } from 'node:crypto';
import type { DynamoDbOperation } from '../dynamodb/dynalite-server';
import type { LocalDynamoDb } from '../dynamodb/local-dynamodb';
import { AUTO_SCALING_GROUP_METRICS, type AutoScalingRecorder } from '../autoscaling/autoscaling-recorder';
import { describeValue, isRecord, type JsonObject, type JsonValue } from '../json';
import type { SqsMessageAttributeValue } from '../sqs/message-md5';
import { type LocalQueues } from '../sqs/local-queue';
import { SqsError } from '../errors';
import { LOCAL_PARTITION } from '../constants';
import { autoScalingValidationError, dynamoDbTaskError, sqsTaskError } from './task-errors';

/** What an integration call can reach. */
export interface IntegrationContext {
  readonly dynamodb: Pick<LocalDynamoDb, 'call'>;
  readonly queues: LocalQueues;
  readonly autoscaling: AutoScalingRecorder;
  readonly stateName: string;
  readonly executionArn: string;
}

/** A Task resource the emulator can run: the API call behind it and the parameters it takes. */
export interface ServiceIntegration {
  /** Parameter names the API takes (Step Functions refuses others when the state machine is created). */
  readonly parameters: readonly string[];
  /** Parameters without which the call cannot be made. */
  readonly required: readonly string[];
  /** Makes the call with the state's resolved Parameters; answers what Step Functions would. */
  call(parameters: JsonObject, context: IntegrationContext): Promise<JsonValue>;
}

const GET_ITEM = ['TableName', 'Key', 'AttributesToGet', 'ConsistentRead', 'ReturnConsumedCapacity', 'ProjectionExpression', 'ExpressionAttributeNames'];
const WRITE_COMMON = [
  'TableName',
  'Expected',
  'ConditionalOperator',
  'ReturnValues',
  'ReturnConsumedCapacity',
  'ReturnItemCollectionMetrics',
  'ConditionExpression',
  'ExpressionAttributeNames',
  'ExpressionAttributeValues',
  'ReturnValuesOnConditionCheckFailure',
];
const PUT_ITEM = [...WRITE_COMMON, 'Item'];
const UPDATE_ITEM = [...WRITE_COMMON, 'Key', 'AttributeUpdates', 'UpdateExpression'];
const DELETE_ITEM = [...WRITE_COMMON, 'Key'];
const QUERY = [
  'TableName',
  'IndexName',
  'Select',
  'AttributesToGet',
  'Limit',
  'ConsistentRead',
  'KeyConditions',
  'QueryFilter',
  'ConditionalOperator',
  'ScanIndexForward',
  'ExclusiveStartKey',
  'ReturnConsumedCapacity',
  'ProjectionExpression',
  'FilterExpression',
  'KeyConditionExpression',
  'ExpressionAttributeNames',
  'ExpressionAttributeValues',
];
const SCAN = [
  'TableName',
  'IndexName',
  'AttributesToGet',
  'Limit',
  'Select',
  'ScanFilter',
  'ConditionalOperator',
  'ExclusiveStartKey',
  'ReturnConsumedCapacity',
  'TotalSegments',
  'Segment',
  'ProjectionExpression',
  'FilterExpression',
  'ExpressionAttributeNames',
  'ExpressionAttributeValues',
  'ConsistentRead',
];
const SEND_MESSAGE = ['QueueUrl', 'MessageBody', 'DelaySeconds', 'MessageAttributes', 'MessageSystemAttributes', 'MessageDeduplicationId', 'MessageGroupId'];
const ENABLE_METRICS_COLLECTION = ['AutoScalingGroupName', 'Metrics', 'Granularity'];
const DESCRIBE_AUTO_SCALING_GROUPS = ['AutoScalingGroupNames', 'IncludeInstances', 'NextToken', 'MaxRecords', 'Filters'];

/** A Step Functions integration's resource ARN in the local partition (what `AWS::Partition` resolves to). */
const states = (action: string): string => `arn:${LOCAL_PARTITION}:states:::${action}`;

/**
 * The one table from Task resource ARN to local call. Resource ARNs are compared after template
 * resolution, so `arn:${AWS::Partition}:states:::…` arrives as `arn:aws:states:::…`.
 */
export const SERVICE_INTEGRATIONS: Readonly<Record<string, ServiceIntegration>> = {
  [states('dynamodb:getItem')]: dynamoDb('GetItem', GET_ITEM, ['TableName', 'Key'], 'optimized'),
  [states('dynamodb:putItem')]: dynamoDb('PutItem', PUT_ITEM, ['TableName', 'Item'], 'optimized'),
  [states('dynamodb:updateItem')]: dynamoDb('UpdateItem', UPDATE_ITEM, ['TableName', 'Key'], 'optimized'),
  [states('dynamodb:deleteItem')]: dynamoDb('DeleteItem', DELETE_ITEM, ['TableName', 'Key'], 'optimized'),
  [states('aws-sdk:dynamodb:getItem')]: dynamoDb('GetItem', GET_ITEM, ['TableName', 'Key'], 'sdk'),
  [states('aws-sdk:dynamodb:putItem')]: dynamoDb('PutItem', PUT_ITEM, ['TableName', 'Item'], 'sdk'),
  [states('aws-sdk:dynamodb:updateItem')]: dynamoDb('UpdateItem', UPDATE_ITEM, ['TableName', 'Key'], 'sdk'),
  [states('aws-sdk:dynamodb:deleteItem')]: dynamoDb('DeleteItem', DELETE_ITEM, ['TableName', 'Key'], 'sdk'),
  [states('aws-sdk:dynamodb:query')]: dynamoDb('Query', QUERY, ['TableName'], 'sdk'),
  [states('aws-sdk:dynamodb:scan')]: dynamoDb('Scan', SCAN, ['TableName'], 'sdk'),
  [states('sqs:sendMessage')]: { parameters: SEND_MESSAGE, required: ['QueueUrl', 'MessageBody'], call: sendMessage },
  [states('aws-sdk:autoscaling:enableMetricsCollection')]: {
    parameters: ENABLE_METRICS_COLLECTION,
    required: ['AutoScalingGroupName', 'Granularity'],
    call: enableMetricsCollection,
  },
  [states('aws-sdk:autoscaling:describeAutoScalingGroups')]: {
    parameters: DESCRIBE_AUTO_SCALING_GROUPS,
    required: [],
    call: describeAutoScalingGroups,
  },
};

/** Resources that look plausible but that Step Functions does not offer, with what to use instead. */
export const NOT_A_STEP_FUNCTIONS_RESOURCE: Readonly<Record<string, string>> = {
  [states('dynamodb:query')]:
    'the optimized DynamoDB integration offers only getItem, putItem, updateItem and deleteItem; use arn:aws:states:::aws-sdk:dynamodb:query',
  [states('dynamodb:scan')]: 'the optimized DynamoDB integration offers only getItem, putItem, updateItem and deleteItem; use arn:aws:states:::aws-sdk:dynamodb:scan',
};

/**
 * The integration a Task state's resource maps to, with its static parameters checked as Step
 * Functions checks them when the state machine is created.
 * @throws naming the state, the resource and what is wrong, when the emulator cannot run the state.
 */
export function integrationFor(resource: string, state: JsonObject, where: string): ServiceIntegration {
  const integration = SERVICE_INTEGRATIONS[resource];
  if (!integration) {
    const hint = NOT_A_STEP_FUNCTIONS_RESOURCE[resource];
    if (hint) throw new Error(`${where}: "${resource}" is not a Step Functions resource: ${hint}`);
    const known = Object.keys(SERVICE_INTEGRATIONS).join(', ');
    throw new Error(`${where}: no local integration for resource "${resource}" (the emulator runs ${known}; stub others with the taskOverrides option)`);
  }
  const parameters = state['Parameters'];
  if (!isRecord(parameters)) throw new Error(`${where}.Parameters: expected an object of API parameters for ${resource}, found ${describeValue(parameters)}`);
  const names = Object.keys(parameters).map((key) => key.replace(/\.\$$/, ''));
  const unknown = names.filter((name) => !integration.parameters.includes(name));
  if (unknown.length > 0) {
    throw new Error(`${where}.Parameters: expected only parameters of ${resource} (${integration.parameters.join(', ')}), found ${unknown.join(', ')}`);
  }
  const missing = integration.required.filter((name) => !names.includes(name));
  if (missing.length > 0) throw new Error(`${where}.Parameters: expected ${missing.join(' and ')} for ${resource}, found none`);
  return integration;
}

// Step Functions passes DynamoDB parameters as low-level AttributeValue JSON, DynamoDB's wire
// format; the local DynamoDB validates them as DynamoDB would and answers in the same format.
function dynamoDb(operation: DynamoDbOperation, parameters: readonly string[], required: readonly string[], flavour: 'optimized' | 'sdk'): ServiceIntegration {
  return {
    parameters,
    required,
    async call(params, context) {
      let output: JsonObject;
      try {
        output = await context.dynamodb.call(operation, params);
      } catch (error) {
        throw dynamoDbTaskError(error, flavour, context.stateName);
      }
      return flavour === 'optimized' ? { ...output, ...sdkHttpMetadata('application/x-amz-json-1.0') } : output;
    },
  };
}

async function sendMessage(params: JsonObject, context: IntegrationContext): Promise<JsonValue> {
  const { QueueUrl: queueUrl, MessageBody: body, MessageAttributes: attributes, MessageGroupId: groupId, MessageDeduplicationId: dedupId } = params;
  if (typeof queueUrl !== 'string') throw sqsTaskError('InvalidAddress', `The address ${describeValue(queueUrl)} is not valid for this endpoint.`);
  // Step Functions serializes a JSON MessageBody to its text.
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  let output;
  try {
    const queue = context.queues.byUrl(queueUrl);
    output = queue.send({
      MessageBody: text,
      ...(isRecord(attributes) ? { MessageAttributes: messageAttributes(attributes, context.stateName) } : {}),
      ...(typeof groupId === 'string' ? { MessageGroupId: groupId } : {}),
      ...(typeof dedupId === 'string' ? { MessageDeduplicationId: dedupId } : {}),
    });
  } catch (error) {
    if (error instanceof SqsError) throw sqsTaskError(error.code, error.message);
    throw error;
  }
  return { ...output, ...sdkHttpMetadata('text/xml') };
}

function messageAttributes(attributes: Record<string, unknown>, stateName: string): Record<string, SqsMessageAttributeValue> {
  const out: Record<string, SqsMessageAttributeValue> = {};
  for (const [name, value] of Object.entries(attributes)) {
    if (!isRecord(value) || typeof value['DataType'] !== 'string') {
      throw sqsTaskError('InvalidParameterValue', `State "${stateName}": expected MessageAttributes.${name} to have a DataType, found ${describeValue(value)}`);
    }
    out[name] = {
      DataType: value['DataType'],
      ...(typeof value['StringValue'] === 'string' ? { StringValue: value['StringValue'] } : {}),
      ...(typeof value['BinaryValue'] === 'string' ? { BinaryValue: value['BinaryValue'] } : {}),
    };
  }
  return out;
}

async function enableMetricsCollection(params: JsonObject, context: IntegrationContext): Promise<JsonValue> {
  const { AutoScalingGroupName: group, Granularity: granularity, Metrics: metrics } = params;
  if (typeof group !== 'string' || group.length < 1 || group.length > 255) {
    throw autoScalingValidationError(`1 validation error detected: Value ${describeValue(group)} at 'autoScalingGroupName' failed to satisfy constraint: Member must have length between 1 and 255`);
  }
  if (granularity !== '1Minute') {
    throw autoScalingValidationError(`Valid value for granularity is 1Minute, found ${describeValue(granularity)}`);
  }
  let metricNames: string[] | undefined;
  if (metrics !== undefined) {
    if (!Array.isArray(metrics) || metrics.some((metric) => typeof metric !== 'string' || !AUTO_SCALING_GROUP_METRICS.includes(metric))) {
      throw autoScalingValidationError(`Metrics: expected names among ${AUTO_SCALING_GROUP_METRICS.join(', ')}, found ${describeValue(metrics)}`);
    }
    metricNames = metrics.filter((metric): metric is string => typeof metric === 'string');
  }
  context.autoscaling.record({
    AutoScalingGroupName: group,
    Granularity: granularity,
    ...(metricNames ? { Metrics: metricNames } : {}),
    stateName: context.stateName,
    executionArn: context.executionArn,
  });
  // EnableMetricsCollection returns an empty response.
  return {};
}

async function describeAutoScalingGroups(params: JsonObject, context: IntegrationContext): Promise<JsonValue> {
  const { AutoScalingGroupNames: names } = params;
  if (names !== undefined && (!Array.isArray(names) || names.some((name) => typeof name !== 'string' || name.length < 1 || name.length > 255))) {
    throw autoScalingValidationError(`AutoScalingGroupNames: expected a list of group names of 1 to 255 characters, found ${describeValue(names)}`);
  }
  // Unknown names are left out of the answer, as the API does (no error); no names: every group.
  const groups = context.autoscaling.describeGroups(names?.filter((name): name is string => typeof name === 'string'));
  return { AutoScalingGroups: groups.map((group) => JSON.parse(JSON.stringify(group)) as JsonObject) };
}

/**
 * Optimized integrations add the HTTP metadata of the Java SDK to their result; a workflow that
 * does not select fields with ResultSelector carries it along, locally as in AWS.
 */
function sdkHttpMetadata(contentType: string): JsonObject {
  const id = randomUUID();
  const headers = { 'Content-Type': contentType, Date: new Date().toUTCString(), Server: 'Server', 'x-amzn-RequestId': id };
  return {
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
      HttpHeaders: headers,
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: id },
  };
}
