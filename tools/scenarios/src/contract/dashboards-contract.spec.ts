import { alarmPipelineQueries, DASHBOARD_KEYS, jobStatesDashboard, logQuery, pipelineMetric, pipelineQueries, row } from '@batchmon/dashboards';
import { dimensionSetsFor, METRIC_NAMES, METRICS_PROFILES, type MetricsProfile } from '@batchmon/metrics';
import { BROKEN_WIDGET_TITLE, withUnpublishedDimensionSet, withWidgetQueries } from './broken-widget';
import { CONTRACT_JOB_QUEUES, CONTRACT_RESOURCES, contractAlarms, contractAlarmSet, contractDashboardOptions, contractDashboards } from './contract-subjects';
import { contractViolations, logContractViolations } from './contract-violations';
import { CONTRACT_DELIVERY, CONTRACT_WORKLOAD, emitWorkloadInChildProcess, type EmittedWorkload } from './contract-workload';

// The contract holds for each metrics profile: its dashboards and alarms against what the metrics
// Lambda emits with that profile (series for metric widgets, EMF line fields for Logs Insights).
const emittedBy: Partial<Record<MetricsProfile, EmittedWorkload>> = {};
const emittedWith = (profile: MetricsProfile): EmittedWorkload => {
  const emitted = emittedBy[profile];
  if (emitted === undefined) throw new Error(`expected the ${profile} workload to be emitted by its beforeAll, found none`);
  return emitted;
};
const messagesOf = (violations: readonly { readonly message: string }[]): string[] => [...new Set(violations.map((violation) => violation.message))];
const keySet = (keys: readonly string[]): string => [...keys].sort().join(', ');

describe.each(METRICS_PROFILES)('with the %s metrics profile', (profile) => {
  const DASHBOARDS = contractDashboards(profile);
  const ALARMS = contractAlarmSet(profile);

  beforeAll(async () => {
    emittedBy[profile] = await emitWorkloadInChildProcess(CONTRACT_WORKLOAD, { ...CONTRACT_DELIVERY, metricsProfile: profile });
  }, 180_000);

  describe('the simulated workload the contract is checked against', () => {
    it('runs through batchmon without invalid events, failed executions, dead letters or rejected records', () => {
      const emitted = emittedWith(profile);
      const { invalid, failedExecutions, deadLetters } = emitted.summary;
      expect({ invalid, failedExecutions, deadLetters, lambdaErrors: emitted.lambdaErrors }).toEqual({ invalid: 0, failedExecutions: 0, deadLetters: 0, lambdaErrors: [] });
    });

    it('emits every metric of the catalog, under exactly the dimension sets the profile publishes', () => {
      const emitted = emittedWith(profile);
      const emittedSets = new Set(emitted.series.map((series) => `${series.metric} [${keySet(Object.keys(series.dimensions))}]`));
      const published = new Set(METRIC_NAMES.flatMap((metric) => dimensionSetsFor(metric, profile).map((set: readonly string[]) => `${metric} [${keySet(set)}]`)));
      expect(METRIC_NAMES.filter((metric) => !emitted.series.some((series) => series.metric === metric))).toEqual([]);
      expect([...published].filter((set) => !emittedSets.has(set))).toEqual([]);
      expect([...emittedSets].filter((set) => !published.has(set))).toEqual([]);
    });

    it('shows every metric of the catalog on some dashboard', () => {
      const shown = new Set<string>(Object.values(DASHBOARDS).flatMap((dashboards) => dashboards.flatMap(pipelineQueries).map((query) => query.metric)));
      expect(METRIC_NAMES.filter((metric) => !shown.has(metric))).toEqual([]);
    });
  });

  describe('the dashboard contract', () => {
    it.each(DASHBOARD_KEYS)('every pipeline query of the %s dashboard matches a series the pipeline emits', (key) => {
      expect(messagesOf(contractViolations(DASHBOARDS[key], [], emittedWith(profile).series))).toEqual([]);
    });

    it.each(DASHBOARD_KEYS)('every Logs Insights widget of the %s dashboard reads fields one emitted EMF line carries together', (key) => {
      expect(messagesOf(logContractViolations(DASHBOARDS[key], emittedWith(profile).fieldSets))).toEqual([]);
    });
  });

  describe('the alarm contract', () => {
    it.each(ALARMS.filter((alarm) => alarmPipelineQueries(alarm).length > 0).map((alarm) => [alarm.id, alarm] as const))(
      'every pipeline query of alarm %s matches a series the pipeline emits',
      (_id, alarm) => {
        expect(messagesOf(contractViolations([], [alarm], emittedWith(profile).series))).toEqual([]);
      },
    );
  });
});

describe('the contract catches', () => {
  // The detailed profile publishes every catalog set: a widget broken there is broken everywhere.
  const detailedJobStates = () => jobStatesDashboard(contractDashboardOptions({}, 'detailed'));

  it('a widget that reads a dimension set the pipeline does not emit', () => {
    const broken = withUnpublishedDimensionSet(detailedJobStates());
    const violations = contractViolations([broken], [], emittedWith('detailed').series);
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

  it('a widget that filters on a dimension value the pipeline never emits', () => {
    const misspelled = withWidgetQueries(detailedJobStates(), BROKEN_WIDGET_TITLE, () => [
      pipelineMetric('JobStateTransitions', ['State', 'JobQueue'], { stat: 'Sum', where: { State: 'Failed' } }),
    ]);
    expect(messagesOf(contractViolations([misspelled], [], emittedWith('detailed').series))).toEqual([
      expect.stringContaining('State="Failed" is never emitted with these dimensions; emitted values: FAILED, '),
    ]);
  });

  it('a Logs Insights widget grouping by a field the lines of its metric do not carry', () => {
    const jobStates = jobStatesDashboard(contractDashboardOptions({}));
    const title = 'Run time p90 by compute environment';
    const lines = ['filter ispresent(RunTime) and ispresent(ComputeEnvironment)', 'stats pct(RunTime, 90) as p90 by bin(5m), ComputeEnvironment'];
    const broken = { ...jobStates, rows: [...jobStates.rows, row(logQuery(title, [CONTRACT_RESOURCES.metricsLogGroupName], lines))] };
    expect(messagesOf(logContractViolations([broken], emittedWith('essential').fieldSets))).toEqual([
      `dashboard "us-east-1-batchmon-job-states" › widget "${title}": Logs Insights reads [RunTime, ComputeEnvironment], which no EMF line carries together; the closest lacks ComputeEnvironment`,
    ]);
  });

  it('an alarm on a job queue that never ran a job', () => {
    expect(messagesOf(contractViolations([], contractAlarms({ runnableWait: { jobQueues: ['nightly'] } }), emittedWith('essential').series))).toEqual([
      'alarm "runnable-wait-nightly": RunnableWaitTime [JobQueue] where JobQueue="nightly" (p90) matches no emitted series: ' +
        `JobQueue="nightly" is never emitted with these dimensions; emitted values: ${[...CONTRACT_JOB_QUEUES].sort().join(', ')}`,
    ]);
  });
});
