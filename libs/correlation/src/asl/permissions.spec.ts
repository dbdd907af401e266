import type { State, StateMachineDefinition } from './asl';
import {
  TASK_INTEGRATIONS,
  describeAutoScalingGroups,
  enableMetricsCollection,
  getItem,
  integrationArn,
  putItem,
  query,
  scan,
  sendMessage,
  str,
  updateItem,
  type Integration,
} from './integrations';
import { definitionPermissions, resolvePermissions } from './permissions';
import { WorkflowDefinitionError } from '../errors';

const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/metrics';
const key = { id: str('$.id') };

/** A definition running `states` in order, the last one ending it. */
function definitionOf(states: Record<string, State>): StateMachineDefinition {
  const [first] = Object.keys(states);
  return { Comment: 'A test workflow.', StartAt: first ?? 'Done', States: states };
}

const read = getItem('aws', { TableName: 'Instances', Key: key }, { ResultPath: '$.lookup', Next: 'Write' });
const write = updateItem('aws', { TableName: 'Jobs', Key: key, UpdateExpression: 'SET seen = :t' }, { ResultPath: null, Next: 'Send' });
const send = sendMessage('aws', { QueueUrl: queueUrl, 'MessageBody.$': '$' }, { ResultPath: null, End: true });

describe('definitionPermissions', () => {
  it('needs each Task’s action on the table or queue its Parameters name', () => {
    expect(definitionPermissions(definitionOf({ Read: read, Write: write, Send: send }))).toEqual([
      { action: 'dynamodb:GetItem', target: { type: 'table', tableName: 'Instances' } },
      { action: 'dynamodb:UpdateItem', target: { type: 'table', tableName: 'Jobs' } },
      { action: 'sqs:SendMessage', target: { type: 'queue', queueUrl } },
    ]);
  });

  it('needs a Query of an index on the index alone, and a Query of the table on the table', () => {
    const ofIndex = query('aws', { TableName: 'Instances', IndexName: 'counting', KeyConditionExpression: 'ce = :ce' }, { Next: 'Table' });
    const ofTable = query('aws', { TableName: 'Jobs', KeyConditionExpression: 'jobId = :id' }, { End: true });
    expect(definitionPermissions(definitionOf({ Index: ofIndex, Table: ofTable }))).toEqual([
      { action: 'dynamodb:Query', target: { type: 'index', tableName: 'Instances', indexName: 'counting' } },
      { action: 'dynamodb:Query', target: { type: 'table', tableName: 'Jobs' } },
    ]);
  });

  it('finds the Tasks inside Parallel branches and Map item processors', () => {
    const definition = definitionOf({
      Both: { Type: 'Parallel', Branches: [{ StartAt: 'Read', States: { Read: { ...read, Next: undefined, End: true } } }], Next: 'Each' },
      Each: { Type: 'Map', ItemProcessor: { ProcessorConfig: { Mode: 'INLINE' }, StartAt: 'Send', States: { Send: send } }, End: true },
    });
    expect(definitionPermissions(definition).map((permission) => permission.action)).toEqual(['dynamodb:GetItem', 'sqs:SendMessage']);
  });

  it('lists a permission once however many Tasks need it', () => {
    const again = { ...write, Next: 'Send' };
    expect(definitionPermissions(definitionOf({ Write: { ...write, Next: 'Again' }, Again: again, Send: send }))).toHaveLength(2);
  });

  it('needs DescribeAutoScalingGroups on every resource, since it takes no resource-level permission', () => {
    const describe = describeAutoScalingGroups('aws', { AutoScalingGroupNames: ['batch-asg-1'] }, { End: true });
    expect(definitionPermissions(definitionOf({ Describe: describe }))).toEqual([{ action: 'autoscaling:DescribeAutoScalingGroups', target: { type: 'any' } }]);
  });

  it('needs EnableMetricsCollection on the group named, or on any group when the event names it', () => {
    const named = enableMetricsCollection('aws', { AutoScalingGroupName: 'batch-asg-1', Granularity: '1Minute' }, { Next: 'Any' });
    const fromEvent = enableMetricsCollection('aws', { 'AutoScalingGroupName.$': '$.group', Granularity: '1Minute' }, { End: true });
    expect(definitionPermissions(definitionOf({ Named: named, Any: fromEvent })).map((permission) => permission.target)).toEqual([
      { type: 'autoScalingGroup', groupName: '*' },
      { type: 'autoScalingGroup', groupName: 'batch-asg-1' },
    ]);
  });

  it('reads the integration from a Task resource in any partition', () => {
    const inChina = getItem('aws-cn', { TableName: 'Instances', Key: key }, { End: true });
    expect(definitionPermissions(definitionOf({ Read: inChina }))).toEqual([{ action: 'dynamodb:GetItem', target: { type: 'table', tableName: 'Instances' } }]);
  });

  it('needs, for a Task of every integration, that integration’s own action', () => {
    const tasks: Record<Integration, State> = {
      getItem: read,
      putItem: putItem('aws', { TableName: 'Deliveries', Item: key }, { End: true }),
      updateItem: write,
      query: query('aws', { TableName: 'Jobs', KeyConditionExpression: 'jobId = :id' }, { End: true }),
      scan: scan('aws', { TableName: 'Instances', Limit: 500 }, { End: true }),
      sendMessage: send,
      enableMetricsCollection: enableMetricsCollection('aws', { 'AutoScalingGroupName.$': '$.group', Granularity: '1Minute' }, { End: true }),
      describeAutoScalingGroups: describeAutoScalingGroups('aws', {}, { End: true }),
    };
    for (const [integration, task] of Object.entries(tasks) as [Integration, State][]) {
      expect(definitionPermissions(definitionOf({ Task: task })).map((permission) => permission.action)).toEqual([TASK_INTEGRATIONS[integration].action]);
    }
  });

  it('refuses a table given by a JSONPath, to which no policy could be scoped, naming the state', () => {
    const dynamic: State = { Type: 'Task', Resource: integrationArn('aws', 'getItem'), Parameters: { 'TableName.$': '$.table', Key: key }, End: true };
    expect(() => definitionPermissions(definitionOf({ 'Read somewhere': dynamic }))).toThrow(
      new WorkflowDefinitionError('States.Read somewhere: Parameters.TableName: expected a literal name the policy can be scoped to, found the JSONPath "$.table"'),
    );
  });

  it('refuses a Task whose resource is none of the integrations, naming the state', () => {
    const lambda: State = { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, End: true };
    expect(() => definitionPermissions(definitionOf({ Invoke: lambda }))).toThrow(/^States\.Invoke: Resource: expected arn:<partition>:states::: and one of .*found "arn:aws:states:::lambda:invoke"$/);
  });
});

