import aslValidator from 'asl-validator';
import { CONDITIONAL_CHECK_FAILED, INTEGRATIONS, integrationArns } from './asl/integrations';
import type { State } from './asl/asl';
import { SCREEN_CHARACTERS, outputLength } from './asl/jsonata';
import { definitionPermissions } from './asl/permissions';
import { everyState } from './asl/walk';
import { HAND_OVER_STATE } from './failures/failed-events';
import { WORKFLOWS, deployedDefinition, type WorkflowSpec } from './workflows';

const resources = {
  instancesTable: 'Instances',
  jobsTable: 'Jobs',
  deliveriesTable: 'Deliveries',
  configurationTable: 'Configuration',
  evidenceTable: 'Evidence',
  metricsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/metrics',
  partition: 'aws',
  failedEventsQueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/failed-events',
};
const workflows = WORKFLOWS.map((w) => [w.name, w] as const);

/** Every state of a definition and its Parallel branches as [name, state], not those of Map processors (which end by returning their item's result). */
const pathStatesOf = (states: Readonly<Record<string, State>>): [string, State][] =>
  Object.entries(states).flatMap(([name, state]): [string, State][] => [[name, state], ...(state.Type === 'Parallel' ? state.Branches.flatMap((branch) => pathStatesOf(branch.States)) : [])]);

/** Every state of a definition as [name, state], those inside Parallel branches and Map processors included. */
const statesOf = (states: Readonly<Record<string, State>>): [string, State][] =>
  Object.entries(states).flatMap(([name, state]): [string, State][] => [
    [name, state],
    ...(state.Type === 'Parallel' ? state.Branches.flatMap((branch) => statesOf(branch.States)) : []),
    ...(state.Type === 'Map' ? statesOf(state.ItemProcessor.States) : []),
  ]);

const successors = (state: State): string[] => {
  const next: string[] = [];
  if ('Next' in state && state.Next !== undefined) next.push(state.Next);
  if (state.Type === 'Choice') next.push(...state.Choices.map((c) => c.Next), state.Default);
  if (state.Type === 'Task') next.push(...(state.Catch ?? []).map((c) => c.Next));
  return next;
};

