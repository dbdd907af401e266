import { readFileSync } from 'node:fs';
import { describeValue as describe, isRecord, toJsonValue, type JsonObject } from '../json';
import { parseCfnTemplate, type CfnResource, type CfnTemplate } from './cloudformation';
import { IntrinsicResolver, type IntrinsicResolverOptions } from './intrinsics';
import { constructIdOf, localRuleArn } from './local-names';
import type {
  LocalAttributeDefinition,
  LocalEventSourceMappingSpec,
  LocalFunctionSpec,
  LocalKeyElement,
  LocalQueueSpec,
  LocalRuleSpec,
  LocalRuleTargetSpec,
  LocalSecondaryIndexSpec,
  LocalStateMachineSpec,
  LocalTableSpec,
} from './model';
import {
  readObjectList,
  readObjectOrJson,
  readOptionalBoolean,
  readOptionalNumber,
  readOptionalObjectList,
  readOptionalString,
  readString,
} from './read';

/** Options of {@link loadTemplate}. */
export type LoadTemplateOptions = IntrinsicResolverOptions;

/** The resources of a synthesized template that the emulator runs, with tokens resolved to local names. */
export interface LocalTemplate {
  readonly stateMachines: readonly LocalStateMachineSpec[];
  readonly rules: readonly LocalRuleSpec[];
  readonly tables: readonly LocalTableSpec[];
  readonly queues: readonly LocalQueueSpec[];
  readonly functions: readonly LocalFunctionSpec[];
  readonly eventSourceMappings: readonly LocalEventSourceMappingSpec[];
  /** A state machine by logical id, name or CDK construct id (`JobStatesWorkflow`). */
  stateMachine(key: string): LocalStateMachineSpec;
  /** A table by logical id, table name or CDK construct id. */
  table(key: string): LocalTableSpec;
  /** A queue by logical id, queue name, URL, ARN or CDK construct id. */
  queue(key: string): LocalQueueSpec;
  /** Resolves intrinsic functions in any value against this template (e.g. a stack output). */
  resolve(value: unknown, where?: string): unknown;
}

/**
 * Loads a CloudFormation template (what CDK writes to `cdk.out/<Stack>.template.json`) and
 * resolves it to local resources: state machines with their definitions, rules, tables, queues,
 * Lambda functions and SQS event source mappings.
 *
 * @param source the template object, or the path of a template JSON file.
 * @example
 * ```ts
 * const template = loadTemplate('apps/infra/cdk.out/Batchmon.template.json');
 * template.stateMachine('JobStatesWorkflow').definition.StartAt;
 * ```
 */
export function loadTemplate(source: string | object, options: LoadTemplateOptions = {}): LocalTemplate {
  const where = typeof source === 'string' ? source : 'template';
  const raw: unknown = typeof source === 'string' ? readJsonFile(source) : source;
  const template = parseCfnTemplate(raw, where);
  const resolver = new IntrinsicResolver(template, options, friendlyNames(template));
  const loader = new TemplateLoader(template, resolver);
  return loader.load();
}

function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`${path}: expected a readable template file, found an error (${(error as Error).message})`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(`${path}: expected JSON, found text that does not parse (${(error as Error).message})`, { cause: error });
  }
}

/**
 * Friendly names for state machines and rules that set no name of their own: the CDK construct
 * id (`JobStatesWorkflow87C29657` → `JobStatesWorkflow`), unless two resources of a type share
 * it (nested constructs), in which case both keep their logical ids. Real CloudFormation would
 * generate `Stack-JobStatesWorkflow87C29657-AbC123`, which no test could predict.
 */
function friendlyNames(template: CfnTemplate): Map<string, string> {
  const names = new Map<string, string>();
  for (const [type, nameProperty] of [
    ['AWS::StepFunctions::StateMachine', 'StateMachineName'],
    ['AWS::Events::Rule', 'Name'],
  ] as const) {
    const unnamed = Object.entries(template.Resources)
      .filter(([, resource]) => resource.Type === type && resource.Properties?.[nameProperty] === undefined)
      .map(([logicalId]) => logicalId);
    const counts = new Map<string, number>();
    for (const logicalId of unnamed) counts.set(constructIdOf(logicalId), (counts.get(constructIdOf(logicalId)) ?? 0) + 1);
    for (const logicalId of unnamed) names.set(logicalId, counts.get(constructIdOf(logicalId)) === 1 ? constructIdOf(logicalId) : logicalId);
  }
  return names;
}

