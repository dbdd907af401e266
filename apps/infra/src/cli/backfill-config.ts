import {
  BatchClient,
  DescribeComputeEnvironmentsCommand,
  DescribeJobQueuesCommand,
  type ComputeEnvironmentDetail,
  type JobQueueDetail,
} from '@aws-sdk/client-batch';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, PutItemCommand, type AttributeValue, type PutItemCommandInput } from '@aws-sdk/client-dynamodb';
import {
  CONFIGURATION_TABLE,
  configurationVersion,
  configurationWrite,
  type ConfigurationCallInput,
  type ConfigurationItem,
} from '@batchmon/correlation';
import { StackOutputsError, UsageError } from '../errors';

// A one-off admin command for the compute environments and job queues that existed before batchmon
// was deployed (the BatchConfiguration workflow learns every change made since, from CloudTrail).
// It reads them once with DescribeComputeEnvironments and DescribeJobQueues — fine here, never in
// the pipeline, never on a schedule — and by default only prints what it would write.

/** The stack output naming the configuration table. */
export const CONFIGURATION_TABLE_OUTPUT = 'ConfigurationTableName';

/** `eventID` part of the version the backfill writes with: it reads what exists now, as one call would. */
export const BACKFILL_EVENT_ID = 'backfill';

/** How often a write that lost a race with the workflow is merged again before the command gives up on the resource. */
export const MAX_BACKFILL_ATTEMPTS = 3;

/** The AWS Batch calls the command makes, so tests can run it without AWS. */
export interface BatchDescribeApi {
  /** One page of DescribeComputeEnvironments. */
  describeComputeEnvironments(nextToken: string | undefined): Promise<{ readonly items: readonly ComputeEnvironmentDetail[]; readonly nextToken?: string }>;
  /** One page of DescribeJobQueues. */
  describeJobQueues(nextToken: string | undefined): Promise<{ readonly items: readonly JobQueueDetail[]; readonly nextToken?: string }>;
}

/** The configuration table's calls, in DynamoDB's attribute-value JSON (what the workflow reads and writes). */
export interface ConfigurationTableApi {
  getItem(key: string): Promise<ConfigurationItem | undefined>;
  /**
   * Writes the item if the stored one still has `revision` (or, `undefined`, if there is none).
   * @returns false when the condition failed: another writer came in between.
   */
  putItem(item: ConfigurationItem, revision: string | undefined): Promise<boolean>;
}