describe.each(workflows)('the %s workflow', (_name, spec: WorkflowSpec) => {
  const definition = spec.definition(resources);

  it('is valid Amazon States Language', () => {
    const { isValid, errors } = aslValidator(definition);
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
  });

  it('calls only direct service integrations, never a Lambda', () => {
    const known: string[] = Object.values(integrationArns(resources.partition));
    const resourcesUsed = statesOf(definition.States).flatMap(([, s]) => (s.Type === 'Task' ? [s.Resource] : []));
    expect(resourcesUsed.length).toBeGreaterThan(0);
    for (const resource of resourcesUsed) expect(known).toContain(resource);
  });

  it('names its Task resources in the partition it is given (aws-cn, aws-us-gov)', () => {
    for (const partition of ['aws-cn', 'aws-us-gov']) {
      const states = statesOf(spec.definition({ ...resources, partition }).States).map(([, s]) => s);
      const resourcesUsed = states.flatMap((s) => (s.Type === 'Task' ? [s.Resource] : []));
      expect(resourcesUsed.length).toBeGreaterThan(0);
      for (const resource of resourcesUsed) expect(resource.startsWith(`arn:${partition}:states:::`)).toBe(true);
    }
  });

  it('reaches every state from the start', () => {
    const seen = new Set<string>([definition.StartAt]);
    const queue = [definition.StartAt];
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
      const state = definition.States[name];
      if (state === undefined) throw new Error(`state "${name}" is referenced but not defined`);
      for (const next of successors(state).filter((n) => !seen.has(n))) {
        seen.add(next);
        queue.push(next);
      }
    }
    expect([...seen].sort()).toEqual(Object.keys(definition.States).sort());
  });

  it('ends every path by sending a metric message, or in a Succeed state that says why it needs none', () => {
    const ends = pathStatesOf(definition.States).filter(([, s]) => 'End' in s && s.End === true && s.Type !== 'Parallel' && s.Type !== 'Map');
    expect(ends.length).toBeGreaterThan(0);
    for (const [, state] of ends) expect(state.Type === 'Task' && state.Resource === INTEGRATIONS.sendMessage).toBe(true);
    for (const [, state] of statesOf(definition.States).filter(([, s]) => s.Type === 'Succeed')) expect(state.Comment).toEqual(expect.any(String));
  });

  it('never catches a failed condition as a duplicate: writes tell duplicates by what they return', () => {
    // A caught error is still an ERROR-level TaskFailed log record, and a caught condition cannot
    // tell a repeated delivery from a retry of the execution's own committed write.
    const tasks = Object.values(definition.States).flatMap((s) => (s.Type === 'Task' ? [s] : []));
    const conditionCatches = tasks.flatMap((task) => (task.Catch ?? []).filter((c) => c.ErrorEquals.includes(CONDITIONAL_CHECK_FAILED)));
    for (const catcher of conditionCatches) expect(catcher.Next).not.toMatch(/^Skip:/);
  });

  it('retries no permanent error: neither every error nor the SDKs’ base classes, under which validation errors come', () => {
    const retried = statesOf(definition.States).flatMap(([, s]) => (s.Type === 'Task' ? (s.Retry ?? []).flatMap((r) => r.ErrorEquals) : []));
    for (const error of ['States.ALL', 'States.TaskFailed', 'DynamoDB.AmazonDynamoDBException', 'DynamoDb.DynamoDbException', 'SQS.AmazonSQSException']) {
      expect(retried).not.toContain(error);
    }
  });

  it('is deployed as valid Amazon States Language with its failure handling', () => {
    const { isValid, errors } = aslValidator(deployedDefinition(spec, resources));
    expect(errors).toEqual([]);
    expect(isValid).toBe(true);
  });

  it('is deployed with every Task state handing its failures to the failed-events queue', () => {
    const deployed = deployedDefinition(spec, resources);
    const branchStates = Object.values(deployed.States).flatMap((s) => (s.Type === 'Parallel' ? s.Branches.flatMap((b) => Object.values(b.States)) : []));
    // A Parallel or Map state is caught as a whole: the states inside it cannot reach the hand-over.
    const caught = (s: State): boolean => (s.Type === 'Task' && s.Resource !== INTEGRATIONS.sendMessage) || s.Type === 'Parallel' || s.Type === 'Map';
    const tasks = branchStates.filter(caught);
    expect(tasks.length).toBe(Object.values(definition.States).filter(caught).length);
    for (const task of tasks) {
      if (task.Type !== 'Task' && task.Type !== 'Parallel' && task.Type !== 'Map') continue;
      const last = task.Catch?.at(-1);
      expect(last?.ErrorEquals).toEqual(['States.ALL']);
    }
    expect(branchStates).toContainEqual(expect.objectContaining({ Parameters: expect.objectContaining({ QueueUrl: resources.failedEventsQueueUrl }) }));
    expect(Object.keys(deployed.States)).not.toContain(HAND_OVER_STATE);
  });

  it('times out well before the Express limit of five minutes', () => {
    expect(definition.TimeoutSeconds).toBeLessThanOrEqual(60);
  });

  it('uses only the table and queue names it is given', () => {
    const json = JSON.stringify(definition);
    const tables = [...json.matchAll(/"TableName":"([^"]*)"/g)].map((m) => m[1]);
    for (const table of tables) {
      expect([resources.instancesTable, resources.jobsTable, resources.deliveriesTable, resources.configurationTable, resources.evidenceTable]).toContain(table);
    }
    expect(json).toContain(`"QueueUrl":"${resources.metricsQueueUrl}"`);
  });

  it('is deployed needing permissions on exactly the tables and queues its Tasks name, and on no other', () => {
    const deployed = deployedDefinition(spec, resources);
    const named = [...JSON.stringify(deployed).matchAll(/"(?:TableName|QueueUrl)":"([^"]*)"/g)].map((m) => m[1]);
    const granted = definitionPermissions(deployed).flatMap(({ target }) =>
      target.type === 'table' || target.type === 'index' ? [target.tableName] : target.type === 'queue' ? [target.queueUrl] : [],
    );
    expect(new Set(granted)).toEqual(new Set(named));
  });

  it('keeps every JSONata state within a screen of the console, larger logic split into named states', () => {
    const lengths = everyState(deployedDefinition(spec, resources)).flatMap(({ name, state }) =>
      'QueryLanguage' in state && state.QueryLanguage === 'JSONata' ? [{ name, length: outputLength(state) }] : [],
    );
    expect(lengths.filter(({ length }) => length > SCREEN_CHARACTERS)).toEqual([]);
  });
});
