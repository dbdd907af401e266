import { parseCfnTemplate } from './cloudformation';
import { IntrinsicResolver } from './intrinsics';

const template = parseCfnTemplate(
  {
    Parameters: { Stage: { Type: 'String', Default: 'dev' }, Alarms: { Type: 'String' } },
    Conditions: { IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] } },
    Mappings: { Retention: { dev: { Days: '3' } } },
    Resources: {
      JobsTable1970BC16: { Type: 'AWS::DynamoDB::Table', Properties: { KeySchema: [] } },
      NamedTableABCDEF12: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: { 'Fn::Sub': 'batchmon-${Stage}-instances' } } },
      MetricsQueue0DAB96B7: { Type: 'AWS::SQS::Queue' },
      Workflow1234ABCD: { Type: 'AWS::StepFunctions::StateMachine', Properties: {} },
      MetricsFunction5338A29D: { Type: 'AWS::Lambda::Function', Properties: {} },
    },
  },
  'test template',
);
const resolver = new IntrinsicResolver(template, { parameters: { Alarms: 'on' } }, new Map([['Workflow1234ABCD', 'Workflow']]));
const resolve = (value: unknown) => resolver.resolve(value, 'Test');

describe('template token resolution', () => {
  it('resolves pseudo parameters to the local region, account, partition and URL suffix', () => {
    expect(resolve([{ Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, { Ref: 'AWS::Partition' }, { Ref: 'AWS::URLSuffix' }])).toEqual([
      'us-east-1',
      '000000000000',
      'aws',
      'amazonaws.com',
    ]);
  });

  it('resolves Ref of a table to its logical id, or to its TableName when the template sets one', () => {
    expect(resolve({ Ref: 'JobsTable1970BC16' })).toBe('JobsTable1970BC16');
    expect(resolve({ Ref: 'NamedTableABCDEF12' })).toBe('batchmon-dev-instances');
  });

  it('resolves Ref of a queue to a local queue URL', () => {
    expect(resolve({ Ref: 'MetricsQueue0DAB96B7' })).toBe('http://sqs.local/000000000000/MetricsQueue0DAB96B7');
  });

  it('resolves Ref of a state machine to its ARN and Ref of a function to its name', () => {
    expect(resolve({ Ref: 'Workflow1234ABCD' })).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:Workflow');
    expect(resolve({ Ref: 'MetricsFunction5338A29D' })).toBe('MetricsFunction5338A29D');
  });

  it('resolves Fn::GetAtt Arn to plausible local ARNs, in list and dotted forms', () => {
    expect(resolve({ 'Fn::GetAtt': ['JobsTable1970BC16', 'Arn'] })).toBe('arn:aws:dynamodb:us-east-1:000000000000:table/JobsTable1970BC16');
    expect(resolve({ 'Fn::GetAtt': 'MetricsQueue0DAB96B7.Arn' })).toBe('arn:aws:sqs:us-east-1:000000000000:MetricsQueue0DAB96B7');
    expect(resolve({ 'Fn::GetAtt': ['MetricsQueue0DAB96B7', 'QueueName'] })).toBe('MetricsQueue0DAB96B7');
    expect(resolve({ 'Fn::GetAtt': ['MetricsFunction5338A29D', 'Arn'] })).toBe('arn:aws:lambda:us-east-1:000000000000:function:MetricsFunction5338A29D');
  });

  it('joins CDK-style Fn::Join lists of text and tokens', () => {
    const joined = resolve({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:::dynamodb:putItem" "', { Ref: 'JobsTable1970BC16' }]] });
    expect(joined).toBe('arn:aws:states:::dynamodb:putItem" "JobsTable1970BC16');
  });

  it('substitutes Fn::Sub variables, Refs, dotted GetAtts and keeps ${!Literal} verbatim', () => {
    expect(resolve({ 'Fn::Sub': 'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:x' })).toBe('arn:aws:sqs:us-east-1:000000000000:x');
    expect(resolve({ 'Fn::Sub': ['${Name}/${MetricsQueue0DAB96B7.QueueName}/${!Literal}', { Name: { Ref: 'Stage' } }] })).toBe('dev/MetricsQueue0DAB96B7/${Literal}');
  });

  it('resolves Fn::Select over Fn::Split, as CDK does to take names out of ARNs', () => {
    expect(resolve({ 'Fn::Select': [5, { 'Fn::Split': [':', { 'Fn::GetAtt': ['MetricsQueue0DAB96B7', 'Arn'] }] }] })).toBe('MetricsQueue0DAB96B7');
  });

  it('resolves parameters from the options, else from their Default', () => {
    expect(resolve({ Ref: 'Alarms' })).toBe('on');
    expect(resolve({ Ref: 'Stage' })).toBe('dev');
  });

  it('evaluates Fn::If with Conditions and drops AWS::NoValue', () => {
    expect(resolve({ a: { 'Fn::If': ['IsProd', 'yes', { Ref: 'AWS::NoValue' }] }, b: 1 })).toEqual({ b: 1 });
    expect(resolve({ 'Fn::FindInMap': ['Retention', { Ref: 'Stage' }, 'Days'] })).toBe('3');
  });

  it('names the path and the missing name when a Ref points nowhere', () => {
    expect(() => resolver.resolve({ Ref: 'Nope' }, 'Resources.X.Properties.DefinitionString')).toThrow(
      'Resources.X.Properties.DefinitionString.Ref: expected "Nope" to be a resource, a parameter or a pseudo parameter, found none of these',
    );
  });

  it('lists the known attributes when a GetAtt asks for another', () => {
    expect(() => resolve({ 'Fn::GetAtt': ['MetricsQueue0DAB96B7', 'Url'] })).toThrow(
      'expected one of the attributes Arn, QueueName, QueueUrl of MetricsQueue0DAB96B7 (AWS::SQS::Queue), found "Url"',
    );
  });
});