class TemplateLoader {
  constructor(
    private readonly template: CfnTemplate,
    private readonly resolver: IntrinsicResolver,
  ) {}

  load(): LocalTemplate {
    const tables = this.ofType(['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable']).map(([id, r]) => this.table(id, r));
    const queues = this.ofType(['AWS::SQS::Queue']).map(([id, r]) => this.queue(id, r));
    const functions = this.ofType(['AWS::Lambda::Function']).map(([id, r]) => this.lambdaFunction(id, r));
    const stateMachines = this.ofType(['AWS::StepFunctions::StateMachine']).map(([id, r]) => this.stateMachine(id, r));
    const eventSourceMappings = this.ofType(['AWS::Lambda::EventSourceMapping'])
      .map(([id, r]) => this.eventSourceMapping(id, r, queues, functions))
      .filter((mapping): mapping is LocalEventSourceMappingSpec => mapping !== undefined);
    const rules = this.ofType(['AWS::Events::Rule']).map(([id, r]) => this.rule(id, r, stateMachines, queues));
    for (const queue of queues) {
      const dlq = queue.redrivePolicy?.deadLetterTargetArn;
      if (dlq !== undefined && !queues.some((candidate) => candidate.arn === dlq)) {
        throw new Error(`Resources.${queue.logicalId}.Properties.RedrivePolicy.deadLetterTargetArn: expected the ARN of a queue in the template, found "${dlq}"`);
      }
    }
    const resolver = this.resolver;
    return {
      stateMachines,
      rules,
      tables,
      queues,
      functions,
      eventSourceMappings,
      stateMachine: (key) => findOne(stateMachines, key, 'state machine', (s) => [s.logicalId, s.name, s.arn, constructIdOf(s.logicalId)]),
      table: (key) => findOne(tables, key, 'table', (t) => [t.logicalId, t.tableName, t.arn, constructIdOf(t.logicalId)]),
      queue: (key) => findOne(queues, key, 'queue', (q) => [q.logicalId, q.queueName, q.url, q.arn, constructIdOf(q.logicalId)]),
      resolve: (value, where = 'value') => resolver.resolve(value, where),
    };
  }

  private ofType(types: readonly string[]): [string, CfnResource][] {
    return Object.entries(this.template.Resources).filter(([, resource]) => types.includes(resource.Type));
  }

  /** Resolves the properties of a resource (all tokens), for reading. */
  private properties(logicalId: string, resource: CfnResource): Record<string, unknown> {
    const where = `Resources.${logicalId}.Properties`;
    const resolved = this.resolver.resolve(resource.Properties ?? {}, where);
    if (!isRecord(resolved)) throw new Error(`${where}: expected an object, found ${describe(resolved)}`);
    return resolved;
  }

  private table(logicalId: string, resource: CfnResource): LocalTableSpec {
    const where = `Resources.${logicalId}.Properties`;
    const props = this.properties(logicalId, resource);
    const ttl = isRecord(props['TimeToLiveSpecification']) ? props['TimeToLiveSpecification'] : undefined;
    const ttlEnabled = ttl ? readOptionalBoolean(ttl, 'Enabled', `${where}.TimeToLiveSpecification`) : undefined;
    const ttlAttribute = ttl ? readOptionalString(ttl, 'AttributeName', `${where}.TimeToLiveSpecification`) : undefined;
    const identity = this.resolver.identity(logicalId, where);
    return {
      logicalId,
      tableName: identity.ref,
      arn: identity.attributes['Arn'] ?? '',
      keySchema: readKeySchema(props, where),
      attributeDefinitions: readObjectList(props, 'AttributeDefinitions', where).map((item, i) => {
        const at = `${where}.AttributeDefinitions[${i}]`;
        const type = readString(item, 'AttributeType', at);
        if (type !== 'S' && type !== 'N' && type !== 'B') throw new Error(`${at}.AttributeType: expected S, N or B, found "${type}"`);
        return { AttributeName: readString(item, 'AttributeName', at), AttributeType: type } satisfies LocalAttributeDefinition;
      }),
      globalSecondaryIndexes: readIndexes(props, 'GlobalSecondaryIndexes', where),
      localSecondaryIndexes: readIndexes(props, 'LocalSecondaryIndexes', where),
      ...(ttlEnabled !== false && ttlAttribute !== undefined ? { timeToLiveAttribute: ttlAttribute } : {}),
    };
  }

