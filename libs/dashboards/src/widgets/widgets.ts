import type { Query } from '../queries/query';
import type { YAxisSide } from '../queries/series-display';

/** A widget's size in grid units; both are computed by the layout when omitted. */
export interface WidgetSize {
  /** Columns, 1–24. @default - the columns left in its row, shared with the other widgets without a width */
  readonly width?: number;
  /** Rows. @default - per kind (see `DEFAULT_HEIGHTS`) */
  readonly height?: number;
}

/** How a metric widget draws its queries. */
export type MetricView = 'timeSeries' | 'singleValue' | 'bar' | 'pie';

/** A horizontal line across a graph, e.g. an alarm threshold. */
export interface HorizontalAnnotation {
  readonly value: number;
  readonly label?: string;
  /** Hex colour. */
  readonly color?: string;
  /** Shades the side of the line where the alarm fires. @default 'none' */
  readonly fill?: 'above' | 'below' | 'none';
  /** @default 'left' */
  readonly yAxis?: YAxisSide;
}

/** Bounds and label of one y-axis. */
export interface YAxisRange {
  readonly min?: number;
  readonly max?: number;
  readonly label?: string;
  /** @default true */
  readonly showUnits?: boolean;
}

/** A graph or single-value widget over typed queries. */
export interface MetricWidget extends WidgetSize {
  readonly kind: 'metric';
  readonly title: string;
  readonly view: MetricView;
  readonly queries: readonly Query[];
  /** @default false */
  readonly stacked?: boolean;
  /** Default period of the widget's queries, seconds. @default 300 */
  readonly period?: number;
  readonly yAxis?: { readonly left?: YAxisRange; readonly right?: YAxisRange };
  readonly annotations?: readonly HorizontalAnnotation[];
  /** @default 'bottom' */
  readonly legend?: 'bottom' | 'right' | 'hidden';
  /** Single values, bars and pies: aggregate over the whole time range instead of the last period. @default false */
  readonly setPeriodToTimeRange?: boolean;
}

/** A markdown text widget. */
export interface TextWidget extends WidgetSize {
  readonly kind: 'text';
  readonly markdown: string;
  /** @default 'solid' */
  readonly background?: 'solid' | 'transparent';
}

/** The alarm states an alarm status widget can filter on. */
export type AlarmState = 'ALARM' | 'INSUFFICIENT_DATA' | 'OK';

/** The state of a list of alarms. */
export interface AlarmStatusWidget extends WidgetSize {
  readonly kind: 'alarm';
  readonly title: string;
  /** Alarm ARNs (1–100; CDK tokens allowed). */
  readonly alarmArns: readonly string[];
  /** @default 'stateUpdatedTimestamp' (alarms in ALARM first) */
  readonly sortBy?: 'default' | 'stateUpdatedTimestamp' | 'timestamp';
  /** Only alarms in these states. @default - all */
  readonly states?: readonly AlarmState[];
}

/** A CloudWatch Logs Insights query and its result. */
export interface LogQueryWidget extends WidgetSize {
  readonly kind: 'log';
  readonly title: string;
  /** Log groups the query reads (CDK tokens allowed). */
  readonly logGroupNames: readonly string[];
  /** Query commands, joined with ` | ` (`fields …`, `filter …`, `sort …`, `limit …`). */
  readonly queryLines: readonly string[];
  /** @default 'table' */
  readonly view?: 'table' | 'timeSeries' | 'bar' | 'pie';
}

/** Any widget. */
export type Widget = MetricWidget | TextWidget | AlarmStatusWidget | LogQueryWidget;

/** Options of {@link graph} and {@link singleValue}. */
export type MetricWidgetOptions = WidgetSize & Omit<Partial<MetricWidget>, 'kind' | 'title' | 'queries'>;

/**
 * A graph of typed queries (view `timeSeries` unless `options.view` says `bar` or `pie`).
 *
 * @example
 * graph('Transitions by state', [pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum' })], { stacked: true });
 */
export function graph(title: string, queries: readonly Query[], options: MetricWidgetOptions = {}): MetricWidget {
  return { kind: 'metric', title, queries, view: 'timeSeries', ...options };
}

/**
 * The latest (or whole-range) value of each query, as big numbers.
 *
 * @example
 * singleValue('Jobs failed', [pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum', where: { State: 'FAILED' } })]);
 */
export function singleValue(title: string, queries: readonly Query[], options: Omit<MetricWidgetOptions, 'view'> = {}): MetricWidget {
  return { kind: 'metric', title, queries, view: 'singleValue', ...options };
}

/**
 * A markdown widget.
 *
 * @example
 * text('# Job states\nTransitions of every job, by queue and where it ran.');
 */
export function text(markdown: string, options: WidgetSize & { readonly background?: 'solid' | 'transparent' } = {}): TextWidget {
  return { kind: 'text', markdown, ...options };
}

/**
 * The state of alarms.
 *
 * @example
 * alarmStatus('Alarms', [alarmArn]);
 */
export function alarmStatus(
  title: string,
  alarmArns: readonly string[],
  options: WidgetSize & Pick<AlarmStatusWidget, 'sortBy' | 'states'> = {},
): AlarmStatusWidget {
  return { kind: 'alarm', title, alarmArns, ...options };
}

/**
 * A Logs Insights query over log groups.
 *
 * @example
 * logQuery('Slowest jobs', ['/aws/lambda/metrics'], ['fields jobId, totalSeconds', 'sort totalSeconds desc', 'limit 20']);
 */
export function logQuery(
  title: string,
  logGroupNames: readonly string[],
  queryLines: readonly string[],
  options: WidgetSize & Pick<LogQueryWidget, 'view'> = {},
): LogQueryWidget {
  return { kind: 'log', title, logGroupNames, queryLines, ...options };
}

/**
 * How errors and listings name a widget: its title, or the first line of a text widget.
 *
 * @example
 * widgetName(text('# Job states\n…')); // 'Job states'
 */
export function widgetName(widget: Widget): string {
  if (widget.kind !== 'text') return widget.title;
  const first = widget.markdown.split('\n').find((line) => line.trim().length > 0) ?? '';
  return first.replace(/^#+\s*/, '').trim() || 'text';
}
