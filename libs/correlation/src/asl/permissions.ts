import type { State, StateMachineDefinition } from './asl';
import { TASK_INTEGRATIONS, integrationOf, type PermissionTarget, type TaskParameters } from './integrations';
import { everyState } from './walk';
import { WorkflowDefinitionError } from '../errors';

/** One permission a definition needs: an IAM action on what it is granted on. */
export interface TaskPermission {
  /** The IAM action, e.g. `dynamodb:UpdateItem`. */
  readonly action: `${string}:${string}`;
  readonly target: PermissionTarget;
}

/** The ARNs of what permissions are granted on, as the caller knows them (CDK tokens in the stack). */
export interface PermissionArns {
  /** The ARN of the table named `tableName`. */
  readonly table: (tableName: string) => string;
  /** The ARN of the index `indexName` of the table named `tableName`: `<table ARN>/index/<indexName>`. */
  readonly index: (tableName: string, indexName: string) => string;
  /** The ARN of the queue at `queueUrl`. */
  readonly queue: (queueUrl: string) => string;
  /** The ARN of the Auto Scaling group `groupName` (`*`: any group) in the state machine's account and region. */
  readonly autoScalingGroup: (groupName: string) => string;
}

/** A permission with its resource's ARN: one (action, resource) pair of a policy. */
export interface ResolvedPermission {
  readonly action: `${string}:${string}`;
  /** The resource's ARN, or `*` for an action that takes no resource-level permission. */
  readonly resource: string;
}

/** A key that tells two targets apart, for deduplication and sorting. */
const targetKey = (target: PermissionTarget): string => JSON.stringify(Object.entries(target));

function parametersOf(state: State & { readonly Type: 'Task' }, where: string): TaskParameters {
  const parameters = state.Parameters;
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    throw new WorkflowDefinitionError(`${where}: Parameters: expected an object naming the resource the call acts on, found ${JSON.stringify(parameters) ?? 'nothing'}`);
  }
  return parameters;
}

/**
 * Every permission a definition's Task states need, each once: the IAM action of each Task's
 * integration on what its Parameters name, walking into Parallel branches and Map item processors
 * (the failed-events wrapper runs the workflow inside a Parallel state). What the stack grants a
 * state machine, exactly.
 *
 * Throws a {@link WorkflowDefinitionError} for a Task whose resource is not one of
 * the integrations, or whose table or queue is given by a JSONPath (no policy could be scoped to it).
 *
 * @example
 * definitionPermissions(deployedDefinition(workflow, resources));
 * // [{ action: 'dynamodb:UpdateItem', target: { type: 'table', tableName: 'Jobs' } }, { action: 'sqs:SendMessage', … }, …]
 */
export function definitionPermissions(definition: StateMachineDefinition): readonly TaskPermission[] {
  const found = new Map<string, TaskPermission>();
  for (const { path, state } of everyState(definition)) {
    if (state.Type !== 'Task') continue;
    const integration = TASK_INTEGRATIONS[integrationOf(state.Resource, path)];
    const permission: TaskPermission = { action: integration.action, target: integration.target(parametersOf(state, path), path) };
    found.set(`${permission.action} ${targetKey(permission.target)}`, permission);
  }
  return [...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, permission]) => permission);
}

/**
 * The (action, resource ARN) pairs of `permissions`, with ARNs from `arns`.
 *
 * @example
 * resolvePermissions(definitionPermissions(definition), { table: (name) => tables[name].tableArn, … });
 */
export function resolvePermissions(permissions: readonly TaskPermission[], arns: PermissionArns): readonly ResolvedPermission[] {
  return permissions.map(({ action, target }) => {
    switch (target.type) {
      case 'table':
        return { action, resource: arns.table(target.tableName) };
      case 'index':
        return { action, resource: arns.index(target.tableName, target.indexName) };
      case 'queue':
        return { action, resource: arns.queue(target.queueUrl) };
      case 'autoScalingGroup':
        return { action, resource: arns.autoScalingGroup(target.groupName) };
      case 'any':
        return { action, resource: '*' };
    }
  });
}