/** {@link BatchDescribeApi} over the AWS SDK client (100 per page, the most either call returns). */
export function sdkBatchApi(client: BatchClient): BatchDescribeApi {
  return {
    async describeComputeEnvironments(nextToken) {
      const page = await client.send(new DescribeComputeEnvironmentsCommand({ nextToken, maxResults: 100 }));
      return { items: page.computeEnvironments ?? [], ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
    },
    async describeJobQueues(nextToken) {
      const page = await client.send(new DescribeJobQueuesCommand({ nextToken, maxResults: 100 }));
      return { items: page.jobQueues ?? [], ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
    },
  };
}

/**
 * An item of the workflow's JSON as the SDK's attribute values: the same JSON shape (`{ S: … }`,
 * `{ L: [...] }`, …) that Step Functions' DynamoDB integration sends, which the SDK's union types
 * member by member.
 */
function attributeValues(item: ConfigurationItem): Record<string, AttributeValue> {
  return JSON.parse(JSON.stringify(item)) as Record<string, AttributeValue>;
}

/** {@link ConfigurationTableApi} over the AWS SDK client, with the workflow's conditions. */
export function sdkConfigurationTableApi(client: DynamoDBClient, tableName: string): ConfigurationTableApi {
  return {
    async getItem(key) {
      const result = await client.send(
        new GetItemCommand({ TableName: tableName, Key: { [CONFIGURATION_TABLE.partitionKey]: { S: key } }, ConsistentRead: true }),
      );
      return result.Item as ConfigurationItem | undefined;
    },
    async putItem(item, revision) {
      const condition: Pick<PutItemCommandInput, 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> =
        revision === undefined
          ? { ConditionExpression: 'attribute_not_exists(#key)', ExpressionAttributeNames: { '#key': CONFIGURATION_TABLE.partitionKey } }
          : {
              ConditionExpression: '#revision = :revision',
              ExpressionAttributeNames: { '#revision': CONFIGURATION_TABLE.revisionAttribute },
              ExpressionAttributeValues: { ':revision': { N: revision } },
            };
      try {
        await client.send(new PutItemCommand({ TableName: tableName, Item: attributeValues(item), ...condition }));
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}

/** Every item of a paginated describe call, all pages. */
async function allPages<T>(page: (nextToken: string | undefined) => Promise<{ readonly items: readonly T[]; readonly nextToken?: string }>): Promise<T[]> {
  const items: T[] = [];
  let nextToken: string | undefined;
  do {
    const result = await page(nextToken);
    items.push(...result.items);
    nextToken = result.nextToken;
  } while (nextToken !== undefined);
  return items;
}

/**
 * A described compute environment or job queue as the create call that would make it as it is now:
 * a description holds the create request's fields under the same names, plus the ARN its response
 * carries. The workflow's own expressions then turn it into the item, so the two cannot drift.
 *
 * @example
 * describedAsCall({ jobQueueName: 'high', jobQueueArn: arn, priority: 10 }, '2026-01-01T00:00:00Z#backfill');
 */
export function describedAsCall(resource: ComputeEnvironmentDetail | JobQueueDetail, version: string): ConfigurationCallInput {
  const request: Readonly<Record<string, unknown>> = { ...resource };
  if ('computeEnvironmentName' in resource) {
    const { computeEnvironmentName, computeEnvironmentArn } = resource;
    return { eventName: 'CreateComputeEnvironment', requestParameters: request, responseElements: { computeEnvironmentName, computeEnvironmentArn }, version };
  }
  const { jobQueueName, jobQueueArn } = resource;
  return { eventName: 'CreateJobQueue', requestParameters: request, responseElements: { jobQueueName, jobQueueArn }, version };
}

/** What the command does to one resource. */
export interface ResourceChange {
  /** `compute-environment#<name>` or `job-queue#<name>`. */
  readonly key: string;
  /** The attributes written: those the description is newer for. */
  readonly fields: readonly string[];
}

/** What the command did, or would do. */
export interface BackfillReport {
  readonly computeEnvironments: number;
  readonly jobQueues: number;
  /** Resources written (or to write, in a dry run). */
  readonly changes: readonly ResourceChange[];
  /** Resources whose item already holds what the description says, or newer. */
  readonly upToDate: readonly string[];
  /** Resources the workflow kept writing while the command tried (run it again). */
  readonly contended: readonly string[];
}

/** Options of {@link backfillConfig}. */
export interface BackfillOptions {
  /** Write the items; otherwise only plan. @default false */
  readonly apply?: boolean;
  /** The moment the descriptions are taken to describe. @default now */
  readonly now?: Date;
}

/**
 * Reads every compute environment and job queue once and writes, for each, the item the
 * BatchConfiguration workflow would write for a create call made now: fields newer than what the
 * table holds replace it, fields a later CloudTrail call set stay. With `apply` false nothing is
 * written. Returns the report.
 *
 * @example
 * const report = await backfillConfig(sdkBatchApi(new BatchClient({})), sdkConfigurationTableApi(dynamodb, table), { apply: true });
 * console.log(describeBackfill(report, true));
 */
export async function backfillConfig(batch: BatchDescribeApi, table: ConfigurationTableApi, options: BackfillOptions = {}): Promise<BackfillReport> {
  // CloudTrail writes eventTime in whole seconds: versions compare as strings, so the same form.
  const version = configurationVersion((options.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'), BACKFILL_EVENT_ID);
  const computeEnvironments = await allPages((token) => batch.describeComputeEnvironments(token));
  const jobQueues = await allPages((token) => batch.describeJobQueues(token));
  const changes: ResourceChange[] = [];
  const upToDate: string[] = [];
  const contended: string[] = [];
  for (const resource of [...computeEnvironments, ...jobQueues]) {
    const call = describedAsCall(resource, version);
    const described = await configurationWrite(call, undefined);
    if (described.name === undefined) continue;
    const key = `${described.kind}#${described.name}`;
    for (let attempt = 1; ; attempt++) {
      const write = await configurationWrite(call, await table.getItem(key));
      if (!write.changed) {
        upToDate.push(key);
        break;
      }
      if (options.apply !== true || (await table.putItem(write.item, write.exists ? write.revision : undefined))) {
        changes.push({ key, fields: write.fields });
        break;
      }
      if (attempt >= MAX_BACKFILL_ATTEMPTS) {
        contended.push(key);
        break;
      }
    }
  }
  return { computeEnvironments: computeEnvironments.length, jobQueues: jobQueues.length, changes, upToDate, contended };
}

/** How the report reads, before (`apply` false: a dry run) or after it is applied. */
export function describeBackfill(report: BackfillReport, apply: boolean): string {
  const lines = [
    `batchmon: ${report.computeEnvironments} compute environment(s) and ${report.jobQueues} job queue(s); ` +
      `${report.upToDate.length} already up to date in the configuration table.`,
  ];
  for (const change of report.changes) lines.push(`  ${apply ? 'wrote' : 'would write'} ${change.key}: ${change.fields.join(', ')}`);
  for (const key of report.contended) lines.push(`  ${key}: changed by the workflow while this ran; run the command again`);
  if (report.changes.length === 0 && report.contended.length === 0) lines.push('Nothing to change.');
  else if (!apply) lines.push('Dry run: nothing was written. To write them: npx nx run infra:backfill-config -- --apply');
  return lines.join('\n');
}

/** Command-line arguments. */
export interface BackfillArguments {
  readonly apply: boolean;
  readonly help: boolean;
  readonly stackName: string;
  readonly tableName?: string;
  readonly region?: string;
}

/** The usage text. */
export const USAGE = `Usage: npx nx run infra:backfill-config [-- [--apply] [--stack-name <name>] [--table-name <name>] [--region <region>]]
Reads the compute environments and job queues that exist now (DescribeComputeEnvironments, DescribeJobQueues: once, never on a schedule)
and writes them to batchmon's configuration table, as the BatchConfiguration workflow would for calls made now.
Without --apply it only prints what it would write. The table is the stack's ${CONFIGURATION_TABLE_OUTPUT} output (stack "Batchmon" unless --stack-name), or --table-name.`;

/**
 * Reads the command's arguments.
 * @throws UsageError naming the argument, when one is unknown or lacks its value.
 */
export function parseArguments(args: readonly string[]): BackfillArguments {
  let apply = false;
  let help = false;
  let stackName = 'Batchmon';
  const values: { tableName?: string; region?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const raw = args[i] ?? '';
    const [arg, inline] = raw.startsWith('--') && raw.includes('=') ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)] : [raw, undefined];
    const take = (): string => {
      const value = inline ?? args[++i];
      if (value === undefined || value.startsWith('-')) throw new UsageError(`${arg}: expected a value, found none`);
      return value;
    };
    if (arg === '--apply') apply = inline === undefined || inline === 'true';
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--stack-name') stackName = take();
    else if (arg === '--table-name') values.tableName = take();
    else if (arg === '--region') values.region = take();
    else throw new UsageError(`${raw}: expected --apply, --stack-name, --table-name, --region or --help`);
  }
  return { apply, help, stackName, ...values };
}

/** The configuration table's name from the stack's outputs. */
async function tableNameOf(stackName: string, client: CloudFormationClient): Promise<string> {
  const result = await client.send(new DescribeStacksCommand({ StackName: stackName }));
  const output = result.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === CONFIGURATION_TABLE_OUTPUT);
  if (output?.OutputValue === undefined) {
    throw new StackOutputsError(`stack ${stackName}: expected an output ${CONFIGURATION_TABLE_OUTPUT}, found none (deploy the current batchmon, or pass --table-name)`);
  }
  return output.OutputValue;
}

async function main(args: readonly string[]): Promise<number> {
  let parsed: BackfillArguments;
  try {
    parsed = parseArguments(args);
  } catch (error) {
    console.error(`batchmon backfill-config: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (parsed.help) {
    console.log(USAGE);
    return 0;
  }
  const config = parsed.region === undefined ? {} : { region: parsed.region };
  try {
    const tableName = parsed.tableName ?? (await tableNameOf(parsed.stackName, new CloudFormationClient(config)));
    const report = await backfillConfig(sdkBatchApi(new BatchClient(config)), sdkConfigurationTableApi(new DynamoDBClient(config), tableName), { apply: parsed.apply });
    console.log(describeBackfill(report, parsed.apply));
    return 0;
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.error(
      `batchmon backfill-config: ${reason}\n` +
        (parsed.apply ? 'Items written before the error stay; running the command again writes the rest.' : 'Nothing was written.'),
    );
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
