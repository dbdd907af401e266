import { App } from 'aws-cdk-lib';
import { isMetricsProfile, MetricsConfigurationError, METRICS_PROFILES } from '@batchmon/metrics';
import { BatchmonStack } from './stack/batchmon-stack';
import { parseQueueMinutes } from './stack/stuck-job-options';

// The CDK app `nx run infra:synth|deploy|diff|destroy` runs. Configuration comes from CDK context
// (`-c stackName=…`) or environment variables, so no file needs editing.
const app = new App();
const context = (key: string): string | undefined => {
  const value: unknown = app.node.tryGetContext(key);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
};
const stackName = context('stackName') ?? process.env['BATCHMON_STACK_NAME'] ?? 'Batchmon';
const archiveDays = context('archiveRetentionDays') ?? process.env['BATCHMON_ARCHIVE_RETENTION_DAYS'];
const region = context('region') ?? process.env['BATCHMON_REGION'] ?? process.env['CDK_DEFAULT_REGION'];
const metricsProfile = context('metricsProfile') ?? process.env['BATCHMON_METRICS_PROFILE'];
if (metricsProfile !== undefined && !isMetricsProfile(metricsProfile)) {
  throw new MetricsConfigurationError(`metricsProfile (context or BATCHMON_METRICS_PROFILE): expected one of ${METRICS_PROFILES.join(', ')}, found ${JSON.stringify(metricsProfile)}`);
}

const minutes = (key: string, variable: string): number | undefined => {
  const value = context(key) ?? process.env[variable];
  return value === undefined ? undefined : Number(value);
};
const byQueue = context('stuckRunnableMinutesByQueue') ?? process.env['BATCHMON_STUCK_RUNNABLE_MINUTES_BY_QUEUE'];

new BatchmonStack(app, stackName, {
  env: region === undefined ? undefined : { region, account: process.env['CDK_DEFAULT_ACCOUNT'] },
  metricsNamespace: context('metricsNamespace') ?? process.env['BATCHMON_METRICS_NAMESPACE'],
  metricsProfile,
  createTrail: (context('createTrail') ?? process.env['BATCHMON_CREATE_TRAIL']) === 'true',
  monitoring: {
    alarmEmail: context('alarmEmail') ?? process.env['BATCHMON_ALARM_EMAIL'],
    // Dashboard names are unique per account and region: a second stack (the smoke test's) sets its own.
    dashboardNamePrefix: context('dashboardNamePrefix') ?? process.env['BATCHMON_DASHBOARD_NAME_PREFIX'],
  },
  // The stack checks the number (a whole number of days, at least 1) and names the value it found.
  archiveRetentionDays: archiveDays === undefined ? undefined : Number(archiveDays),
  // The stack checks each number (whole minutes from 1 to 1,440) and names the value it found.
  stuckJobs: {
    runnableMinutes: minutes('stuckRunnableMinutes', 'BATCHMON_STUCK_RUNNABLE_MINUTES'),
    startingMinutes: minutes('stuckStartingMinutes', 'BATCHMON_STUCK_STARTING_MINUTES'),
    runnableMinutesByQueue: byQueue === undefined ? undefined : parseQueueMinutes(byQueue),
  },
});
