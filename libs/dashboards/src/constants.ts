/** Columns of the CloudWatch dashboard grid: a widget's `x + width` never exceeds it. */
export const GRID_COLUMNS = 24;

/** Most widgets one dashboard body may hold ("Dashboard Body Structure and Syntax"). */
export const MAX_WIDGETS = 500;

/** Tallest widget, in grid rows. */
export const MAX_WIDGET_HEIGHT = 1000;

/** Most alarms one alarm status widget may list. */
export const MAX_ALARMS_PER_WIDGET = 100;

/** Longest query a SEARCH expression may hold ("CloudWatch search expression syntax"). */
export const MAX_SEARCH_QUERY_LENGTH = 1024;

/** Most metrics and expressions one graph may hold ("Using metric math"). */
export const MAX_METRICS_PER_GRAPH = 500;

/** Most metrics a math expression used by an alarm may include. */
export const MAX_METRICS_PER_ALARM = 10;

/** Period of every graph and alarm unless one says otherwise, in seconds. */
export const DEFAULT_PERIOD_SECONDS = 300;

/** Default widget heights, in grid rows, by widget kind. */
export const DEFAULT_HEIGHTS = {
  graph: 6,
  singleValue: 4,
  text: 2,
  alarmStatus: 2,
  log: 8,
} as const;

/** Longest dashboard name CloudWatch accepts. */
export const MAX_DASHBOARD_NAME_LENGTH = 255;
