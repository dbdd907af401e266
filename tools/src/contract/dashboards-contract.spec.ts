import { alarmPipelineQueries, DASHBOARD_KEYS, FINISHED_JOBS_METRIC, jobStatesDashboard, pipelineMetric, pipelineQueries, widgetsOf } from '@batchmon/dashboards';
import { dimensionSetsFor, METRIC_NAMES } from '@batchmon/metrics';
import { BROKEN_WIDGET_TITLE, withUnpublishedDimensionSet, withWidgetQueries } from './broken-widget';
import { CONTRACT_JOB_QUEUES, contractAlarms, contractAlarmSet, contractDashboardOptions, contractDashboards } from './contract-subjects';
import { contractViolations } from './contract-violations';
import { CONTRACT_DELIVERY, CONTRACT_WORKLOAD, emitWorkloadInChildProcess, type EmittedWorkload } from './contract-workload';

const DASHBOARDS = contractDashboards();
const ALARMS = contractAlarmSet();

let emitted: EmittedWorkload;

beforeAll(async () => {
  emitted = await emitWorkloadInChildProcess(CONTRACT_WORKLOAD, CONTRACT_DELIVERY);
}, 180_000);

const messagesOf = (violations: readonly { readonly message: string }[]): string[] => [...new Set(violations.map((violation) => violation.message))];

describe('the simulated workload the contract is checked against', () => {
  it('runs through batchmon without invalid events, failed executions, dead letters or rejected records', () => {
    const { invalid, failedExecutions, deadLetters } = emitted.summary;
    expect({ invalid, failedExecutions, deadLetters, lambdaErrors: emitted.lambdaErrors }).toEqual({ invalid: 0, failedExecutions: 0, deadLetters: 0, lambdaErrors: [] });
  });

  it('emits every metric of the catalog, under every dimension set the catalog declares', () => {
    const keySet = (keys: readonly string[]): string => [...keys].sort().join(', ');
    const emittedSets = new Set(emitted.series.map((series) => `${series.metric} [${keySet(Object.keys(series.dimensions))}]`));
    const declaredSets = METRIC_NAMES.flatMap((metric) => dimensionSetsFor(metric, 'detailed').map((set: readonly string[]) => `${metric} [${keySet(set)}]`));
    expect(METRIC_NAMES.filter((metric) => !emitted.series.some((series) => series.metric === metric))).toEqual([]);
    expect(declaredSets.filter((set) => !emittedSets.has(set))).toEqual([]);
  });

  it('shows every metric of the catalog on some dashboard', () => {
    const shown = new Set<string>(Object.values(DASHBOARDS).flatMap((dashboards) => dashboards.flatMap(pipelineQueries).map((query) => query.metric)));
    expect(METRIC_NAMES.filter((metric) => !shown.has(metric))).toEqual([]);
  });
});

describe('the dashboard contract', () => {
  it.each(DASHBOARD_KEYS)('every pipeline query of the %s dashboard matches a series the pipeline emits', (key) => {
    expect(messagesOf(contractViolations(DASHBOARDS[key], [], emitted.series))).toEqual([]);
  });

  it('catches a widget that reads a dimension set the pipeline does not emit', () => {
    const broken = withUnpublishedDimensionSet(jobStatesDashboard(contractDashboardOptions({})));
    const violations = contractViolations([broken], [], emitted.series);
    // What the author of a broken widget sees (quoted in the notes of the contract test).
    console.log(violations.map((violation) => violation.message).join('\n'));
    expect(violations).toEqual([
      expect.objectContaining({
        location: `dashboard "us-east-1-batchmon-job-states" › widget "${BROKEN_WIDGET_TITLE}"`,
        message: expect.stringContaining(
          'JobStateTransitions [State, JobQueue, ComputeEnvironment] where State="FAILED" (Sum) matches no emitted series: ' +
            'no JobStateTransitions series has exactly the dimensions [State, JobQueue, ComputeEnvironment]; it is emitted with [State] ',
        ),
      }),
    ]);
  });

  it('catches a widget that filters on a dimension value the pipeline never emits', () => {
    const misspelled = withWidgetQueries(jobStatesDashboard(contractDashboardOptions({})), BROKEN_WIDGET_TITLE, () => [
      pipelineMetric('JobStateTransitions', ['State', 'JobQueue'], { stat: 'Sum', where: { State: 'Failed' } }),
    ]);
    expect(messagesOf(contractViolations([misspelled], [], emitted.series))).toEqual([
      expect.stringContaining('State="Failed" is never emitted with these dimensions; emitted values: FAILED, '),
    ]);
  });
});

describe('the alarm contract', () => {
  it.each(ALARMS.filter((alarm) => alarmPipelineQueries(alarm).length > 0).map((alarm) => [alarm.id, alarm] as const))(
    'every pipeline query of alarm %s matches a series the pipeline emits',
    (_id, alarm) => {
      expect(messagesOf(contractViolations([], [alarm], emitted.series))).toEqual([]);
    },
  );

  it('catches an alarm on a job queue that never ran a job', () => {
    expect(messagesOf(contractViolations([], contractAlarms({ runnableWait: { jobQueues: ['nightly'] } }), emitted.series))).toEqual([
      'alarm "runnable-wait-nightly": RunnableWaitTime [JobQueue] where JobQueue="nightly" (p90) matches no emitted series: ' +
        `JobQueue="nightly" is never emitted with these dimensions; emitted values: ${[...CONTRACT_JOB_QUEUES].sort().join(', ')}`,
    ]);
  });
});

describe('the per-job records the Logs Insights widgets read', () => {
  it('carry every field a Logs Insights widget lists', () => {
    const fields = new Set(emitted.fieldsByMetric[FINISHED_JOBS_METRIC] ?? []);
    const listed = Object.values(DASHBOARDS)
      .flatMap((dashboards) => dashboards.flatMap((dashboard) => widgetsOf(dashboard.rows)))
      .flatMap((widget) => (widget.kind === 'log' ? widget.queryLines.filter((line) => line.startsWith('fields ')).map((line) => ({ widget: widget.title, line })) : []))
      .flatMap(({ widget, line }) => line.slice('fields '.length).split(',').map((field) => ({ widget, field: field.trim() })))
      .filter(({ field }) => !field.startsWith('@'));
    expect(listed.length).toBeGreaterThan(0);
    expect(listed.filter(({ field }) => !fields.has(field))).toEqual([]);
  });
});