  private queue(logicalId: string, resource: CfnResource): LocalQueueSpec {
    const where = `Resources.${logicalId}.Properties`;
    const props = this.properties(logicalId, resource);
    const identity = this.resolver.identity(logicalId, where);
    const redrive = props['RedrivePolicy'] === undefined ? undefined : readObjectOrJson(props['RedrivePolicy'], `${where}.RedrivePolicy`);
    let redrivePolicy: LocalQueueSpec['redrivePolicy'];
    if (redrive) {
      const maxReceiveCount = readOptionalNumber(redrive, 'maxReceiveCount', `${where}.RedrivePolicy`);
      if (maxReceiveCount === undefined || !Number.isInteger(maxReceiveCount) || maxReceiveCount < 1) {
        throw new Error(`${where}.RedrivePolicy.maxReceiveCount: expected a whole number of at least 1, found ${describe(maxReceiveCount)}`);
      }
      redrivePolicy = { deadLetterTargetArn: readString(redrive, 'deadLetterTargetArn', `${where}.RedrivePolicy`), maxReceiveCount };
    }
    return {
      logicalId,
      queueName: identity.attributes['QueueName'] ?? logicalId,
      url: identity.ref,
      arn: identity.attributes['Arn'] ?? '',
      fifo: readOptionalBoolean(props, 'FifoQueue', where) ?? false,
      visibilityTimeoutSeconds: readOptionalNumber(props, 'VisibilityTimeout', where) ?? 30,
      ...(redrivePolicy ? { redrivePolicy } : {}),
    };
  }

  private lambdaFunction(logicalId: string, resource: CfnResource): LocalFunctionSpec {
    const where = `Resources.${logicalId}.Properties`;
    const props = this.properties(logicalId, resource);
    const identity = this.resolver.identity(logicalId, where);
    const variables = isRecord(props['Environment']) ? props['Environment']['Variables'] : undefined;
    const environment: Record<string, string> = {};
    if (isRecord(variables)) {
      for (const [name, value] of Object.entries(variables)) {
        environment[name] = typeof value === 'string' ? value : JSON.stringify(value);
      }
    }
    const handler = readOptionalString(props, 'Handler', where);
    const runtime = readOptionalString(props, 'Runtime', where);
    return {
      logicalId,
      functionName: identity.ref,
      arn: identity.attributes['Arn'] ?? '',
      ...(handler !== undefined ? { handler } : {}),
      ...(runtime !== undefined ? { runtime } : {}),
      environment,
      timeoutSeconds: readOptionalNumber(props, 'Timeout', where) ?? 3,
    };
  }