describe('resolvePermissions', () => {
  it('gives each permission the ARN of its target, and `*` to an action that takes no resource', () => {
    const definition = definitionOf({
      Read: read,
      Query: query('aws', { TableName: 'Instances', IndexName: 'counting', KeyConditionExpression: 'ce = :ce' }, { Next: 'Send' }),
      Send: { ...send, End: undefined, Next: 'Describe' },
      Describe: describeAutoScalingGroups('aws', {}, { Next: 'Enable' }),
      Enable: enableMetricsCollection('aws', { 'AutoScalingGroupName.$': '$.group', Granularity: '1Minute' }, { End: true }),
    });
    const resolved = resolvePermissions(definitionPermissions(definition), {
      table: (name) => `table:${name}`,
      index: (table, index) => `table:${table}/index/${index}`,
      queue: (url) => `queue:${url}`,
      autoScalingGroup: (name) => `group:${name}`,
    });
    expect(resolved).toEqual([
      { action: 'autoscaling:DescribeAutoScalingGroups', resource: '*' },
      { action: 'autoscaling:EnableMetricsCollection', resource: 'group:*' },
      { action: 'dynamodb:GetItem', resource: 'table:Instances' },
      { action: 'dynamodb:Query', resource: 'table:Instances/index/counting' },
      { action: 'sqs:SendMessage', resource: `queue:${queueUrl}` },
    ]);
  });
});
