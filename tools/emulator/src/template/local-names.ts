import { LOCAL_ACCOUNT_ID, LOCAL_PARTITION, LOCAL_REGION, LOCAL_SQS_HOST } from '../constants';

/**
 * Local physical names, URLs and ARNs. Real CloudFormation invents names like
 * `Stack-MetricsQueue0DAB96B7-Ab12Cd34`; locally the logical id (or the name the template sets)
 * stands in, so a test can predict every name.
 */

/** CDK appends an 8-hex-digit hash to the construct id to form a logical id. */
const CDK_HASH_SUFFIX = /^(.+?)([0-9A-F]{8})$/;

/**
 * The construct id a CDK logical id was made from (`MetricsQueue0DAB96B7` → `MetricsQueue`).
 * Ids without a CDK hash come back unchanged.
 */
export function constructIdOf(logicalId: string): string {
  const match = CDK_HASH_SUFFIX.exec(logicalId);
  return match?.[1] ?? logicalId;
}

/** Local URL of an SQS queue. */
export function localQueueUrl(queueName: string): string {
  return `${LOCAL_SQS_HOST}/${LOCAL_ACCOUNT_ID}/${queueName}`;
}

/** Local ARN of an SQS queue. */
export function localQueueArn(queueName: string): string {
  return `arn:${LOCAL_PARTITION}:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${queueName}`;
}

/** Local ARN of a DynamoDB table. */
export function localTableArn(tableName: string): string {
  return `arn:${LOCAL_PARTITION}:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:table/${tableName}`;
}

/** Local ARN of a state machine. */
export function localStateMachineArn(name: string): string {
  return `arn:${LOCAL_PARTITION}:states:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:stateMachine:${name}`;
}

/** Local ARN of an Express execution (Express ARNs carry the state machine and execution names). */
export function localExecutionArn(stateMachineName: string, executionName: string): string {
  return `arn:${LOCAL_PARTITION}:states:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:express:${stateMachineName}:${executionName}:${executionName}`;
}

/** Local ARN of a Lambda function. */
export function localFunctionArn(functionName: string): string {
  return `arn:${LOCAL_PARTITION}:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName}`;
}

/** Local ARN of an EventBridge rule. */
export function localRuleArn(ruleName: string, eventBusName: string): string {
  const bus = eventBusName === 'default' ? '' : `${eventBusName}/`;
  return `arn:${LOCAL_PARTITION}:events:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:rule/${bus}${ruleName}`;
}

/**
 * What `Ref` and `Fn::GetAtt` return for each resource type, as CloudFormation documents them
 * (e.g. Ref of a queue is its URL, Ref of a state machine its ARN). Types not listed fall back to
 * the logical id for Ref and to a generic ARN for `Arn`.
 */
export interface ResourceIdentity {
  /** The value of `{ Ref: logicalId }`. */
  readonly ref: string;
  /** Values of `{ "Fn::GetAtt": [logicalId, attribute] }` by attribute name. */
  readonly attributes: Readonly<Record<string, string>>;
}

/**
 * Identity of a resource from its type and its local physical name.
 * @param physicalName the name the template gives (`TableName`, `QueueName`...) or the logical id.
 */
export function identityOf(type: string, logicalId: string, physicalName: string): ResourceIdentity {
  const region = LOCAL_REGION;
  const account = LOCAL_ACCOUNT_ID;
  const p = LOCAL_PARTITION;
  switch (type) {
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable': {
      const arn = localTableArn(physicalName);
      return { ref: physicalName, attributes: { Arn: arn, StreamArn: `${arn}/stream/1970-01-01T00:00:00.000`, TableId: logicalId } };
    }
    case 'AWS::SQS::Queue': {
      const url = localQueueUrl(physicalName);
      return { ref: url, attributes: { Arn: localQueueArn(physicalName), QueueName: physicalName, QueueUrl: url } };
    }
    case 'AWS::StepFunctions::StateMachine': {
      const arn = localStateMachineArn(physicalName);
      return { ref: arn, attributes: { Arn: arn, Name: physicalName, StateMachineRevisionId: arn } };
    }
    case 'AWS::Lambda::Function':
      return { ref: physicalName, attributes: { Arn: localFunctionArn(physicalName) } };
    case 'AWS::Events::Rule':
      return { ref: physicalName, attributes: { Arn: localRuleArn(physicalName, 'default') } };
    case 'AWS::Events::EventBus': {
      const arn = `arn:${p}:events:${region}:${account}:event-bus/${physicalName}`;
      return { ref: physicalName, attributes: { Arn: arn, Name: physicalName } };
    }
    case 'AWS::SNS::Topic': {
      const arn = `arn:${p}:sns:${region}:${account}:${physicalName}`;
      return { ref: arn, attributes: { TopicArn: arn, TopicName: physicalName } };
    }
    case 'AWS::IAM::Role':
      return { ref: physicalName, attributes: { Arn: `arn:${p}:iam::${account}:role/${physicalName}`, RoleId: `AROA${logicalId.toUpperCase()}` } };
    case 'AWS::Logs::LogGroup':
      return { ref: physicalName, attributes: { Arn: `arn:${p}:logs:${region}:${account}:log-group:${physicalName}:*` } };
    case 'AWS::KMS::Key':
      return { ref: logicalId, attributes: { Arn: `arn:${p}:kms:${region}:${account}:key/${logicalId}`, KeyId: logicalId } };
    default: {
      const service = /^AWS::([A-Za-z0-9]+)::/.exec(type)?.[1]?.toLowerCase() ?? 'custom';
      return { ref: physicalName, attributes: { Arn: `arn:${p}:${service}:${region}:${account}:${physicalName}` } };
    }
  }
}

/** The property that names each resource type, when the template sets it. */
export const NAME_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::DynamoDB::GlobalTable': 'TableName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::Events::Rule': 'Name',
  'AWS::Events::EventBus': 'Name',
  'AWS::SNS::Topic': 'TopicName',
  'AWS::IAM::Role': 'RoleName',
  'AWS::Logs::LogGroup': 'LogGroupName',
};