  private stateMachine(logicalId: string, resource: CfnResource): LocalStateMachineSpec {
    const where = `Resources.${logicalId}.Properties`;
    const props = this.properties(logicalId, resource);
    const identity = this.resolver.identity(logicalId, where);
    const substitutions = isRecord(props['DefinitionSubstitutions']) ? props['DefinitionSubstitutions'] : {};
    let text: string;
    if (typeof props['DefinitionString'] === 'string') {
      text = props['DefinitionString'];
    } else if (isRecord(props['Definition'])) {
      text = JSON.stringify(props['Definition']);
    } else if (props['DefinitionS3Location'] !== undefined) {
      throw new Error(`${where}.DefinitionS3Location: expected the definition inline (DefinitionString or Definition), found an S3 location the emulator cannot read`);
    } else {
      throw new Error(`${where}: expected a DefinitionString or a Definition, found neither`);
    }
    // DefinitionSubstitutions replace ${name} placeholders in the definition, as CloudFormation does.
    text = text.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
      const value = substitutions[name];
      return value === undefined ? whole : JSON.stringify(value).replace(/^"|"$/g, '');
    });
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new Error(`${where}.DefinitionString: expected JSON once resolved, found text that does not parse (${(error as Error).message})`, { cause: error });
    }
    const definition = toJsonValue(parsed, `${where}.DefinitionString`);
    if (!isRecord(definition) || typeof definition['StartAt'] !== 'string' || !isRecord(definition['States'])) {
      throw new Error(`${where}.DefinitionString: expected an Amazon States Language definition with StartAt and States, found ${describe(definition)}`);
    }
    const type = props['StateMachineType'] ?? 'STANDARD';
    if (type !== 'EXPRESS' && type !== 'STANDARD') throw new Error(`${where}.StateMachineType: expected EXPRESS or STANDARD, found ${describe(type)}`);
    return { logicalId, name: identity.attributes['Name'] ?? logicalId, arn: identity.ref, type, definition: definition as JsonObject };
  }

  private eventSourceMapping(
    logicalId: string,
    resource: CfnResource,
    queues: readonly LocalQueueSpec[],
    functions: readonly LocalFunctionSpec[],
  ): LocalEventSourceMappingSpec | undefined {
    const where = `Resources.${logicalId}.Properties`;
    const props = this.properties(logicalId, resource);
    const sourceArn = readString(props, 'EventSourceArn', where);
    const queue = queues.find((candidate) => candidate.arn === sourceArn);
    // Streams (DynamoDB, Kinesis) and queues outside the template are not part of the SQS hand-off.
    if (!queue) return undefined;
    const functionRef = readString(props, 'FunctionName', where);
    const target = functions.find((fn) => fn.functionName === functionRef || fn.arn === functionRef || functionRef.startsWith(`${fn.arn}:`));
    const responseTypes = props['FunctionResponseTypes'];
    const batchSize = readOptionalNumber(props, 'BatchSize', where) ?? 10;
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
      throw new Error(`${where}.BatchSize: expected a whole number from 1 to 10000, found ${batchSize}`);
    }
    return {
      logicalId,
      queueLogicalId: queue.logicalId,
      ...(target ? { functionLogicalId: target.logicalId } : {}),
      functionName: target?.functionName ?? functionRef,
      batchSize,
      maximumBatchingWindowInSeconds: readOptionalNumber(props, 'MaximumBatchingWindowInSeconds', where) ?? 0,
      reportBatchItemFailures: Array.isArray(responseTypes) && responseTypes.includes('ReportBatchItemFailures'),
      enabled: readOptionalBoolean(props, 'Enabled', where) ?? true,
    };
  }

  private rule(
    logicalId: string,
    resource: CfnResource,
    stateMachines: readonly LocalStateMachineSpec[],
    queues: readonly LocalQueueSpec[],
  ): LocalRuleSpec {
    const where = `Resources.${logicalId}.Properties`;
    const props = this.properties(logicalId, resource);
    const name = this.resolver.identity(logicalId, where).ref;
    // EventBusName may be a name or an ARN (…:event-bus/<name>).
    const busName = (readOptionalString(props, 'EventBusName', where) ?? 'default').replace(/^arn:.*:event-bus\//, '');
    const schedule = readOptionalString(props, 'ScheduleExpression', where);
    const pattern = props['EventPattern'] === undefined ? undefined : toJsonValue(readObjectOrJson(props['EventPattern'], `${where}.EventPattern`), `${where}.EventPattern`);
    const targets = readOptionalObjectList(props, 'Targets', where).map((target, i): LocalRuleTargetSpec => {
      const at = `${where}.Targets[${i}]`;
      const arn = readString(target, 'Arn', at);
      const stateMachine = stateMachines.find((sm) => sm.arn === arn);
      const queue = queues.find((q) => q.arn === arn);
      const input = readOptionalString(target, 'Input', at);
      const inputPath = readOptionalString(target, 'InputPath', at);
      const transformer = isRecord(target['InputTransformer']) ? target['InputTransformer'] : undefined;
      const pathsMap: Record<string, string> = {};
      if (transformer && isRecord(transformer['InputPathsMap'])) {
        for (const key of Object.keys(transformer['InputPathsMap'])) pathsMap[key] = readString(transformer['InputPathsMap'], key, `${at}.InputTransformer.InputPathsMap`);
      }
      return {
        id: readOptionalString(target, 'Id', at) ?? `Target${i}`,
        arn,
        kind: stateMachine ? 'stateMachine' : queue ? 'queue' : 'unsupported',
        ...(stateMachine ? { logicalId: stateMachine.logicalId } : queue ? { logicalId: queue.logicalId } : {}),
        ...(input !== undefined ? { input } : {}),
        ...(inputPath !== undefined ? { inputPath } : {}),
        ...(transformer ? { inputTransformer: { inputPathsMap: pathsMap, inputTemplate: readString(transformer, 'InputTemplate', `${at}.InputTransformer`) } } : {}),
      };
    });
    return {
      logicalId,
      name,
      arn: localRuleArn(name, busName),
      eventBusName: busName,
      enabled: (readOptionalString(props, 'State', where) ?? 'ENABLED') === 'ENABLED',
      ...(isRecord(pattern) ? { eventPattern: pattern } : {}),
      ...(schedule !== undefined ? { scheduleExpression: schedule } : {}),
      targets,
    };
  }
}

