export * from './constants';
export { DashboardValidationError } from './validation/dashboard-validation-error';
export { validateDashboardBody, WIDGET_TYPES } from './validation/validate-body';

export { isStatistic, isPeriod, type Statistic } from './queries/statistic';
export type { SeriesDisplay, YAxisSide, RenderingProperties, MetricsArrayEntry } from './queries/series-display';
export {
  pipelineMetric,
  matchesSeries,
  pipelineQueryProblem,
  type PipelineQuery,
  type AnyPipelineQuery,
  type PipelineMetricOptions,
  type DimensionSetOf,
  type DimensionFilter,
  type PipelineQueryRef,
  type EmittedSeries,
} from './queries/pipeline-query';
export {
  AWS_METRICS,
  awsMetric,
  awsSearch,
  type AwsNamespace,
  type AwsMetricName,
  type AwsDimension,
  type AwsMetricQuery,
  type AnyAwsMetricQuery,
  type AwsMetricOptions,
  type AwsSearchOptions,
} from './queries/aws-metric-query';
export { filled, mathExpression, referencedIds, unfilledSeriesIds, type MathExpression } from './queries/math-expression';
export {
  insightsQuery,
  INSIGHTS_STATISTIC,
  type InsightsQuery,
  type AnyInsightsQuery,
  type InsightsAggregate,
  type InsightsQueryOptions,
} from './queries/insights-query';
export { logBreakdownQuery, logAggregation, LOG_BREAKDOWN_BIN_SECONDS } from './queries/log-breakdown';
export { renderQuery, searchExpression, insightsExpression, type Query, type QueryContext, type SearchParts } from './queries/query';

export {
  graph,
  singleValue,
  text,
  alarmStatus,
  logQuery,
  widgetName,
  type Widget,
  type WidgetSize,
  type MetricWidget,
  type MetricView,
  type MetricWidgetOptions,
  type TextWidget,
  type AlarmStatusWidget,
  type AlarmState,
  type LogQueryWidget,
  type HorizontalAnnotation,
  type YAxisRange,
} from './widgets/widgets';
export { assignIds, type BodyWidget } from './widgets/render-widget';
export { row, column, fixedColumn, layoutGrid, type Row, type Column, type LayoutNode, type PlacedWidget } from './layout/grid';
export { renderDashboard, pipelineQueries, widgetsOf, type Dashboard, type DashboardBody } from './dashboard/dashboard';

export {
  renderAlarm,
  validateAlarm,
  thresholdAnnotation,
  alarmGraph,
  alarmPipelineQueries,
  type AlarmDefinition,
  type DashboardKey,
  type DeployedAlarm,
  type AlarmProperties,
  type AlarmMetricDataQuery,
  type ComparisonOperator,
  type TreatMissingData,
} from './alarms/alarm-definition';
export { batchmonAlarms, ALARM_DEFAULTS, type BatchmonAlarmSettings, type BatchmonAlarmResources } from './alarms/batchmon-alarms';

export {
  BATCHMON_DASHBOARDS,
  DASHBOARD_KEYS,
  dashboardName,
  dashboardConsoleUrl,
  CONSOLE_HOSTS,
  publishedIn,
  type ConsolePartition,
  type BatchmonDashboardOptions,
  type BatchmonResources,
} from './batchmon/batchmon-dashboard';
export { batchmonDashboards, BATCHMON_DASHBOARD_BUILDERS } from './batchmon/batchmon-dashboards';
export { instanceRegistrationsDashboard } from './batchmon/instance-registrations.dashboard';
export { jobsPlacementDashboard } from './batchmon/jobs-placement.dashboard';
export { jobStatesDashboard } from './batchmon/job-states.dashboard';
export { stuckJobsDashboard } from './batchmon/stuck-jobs.dashboard';
export { STUCK_JOBS_METRIC, STUCK_JOB_PROPERTIES, stuckJobsQuery, stuckJobsByReasonQuery } from './batchmon/stuck-jobs';
export { ec2CapacityDashboard } from './batchmon/ec2-capacity.dashboard';
export { asgUtilizationDashboard } from './batchmon/asg-utilization.dashboard';
export { jobLatencyDashboard } from './batchmon/job-latency.dashboard';
export { pipelineHealthDashboard } from './batchmon/pipeline-health.dashboard';
export { JOB_STATES, PLACED_LAUNCH_TYPES, type JobState } from './batchmon/dimension-values';
export { FINISHED_JOBS_METRIC, FINISHED_JOB_PROPERTIES, slowestJobsQuery, failedJobsQuery } from './batchmon/finished-jobs';
