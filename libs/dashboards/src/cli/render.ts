/**
 * `npx nx run dashboards:render -- --out <dir> [--region <region>] [--namespace <ns>] [--prefix <p>]`
 *
 * Writes every batchmon dashboard body as pretty JSON, one file per dashboard
 * (`<dir>/<dashboard name>.json`), built with placeholder resource names and the default alarms,
 * and validated before anything is written. Bad options exit 2; an invalid dashboard exits 1.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_NAMESPACE } from '@batchmon/metrics';
import { batchmonAlarms } from '../alarms/batchmon-alarms';
import { batchmonDashboards } from '../batchmon-dashboards';
import type { BatchmonResources } from '../batchmon-dashboard';
import { renderDashboard } from '../dashboard/dashboard';
import { DashboardValidationError, RenderUsageError } from '../errors';

const USAGE = `usage: nx run dashboards:render -- --out <dir> [--region <region>] [--namespace <namespace>] [--prefix <name prefix>]

  --out        directory to write <dashboard name>.json files to (created if missing)
  --region     region of the dashboards and of their names   (default us-east-1)
  --namespace  CloudWatch namespace of batchmon's metrics     (default ${DEFAULT_NAMESPACE})
  --prefix     second part of each dashboard name             (default batchmon)`;

/** Placeholder names standing for the stack's resources in previews. */
const ACCOUNT = '123456789012';
const PREVIEW_WORKFLOWS = ['InstanceRegistration', 'ContainerInstanceState', 'JobStates', 'JobsPlaced', 'RunTask', 'QueueBlocked', 'AsgMonitoring'];

function placeholderResources(region: string, prefix: string): BatchmonResources {
  return {
    // The workflows the stack deploys today (libs/correlation WORKFLOWS); the stack passes its own.
    stateMachineArns: Object.fromEntries(
      PREVIEW_WORKFLOWS.map((workflow) => [workflow, `arn:aws:states:${region}:${ACCOUNT}:stateMachine:${prefix}-${workflow}`]),
    ),
    deadLetterQueueNames: { metrics: `${prefix}-metrics-dlq`, events: `${prefix}-events-dlq` },
    metricsQueueName: `${prefix}-metrics`,
    metricsFunctionName: `${prefix}-metrics`,
    metricsLogGroupName: `/aws/lambda/${prefix}-metrics`,
    ruleNames: Object.fromEntries(PREVIEW_WORKFLOWS.map((workflow) => [workflow, `${prefix}-${workflow}Rule`])),
  };
}

function options(argv: readonly string[]): { out: string; region: string; namespace: string; prefix: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        out: { type: 'string' },
        region: { type: 'string', default: 'us-east-1' },
        namespace: { type: 'string', default: DEFAULT_NAMESPACE },
        prefix: { type: 'string', default: 'batchmon' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new RenderUsageError(error instanceof Error ? error.message : String(error), { cause: error });
  }
  const { values } = parsed;
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.out === undefined || values.out.length === 0) throw new RenderUsageError('--out <dir> is required');
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(values.region)) throw new RenderUsageError(`--region: expected a region like us-east-1, found "${values.region}"`);
  if (values.namespace.length === 0) throw new RenderUsageError('--namespace: expected a non-empty namespace');
  if (!/^[A-Za-z0-9_-]+$/.test(values.prefix)) throw new RenderUsageError(`--prefix: expected only A-Z, a-z, 0-9, - and _, found "${values.prefix}"`);
  return { out: values.out, region: values.region, namespace: values.namespace, prefix: values.prefix };
}

function main(argv: readonly string[]): number {
  let settings;
  try {
    settings = options(argv);
  } catch (error) {
    if (!(error instanceof RenderUsageError)) throw error;
    console.error(`render: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  const { out, region, namespace, prefix } = settings;
  const resources = placeholderResources(region, prefix);
  try {
    const alarms = batchmonAlarms({ resources }).map((definition) => ({
      definition,
      arn: `arn:aws:cloudwatch:${region}:${ACCOUNT}:alarm:${prefix}-${definition.id}`,
    }));
    // Render and validate all eight before writing any, so a failure leaves no partial set.
    const rendered = Object.values(batchmonDashboards({ region, namespace, resources, alarms, namePrefix: prefix })).map((dashboard) => ({
      name: dashboard.name,
      body: renderDashboard(dashboard),
    }));
    mkdirSync(out, { recursive: true });
    for (const { name, body } of rendered) {
      const file = path.join(out, `${name}.json`);
      writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
      console.log(`${file}: ${body.widgets.length} widgets`);
    }
    return 0;
  } catch (error) {
    if (error instanceof DashboardValidationError) {
      console.error(`render: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

process.exitCode = main(process.argv.slice(2));
