import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { WORKFLOWS, definitionPermissions, resolvePermissions, type PermissionArns, type StateMachineDefinition } from '@batchmon/correlation';
import { BatchmonStack } from './batchmon-stack';

// The synthesized template is what is deployed: the definitions and policies are read from it,
// not from the code that built them. Bundling is skipped: only the template is asserted on.
const template = Template.fromStack(new BatchmonStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test'));
const resources = template.toJSON()['Resources'] as Record<string, { Type: string; Properties: Record<string, unknown> }>;

/** A CloudFormation string value as text, each reference written `{{Ref X}}` and each attribute `{{X.Attribute}}`. */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'object' && value !== null) {
    if ('Ref' in value && typeof value.Ref === 'string') return `{{Ref ${value.Ref}}}`;
    if ('Fn::GetAtt' in value && Array.isArray(value['Fn::GetAtt'])) return `{{${value['Fn::GetAtt'].join('.')}}}`;
    if ('Fn::Join' in value && Array.isArray(value['Fn::Join'])) {
      const [separator, parts] = value['Fn::Join'] as [string, unknown[]];
      return parts.map(text).join(separator);
    }
  }
  throw new Error(`expected a string, Ref, Fn::GetAtt or Fn::Join, found ${JSON.stringify(value)}`);
}

/** The logical id of the resource of `type` that `{{Ref id}}` names (a table's Ref is its name, a queue's its URL). */
function referenced(reference: string, type: string): string {
  const id = /^\{\{Ref (?<id>[^}]+)\}\}$/.exec(reference)?.groups?.['id'];
  if (id === undefined || resources[id]?.Type !== type) throw new Error(`expected a Ref to an ${type}, found ${reference}`);
  return id;
}

/** ARNs as the template writes them: a table's and a queue's `Arn` attribute, an Auto Scaling group's from the pseudo parameters. */
const templateArns: PermissionArns = {
  table: (name) => `{{${referenced(name, 'AWS::DynamoDB::Table')}.Arn}}`,
  index: (name, index) => `{{${referenced(name, 'AWS::DynamoDB::Table')}.Arn}}/index/${index}`,
  queue: (url) => `{{${referenced(url, 'AWS::SQS::Queue')}.Arn}}`,
  autoScalingGroup: (name) => `arn:{{Ref AWS::Partition}}:autoscaling:{{Ref AWS::Region}}:{{Ref AWS::AccountId}}:autoScalingGroup:*:autoScalingGroupName/${name}`,
};

interface Statement {
  readonly Action: string | string[];
  readonly Resource: unknown;
}

/**
 * The (action, resource) pairs a role's policies grant, without the log delivery statement
 * Step Functions needs to write execution logs, which no Task calls ("IAM policies for logging to
 * CloudWatch Logs", https://docs.aws.amazon.com/step-functions/latest/dg/cw-logs.html).
 */
function granted(roleId: string): string[] {
  const statements = Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Policy' && JSON.stringify(resource.Properties['Roles']) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((policy) => (policy.Properties['PolicyDocument'] as { Statement: Statement[] }).Statement);
  return statements
    .filter((statement) => ![statement.Action].flat().every((action) => action.startsWith('logs:')))
    .flatMap((statement) => [statement.Action].flat().flatMap((action) => [statement.Resource].flat().map((resource) => `${action} ${text(resource)}`)));
}

const stateMachines = Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::StepFunctions::StateMachine');

/** The logical id of a state machine's role (its RoleArn is the role's `Arn` attribute). */
function roleOf(stateMachine: { Properties: Record<string, unknown> }): string {
  const id = /^\{\{(?<id>[^.]+)\.Arn\}\}$/.exec(text(stateMachine.Properties['RoleArn']))?.groups?.['id'];
  if (id === undefined) throw new Error(`expected a RoleArn naming a role of the stack, found ${JSON.stringify(stateMachine.Properties['RoleArn'])}`);
  return id;
}

describe('the workflows’ permissions', () => {
  it('are read from one state machine per workflow', () => {
    expect(stateMachines).toHaveLength(WORKFLOWS.length);
  });

  it.each(stateMachines)('of %s are exactly what its definition calls: every action on every resource it names, and nothing else', (_id, stateMachine) => {
    const definition = JSON.parse(text(stateMachine.Properties['DefinitionString'])) as StateMachineDefinition;
    const needed = resolvePermissions(definitionPermissions(definition), templateArns).map(({ action, resource }) => `${action} ${resource}`);
    expect(needed.length).toBeGreaterThan(0);
    expect(new Set(granted(roleOf(stateMachine)))).toEqual(new Set(needed));
  });

  it('grant DynamoDB Scan on the instances table, the live jobs index and the configuration alone (never the jobs table), and Query on the evidence alone', () => {
    const pairs = stateMachines.flatMap(([, stateMachine]) => granted(roleOf(stateMachine)));
    const scans = pairs.filter((pair) => pair.startsWith('dynamodb:Scan '));
    expect(scans.length).toBeGreaterThan(0);
    for (const pair of scans) expect(pair).toMatch(/^dynamodb:Scan (\{\{InstancesTable[0-9A-F]+\.Arn\}\}|\{\{ConfigurationTable[0-9A-F]+\.Arn\}\}|\{\{JobsTable[0-9A-F]+\.Arn\}\}\/index\/live)$/);
    for (const pair of pairs.filter((pair) => pair.startsWith('dynamodb:Query '))) expect(pair).toMatch(/^dynamodb:Query \{\{EvidenceTable[0-9A-F]+\.Arn\}\}$/);
  });
});
