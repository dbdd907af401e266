/**
 * Hand-written templates in the shape CDK synthesizes, for workflows the synthesized fixture does
 * not hold (timeouts, loops, unsupported resources). Write `{{Ref:LogicalId}}` or
 * `{{Partition}}` inside a definition's strings; they become `Ref` tokens in an `Fn::Join`, as
 * CDK renders table names, queue URLs and `arn:${AWS::Partition}:…`.
 */

/** Logical ids of the resources every hand-written template has. */
export const IDS = {
  table: 'JobsTable1970BC16',
  queue: 'MetricsQueue0DAB96B7',
  dlq: 'MetricsDlqBF364CCC',
  fn: 'MetricsFunction5338A29D',
} as const;

/** A definition as CDK writes it: `{ "Fn::Join": ["", [text, { Ref }, text, ...]] }`. */
export function cdkDefinitionString(definition: object): unknown {
  const text = JSON.stringify(definition);
  const parts: unknown[] = [];
  let last = 0;
  for (const match of text.matchAll(/\{\{(Ref:([A-Za-z0-9]+)|Partition)\}\}/g)) {
    parts.push(text.slice(last, match.index));
    parts.push({ Ref: match[2] ?? 'AWS::Partition' });
    last = (match.index ?? 0) + match[0].length;
  }
  parts.push(text.slice(last));
  return { 'Fn::Join': ['', parts] };
}

/** Options of {@link handWrittenTemplate}. */
export interface HandWrittenOptions {
  /** State machines by logical id. */
  readonly stateMachines?: Readonly<Record<string, object>>;
  /** Rules by logical id: pattern (or schedule expression) and target state machine logical id. */
  readonly rules?: Readonly<Record<string, { readonly pattern?: object; readonly schedule?: string; readonly target: string; readonly state?: 'ENABLED' | 'DISABLED' }>>;
  /** Event source mapping batch size. @default 10 */
  readonly batchSize?: number;
  /** Whether the mapping has ReportBatchItemFailures. @default true */
  readonly reportBatchItemFailures?: boolean;
  /** Redrive maxReceiveCount; 0 for a queue without redrive policy. @default 3 */
  readonly maxReceiveCount?: number;
}

/** A template with the jobs table, the metrics queue and its DLQ, the metrics function and its mapping, plus the given state machines and rules. */
export function handWrittenTemplate(options: HandWrittenOptions = {}): object {
  const resources: Record<string, unknown> = {
    [IDS.table]: {
      Type: 'AWS::DynamoDB::Table',
      Properties: {
        AttributeDefinitions: [{ AttributeName: 'jobId', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }],
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      },
      UpdateReplacePolicy: 'Delete',
      DeletionPolicy: 'Delete',
    },
    [IDS.dlq]: { Type: 'AWS::SQS::Queue', UpdateReplacePolicy: 'Delete', DeletionPolicy: 'Delete' },
    [IDS.queue]: {
      Type: 'AWS::SQS::Queue',
      Properties:
        options.maxReceiveCount === 0
          ? {}
          : { RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [IDS.dlq, 'Arn'] }, maxReceiveCount: options.maxReceiveCount ?? 3 } },
      UpdateReplacePolicy: 'Delete',
      DeletionPolicy: 'Delete',
    },
    [IDS.fn]: {
      Type: 'AWS::Lambda::Function',
      Properties: {
        Code: { ZipFile: 'exports.handler = async () => {}' },
        Handler: 'index.handler',
        Role: { 'Fn::GetAtt': ['MetricsFunctionServiceRoleE5E38475', 'Arn'] },
        Runtime: 'nodejs22.x',
      },
    },
    MetricsFunctionServiceRoleE5E38475: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: { Version: '2012-10-17', Statement: [] } } },
    MetricsFunctionSqsEventSourceMetricsQueue12345678: {
      Type: 'AWS::Lambda::EventSourceMapping',
      Properties: {
        BatchSize: options.batchSize ?? 10,
        EventSourceArn: { 'Fn::GetAtt': [IDS.queue, 'Arn'] },
        FunctionName: { Ref: IDS.fn },
        ...(options.reportBatchItemFailures === false ? {} : { FunctionResponseTypes: ['ReportBatchItemFailures'] }),
      },
    },
  };
  for (const [logicalId, definition] of Object.entries(options.stateMachines ?? {})) {
    resources[logicalId] = {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        DefinitionString: cdkDefinitionString(definition),
        RoleArn: { 'Fn::GetAtt': ['MetricsFunctionServiceRoleE5E38475', 'Arn'] },
        StateMachineType: 'EXPRESS',
      },
    };
  }
  for (const [logicalId, rule] of Object.entries(options.rules ?? {})) {
    resources[logicalId] = {
      Type: 'AWS::Events::Rule',
      Properties: {
        ...(rule.pattern === undefined ? {} : { EventPattern: rule.pattern }),
        ...(rule.schedule === undefined ? {} : { ScheduleExpression: rule.schedule }),
        State: rule.state ?? 'ENABLED',
        Targets: [{ Arn: { Ref: rule.target }, Id: 'Target0' }],
      },
    };
  }
  return { Resources: resources };
}
