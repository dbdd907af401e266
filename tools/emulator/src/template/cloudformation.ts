import { describeValue as describe, isRecord } from '../json';

/** One resource of a CloudFormation template, as CDK synthesizes it. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Condition?: string;
  readonly Metadata?: Record<string, unknown>;
}

/** The parts of a CloudFormation template the emulator reads. */
export interface CfnTemplate {
  readonly Resources: Record<string, CfnResource>;
  readonly Parameters?: Record<string, { readonly Type?: string; readonly Default?: unknown }>;
  readonly Conditions?: Record<string, unknown>;
  readonly Mappings?: Record<string, Record<string, Record<string, unknown>>>;
}

/**
 * Checks the outline of a parsed template (an object with a `Resources` map of typed resources).
 * @param where names the template in error messages (a file path or "template object").
 */
export function parseCfnTemplate(raw: unknown, where: string): CfnTemplate {
  if (!isRecord(raw)) throw new Error(`${where}: expected a CloudFormation template object, found ${describe(raw)}`);
  const resources = raw['Resources'];
  if (!isRecord(resources)) {
    throw new Error(`${where}: expected a "Resources" object (as in cdk.out/<Stack>.template.json), found ${describe(resources)}`);
  }
  const checked: Record<string, CfnResource> = {};
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isRecord(resource) || typeof resource['Type'] !== 'string') {
      throw new Error(`${where}: Resources.${logicalId}: expected an object with a string "Type", found ${describe(resource)}`);
    }
    const properties = resource['Properties'];
    if (properties !== undefined && !isRecord(properties)) {
      throw new Error(`${where}: Resources.${logicalId}.Properties: expected an object, found ${describe(properties)}`);
    }
    const condition = resource['Condition'];
    const metadata = resource['Metadata'];
    checked[logicalId] = {
      Type: resource['Type'],
      ...(properties ? { Properties: properties } : {}),
      ...(typeof condition === 'string' ? { Condition: condition } : {}),
      ...(isRecord(metadata) ? { Metadata: metadata } : {}),
    };
  }
  const parameters = isRecord(raw['Parameters']) ? (raw['Parameters'] as CfnTemplate['Parameters']) : undefined;
  const conditions = isRecord(raw['Conditions']) ? raw['Conditions'] : undefined;
  const mappings = isRecord(raw['Mappings']) ? (raw['Mappings'] as CfnTemplate['Mappings']) : undefined;
  return {
    Resources: checked,
    ...(parameters ? { Parameters: parameters } : {}),
    ...(conditions ? { Conditions: conditions } : {}),
    ...(mappings ? { Mappings: mappings } : {}),
  };
}
