export * from './constants';
export { DashboardValidationError, RenderUsageError } from './errors';
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
} from './batchmon-dashboard';
export { batchmonDashboards, BATCHMON_DASHBOARD_BUILDERS } from './batchmon-dashboards';
export { instanceRegistrationsDashboard } from './instance-registrations.dashboard';
export { jobsPlacementDashboard } from './jobs-placement.dashboard';
export { jobStatesDashboard } from './job-states.dashboard';
export { stuckJobsDashboard } from './stuck-jobs.dashboard';
export { STUCK_JOBS_METRIC, STUCK_JOB_PROPERTIES, stuckJobsQuery, stuckJobsByReasonQuery } from './stuck-jobs';
export { ec2CapacityDashboard } from './ec2-capacity.dashboard';
export { asgUtilizationDashboard } from './asg-utilization.dashboard';
export { jobLatencyDashboard } from './job-latency.dashboard';
export { pipelineHealthDashboard } from './pipeline-health.dashboard';
export { FINISHED_JOBS_METRIC, FINISHED_JOB_PROPERTIES, slowestJobsQuery, failedJobsQuery } from './finished-jobs';