function readKeySchema(source: Record<string, unknown>, where: string): LocalKeyElement[] {
  return readObjectList(source, 'KeySchema', where).map((item, i) => {
    const at = `${where}.KeySchema[${i}]`;
    const keyType = readString(item, 'KeyType', at);
    if (keyType !== 'HASH' && keyType !== 'RANGE') throw new Error(`${at}.KeyType: expected HASH or RANGE, found "${keyType}"`);
    return { AttributeName: readString(item, 'AttributeName', at), KeyType: keyType };
  });
}

function readIndexes(source: Record<string, unknown>, key: string, where: string): LocalSecondaryIndexSpec[] {
  return readOptionalObjectList(source, key, where).map((item, i) => {
    const at = `${where}.${key}[${i}]`;
    const projection = isRecord(item['Projection']) ? item['Projection'] : {};
    const type = readOptionalString(projection, 'ProjectionType', `${at}.Projection`) ?? 'ALL';
    if (type !== 'ALL' && type !== 'KEYS_ONLY' && type !== 'INCLUDE') {
      throw new Error(`${at}.Projection.ProjectionType: expected ALL, KEYS_ONLY or INCLUDE, found "${type}"`);
    }
    const nonKey = projection['NonKeyAttributes'];
    return {
      IndexName: readString(item, 'IndexName', at),
      KeySchema: readKeySchema(item, at),
      Projection: {
        ProjectionType: type,
        ...(Array.isArray(nonKey) ? { NonKeyAttributes: nonKey.filter((n): n is string => typeof n === 'string') } : {}),
      },
    };
  });
}

function findOne<T>(items: readonly T[], key: string, kind: string, keysOf: (item: T) => string[]): T {
  const exact = items.filter((item) => keysOf(item).slice(0, -1).includes(key));
  const matches = exact.length > 0 ? exact : items.filter((item) => keysOf(item).at(-1) === key);
  const [first, second] = matches;
  if (first !== undefined && second === undefined) return first;
  const known = items.map((item) => keysOf(item)[0]).join(', ') || 'none';
  if (first === undefined) throw new Error(`Template: expected a ${kind} named "${key}", found none (the template has: ${known})`);
  throw new Error(`Template: expected one ${kind} named "${key}", found several (${matches.map((m) => keysOf(m)[0]).join(', ')}); use the logical id`);
}
