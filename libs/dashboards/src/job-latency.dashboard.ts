import { alarmGraph } from './alarms/alarm-definition';
import type { Dashboard } from './dashboard/dashboard';
import { row } from './layout/grid';
import { pipelineMetric } from './queries/pipeline-query';
import type { HorizontalAnnotation } from './widgets/widgets';
import { logQuery } from './widgets/widgets';
import { dashboardKit, type BatchmonDashboardOptions } from './batchmon-dashboard';
import { slowestJobsQuery } from './finished-jobs';

const PERCENTILES = ['p50', 'p90', 'p99'] as const;

/**
 * Job latency: RUNNABLE wait, start-up and run time at p50/p90/p99 by queue, p90 by queue and
 * definition and by where jobs ran; total time; scheduling efficiency; and a Logs Insights table
 * of the slowest recent jobs from the per-job records.
 *
 * @example
 * renderDashboard(jobLatencyDashboard({ region: 'us-east-1', resources }));
 */
export function jobLatencyDashboard(options: BatchmonDashboardOptions): Dashboard {
  const kit = dashboardKit('job-latency', options);
  // Per-queue p90 alarms draw their (shared) threshold on the p90 graph; the all-queues alarm
  // watches a maximum through Metrics Insights, so it gets a graph of its own.
  const perQueue = dedupe(kit.thresholds((id) => id.startsWith('runnable-wait-')));
  const allQueues = kit.alarms.filter((alarm) => alarm.definition.id === 'runnable-wait').map((alarm) => alarmGraph(alarm.definition, { width: 8 }));
  const seconds = { left: { min: 0, label: 'seconds', showUnits: false } } as const;

  const waitByQueue = kit.breakdown(
    'RUNNABLE wait by job queue (p50, p90, p99)',
    PERCENTILES.map((stat) => pipelineMetric('RunnableWaitTime', ['JobQueue'], { stat, label: stat })),
    { yAxis: seconds, annotations: perQueue },
  );
  const startupByQueue = kit.breakdown(
    'Start-up time by job queue (p50, p90, p99)',
    PERCENTILES.map((stat) => pipelineMetric('StartupTime', ['JobQueue'], { stat, label: stat })),
    { yAxis: seconds },
  );
  const runByQueue = kit.breakdown(
    'Run time by job queue (p50, p90, p99)',
    PERCENTILES.map((stat) => pipelineMetric('RunTime', ['JobQueue'], { stat, label: stat })),
    { yAxis: seconds },
  );
  const totalByQueue = kit.breakdown(
    'Total time by job queue (p50, p90, p99)',
    PERCENTILES.map((stat) => pipelineMetric('TotalTime', ['JobQueue'], { stat, label: stat })),
    { yAxis: seconds },
  );

  const percent = { left: { min: 0, max: 100, label: '%', showUnits: false } } as const;
  // Every profile publishes these three without dimensions: one series each to chart and alarm on
  // over all jobs, whatever the profile publishes per queue.
  const everyJob = row(
    kit.breakdown('Start-up time of every job (p50, p90, p99)', PERCENTILES.map((stat) => pipelineMetric('StartupTime', [], { stat, label: stat })), { yAxis: seconds }),
    kit.breakdown('Run time of every job (p50, p90, p99)', PERCENTILES.map((stat) => pipelineMetric('RunTime', [], { stat, label: stat })), { yAxis: seconds }),
    kit.breakdown('Scheduling efficiency of every job (run time / total time)', [pipelineMetric('SchedulingEfficiency', [], { stat: 'Average', label: 'average' })], {
      yAxis: percent,
    }),
  );

  return kit.dashboard([
    row(waitByQueue, ...allQueues),
    everyJob,
    row(
      kit.breakdown('RUNNABLE wait p90 by job queue and definition', [pipelineMetric('RunnableWaitTime', ['JobQueue', 'JobDefinition'], { stat: 'p90' })], { yAxis: seconds }),
      kit.breakdown(
        'RUNNABLE wait p90 by instance type and AZ',
        [
          pipelineMetric('RunnableWaitTime', ['InstanceType'], { stat: 'p90' }),
          pipelineMetric('RunnableWaitTime', ['AvailabilityZone'], { stat: 'p90' }),
        ],
        { yAxis: seconds },
      ),
    ),
    row(
      startupByQueue,
      kit.breakdown('Start-up time p90 by job queue and definition', [pipelineMetric('StartupTime', ['JobQueue', 'JobDefinition'], { stat: 'p90' })], { yAxis: seconds }),
      kit.breakdown(
        'Start-up time p90 by instance type and AZ',
        [pipelineMetric('StartupTime', ['InstanceType'], { stat: 'p90' }), pipelineMetric('StartupTime', ['AvailabilityZone'], { stat: 'p90' })],
        { yAxis: seconds },
      ),
    ),
    row(
      runByQueue,
      kit.breakdown('Run time p90 by final state and job queue', [pipelineMetric('RunTime', ['State', 'JobQueue'], { stat: 'p90' })], { yAxis: seconds }),
      kit.breakdown('Run time p90 by job queue and definition', [pipelineMetric('RunTime', ['JobQueue', 'JobDefinition'], { stat: 'p90' })], { yAxis: seconds }),
      kit.breakdown(
        'Run time p90 by instance type and AZ',
        [pipelineMetric('RunTime', ['InstanceType'], { stat: 'p90' }), pipelineMetric('RunTime', ['AvailabilityZone'], { stat: 'p90' })],
        { yAxis: seconds },
      ),
    ),
    row(
      totalByQueue,
      kit.breakdown('Total time p90 by final state and job queue', [pipelineMetric('TotalTime', ['State', 'JobQueue'], { stat: 'p90' })], { yAxis: seconds }),
      kit.breakdown('Total time p90 by job queue and definition', [pipelineMetric('TotalTime', ['JobQueue', 'JobDefinition'], { stat: 'p90' })], { yAxis: seconds }),
    ),
    row(
      kit.breakdown('Scheduling efficiency by job queue (run time / total time)', [pipelineMetric('SchedulingEfficiency', ['JobQueue'], { stat: 'Average' })], {
        yAxis: percent,
      }),
      kit.breakdown('Scheduling efficiency by job queue and definition', [pipelineMetric('SchedulingEfficiency', ['JobQueue', 'JobDefinition'], { stat: 'Average' })], {
        yAxis: percent,
      }),
    ),
    row(logQuery('Slowest recent jobs', [kit.resources.metricsLogGroupName], slowestJobsQuery(50), { height: 8 })),
  ]);
}

/** Alarms of several queues share one threshold: draw each distinct line once. */
function dedupe(annotations: readonly HorizontalAnnotation[]): HorizontalAnnotation[] {
  const byValue = new Map<number, HorizontalAnnotation>();
  for (const annotation of annotations) {
    if (!byValue.has(annotation.value)) byValue.set(annotation.value, { ...annotation, label: `RUNNABLE wait p90 > ${annotation.value} s` });
  }
  return [...byValue.values()];
}
