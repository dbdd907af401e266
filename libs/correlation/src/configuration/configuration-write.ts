import jsonata from 'jsonata';
import { WorkflowDefinitionError } from '../errors';
import { CONFIGURATION_CALL_NAMES, type ConfigurationCallName } from '@batchmon/event-schemas';
import { CONFIGURATION_MERGE, configurationChange, type ConfigurationKind } from './configuration-item';

/** A DynamoDB attribute value as the API and Step Functions' integrations write it (`{ S: … }`, `{ N: … }`, …). */
export type AttributeValueJson = { readonly [type: string]: unknown };

/** A configuration item as DynamoDB returns it. */
export type ConfigurationItem = Readonly<Record<string, AttributeValueJson>>;

/** A configuration call as {@link configurationChange} reads it. */
export interface ConfigurationCallInput {
  /** `CreateComputeEnvironment`, `UpdateJobQueue`, … */
  readonly eventName: ConfigurationCallName;
  readonly requestParameters: Readonly<Record<string, unknown>>;
  readonly responseElements?: Readonly<Record<string, unknown>> | null;
  /** The call's version (see `configurationVersion`). */
  readonly version: string;
}

/** What a call does to an item: the fields it is newer for, and the item to write. */
export interface ConfigurationWrite {
  readonly kind: ConfigurationKind;
  /** The resource's name; undefined when the call names none (nothing is written then). */
  readonly name?: string;
  /** Whether the call is newer than the item for some field. */
  readonly changed: boolean;
  /** The attributes it is newer for. */
  readonly fields: readonly string[];
  /** Whether an item was there before. */
  readonly exists: boolean;
  /** The revision read (the condition of the write). */
  readonly revision: string;
  /** The item to write when `changed`. */
  readonly item: ConfigurationItem;
}

const changes = new Map(CONFIGURATION_CALL_NAMES.map((name) => [name, jsonata(configurationChange(name))] as const));
const merge = jsonata(CONFIGURATION_MERGE);

/**
 * Evaluates the workflow's own expressions ({@link configurationChange} of the call, then
 * {@link CONFIGURATION_MERGE}) on a call and the item stored for its resource: what
 * `infra:backfill-config` writes, item for item what the BatchConfiguration workflow would.
 *
 * @example
 * const write = await configurationWrite({ eventName: 'CreateJobQueue', requestParameters: queue, version }, stored);
 * if (write.changed) await put(write.item, write.exists ? write.revision : undefined);
 */
export async function configurationWrite(call: ConfigurationCallInput, item: ConfigurationItem | undefined): Promise<ConfigurationWrite> {
  const change = changes.get(call.eventName);
  if (change === undefined) throw new WorkflowDefinitionError(`configurationWrite: expected one of ${CONFIGURATION_CALL_NAMES.join(', ')}, found ${String(call.eventName)}`);
  const described = (await change.evaluate(undefined, { call })) as { kind: ConfigurationKind; name?: string };
  if (described.name === undefined) {
    return { kind: described.kind, changed: false, fields: [], exists: item !== undefined, revision: '0', item: {} };
  }
  const write = (await merge.evaluate(undefined, { change: described, item })) as Omit<ConfigurationWrite, 'kind' | 'name'>;
  return { kind: described.kind, name: described.name, ...write };
}
