import { GRID_COLUMNS, MAX_ALARMS_PER_WIDGET, MAX_METRICS_PER_GRAPH, MAX_WIDGET_HEIGHT, MAX_WIDGETS } from '../constants';
import { isPeriod, isStatistic } from '../queries/statistic';
import { DashboardValidationError } from '../errors';
import { describeValue, isPlaceholder } from './values';

/** The widget types a dashboard body may hold. */
export const WIDGET_TYPES = ['metric', 'text', 'log', 'alarm', 'explorer'] as const;

const METRIC_VIEWS = ['timeSeries', 'singleValue', 'gauge', 'bar', 'pie'];
const LOG_VIEWS = ['table', 'timeSeries', 'bar', 'pie'];
const ALARM_SORTS = ['default', 'stateUpdatedTimestamp', 'timestamp'];
const ALARM_STATES = ['ALARM', 'INSUFFICIENT_DATA', 'OK'];

/**
 * Checks a dashboard body against the documented structure ("Dashboard Body Structure and
 * Syntax"): a `widgets` array of at most 500 widgets; each with a known `type`, integer `x`, `y`,
 * `width` (1–24) and `height` (1–1000) inside the 24-column grid, and `properties` holding what its
 * type requires (`metrics` and `region` for metric widgets, `markdown` for text, `query` and
 * `region` for logs, 1–100 `alarms` for alarm status); and no two widgets overlapping.
 *
 * Positions are required here although CloudWatch would default them: the renderer always
 * computes them, and overlaps can only be checked with them.
 *
 * @param body - a parsed dashboard body (any JSON value)
 * @param dashboard - names the dashboard in error messages
 * @throws {DashboardValidationError} naming the widget (index and title) and the property
 *
 * @example
 * validateDashboardBody(JSON.parse(bodyJson), 'us-east-1-batchmon-job-states');
 */
export function validateDashboardBody(body: unknown, dashboard: string): void {
  const where = `dashboard "${dashboard}"`;
  if (!isObject(body)) throw new DashboardValidationError(where, `expected a JSON object, found ${describeValue(body)}`);
  const widgets = body['widgets'];
  if (!Array.isArray(widgets)) throw new DashboardValidationError(`${where} › widgets`, `expected an array, found ${describeValue(widgets)}`);
  if (widgets.length > MAX_WIDGETS) {
    throw new DashboardValidationError(`${where} › widgets`, `expected at most ${MAX_WIDGETS} widgets, found ${widgets.length}`);
  }
  if (body['periodOverride'] !== undefined && body['periodOverride'] !== 'auto' && body['periodOverride'] !== 'inherit') {
    throw new DashboardValidationError(`${where} › periodOverride`, `expected "auto" or "inherit", found ${describeValue(body['periodOverride'])}`);
  }
  const boxes: { x: number; y: number; width: number; height: number; name: string }[] = [];
  widgets.forEach((widget: unknown, index) => {
    const name = `${where} › widgets[${index}]${titleOf(widget)}`;
    boxes.push({ ...checkWidget(widget, name), name });
  });
  for (let i = 0; i < boxes.length; i += 1) {
    for (let j = i + 1; j < boxes.length; j += 1) {
      const a = boxes[i];
      const b = boxes[j];
      if (a !== undefined && b !== undefined && overlap(a, b)) {
        throw new DashboardValidationError(
          b.name,
          `overlaps ${a.name.slice(where.length + 3)}: (${b.x},${b.y}) ${b.width}×${b.height} and (${a.x},${a.y}) ${a.width}×${a.height}`,
        );
      }
    }
  }
}

function checkWidget(widget: unknown, name: string): { x: number; y: number; width: number; height: number } {
  if (!isObject(widget)) throw new DashboardValidationError(name, `expected a widget object, found ${describeValue(widget)}`);
  const type = widget['type'];
  if (typeof type !== 'string' || !(WIDGET_TYPES as readonly string[]).includes(type)) {
    throw new DashboardValidationError(`${name} › type`, `expected one of ${WIDGET_TYPES.join(', ')}, found ${describeValue(type)}`);
  }
  const x = integer(widget, 'x', 0, GRID_COLUMNS - 1, name);
  const y = integer(widget, 'y', 0, Number.MAX_SAFE_INTEGER, name);
  const width = integer(widget, 'width', 1, GRID_COLUMNS, name);
  const height = integer(widget, 'height', 1, MAX_WIDGET_HEIGHT, name);
  if (x + width > GRID_COLUMNS) {
    throw new DashboardValidationError(`${name} › width`, `expected x + width within the ${GRID_COLUMNS}-column grid, found x ${x} + width ${width}`);
  }
  const properties = widget['properties'];
  if (!isObject(properties)) {
    throw new DashboardValidationError(`${name} › properties`, `expected an object, found ${describeValue(properties)}`);
  }
  const at = `${name} › properties`;
  switch (type) {
    case 'metric':
      checkMetricProperties(properties, at);
      break;
    case 'text':
      requireString(properties, 'markdown', at);
      break;
    case 'log':
      requireString(properties, 'region', at);
      if (!requireString(properties, 'query', at).includes('SOURCE ')) {
        throw new DashboardValidationError(`${at}.query`, `expected a query that names its log groups with SOURCE '<log group>', found ${describeValue(properties['query'])}`);
      }
      oneOf(properties, 'view', LOG_VIEWS, at);
      break;
    case 'alarm':
      checkAlarmProperties(properties, at);
      break;
  }
  return { x, y, width, height };
}

function checkMetricProperties(properties: Record<string, unknown>, at: string): void {
  requireString(properties, 'region', at);
  const metrics = properties['metrics'];
  if (!Array.isArray(metrics) || metrics.length === 0) {
    throw new DashboardValidationError(`${at}.metrics`, `expected a non-empty array of metrics and expressions, found ${describeValue(metrics)}`);
  }
  if (metrics.length > MAX_METRICS_PER_GRAPH) {
    throw new DashboardValidationError(`${at}.metrics`, `expected at most ${MAX_METRICS_PER_GRAPH} metrics and expressions, found ${metrics.length}`);
  }
  metrics.forEach((entry: unknown, index) => checkMetricsEntry(entry, `${at}.metrics[${index}]`));
  oneOf(properties, 'view', METRIC_VIEWS, at);
  if (properties['stacked'] !== undefined && typeof properties['stacked'] !== 'boolean') {
    throw new DashboardValidationError(`${at}.stacked`, `expected a boolean, found ${describeValue(properties['stacked'])}`);
  }
  if (properties['period'] !== undefined && !isPeriod(properties['period'])) {
    throw new DashboardValidationError(`${at}.period`, `expected 1, 5, 10, 30 or a multiple of 60 seconds, found ${describeValue(properties['period'])}`);
  }
  if (properties['stat'] !== undefined && !isStatistic(properties['stat'])) {
    throw new DashboardValidationError(`${at}.stat`, `expected a CloudWatch statistic, found ${describeValue(properties['stat'])}`);
  }
  const annotations = properties['annotations'];
  if (annotations !== undefined) {
    const horizontal = isObject(annotations) ? annotations['horizontal'] : undefined;
    if (!isObject(annotations) || (horizontal !== undefined && !Array.isArray(horizontal))) {
      throw new DashboardValidationError(`${at}.annotations`, `expected { horizontal: [...] }, found ${describeValue(annotations)}`);
    }
    (Array.isArray(horizontal) ? horizontal : []).forEach((annotation: unknown, index) => {
      if (!isObject(annotation) || typeof annotation['value'] !== 'number' || !Number.isFinite(annotation['value'])) {
        throw new DashboardValidationError(`${at}.annotations.horizontal[${index}].value`, `expected a number, found ${describeValue(isObject(annotation) ? annotation['value'] : annotation)}`);
      }
    });
  }
}

function checkMetricsEntry(entry: unknown, at: string): void {
  if (!Array.isArray(entry) || entry.length === 0) throw new DashboardValidationError(at, `expected a non-empty array, found ${describeValue(entry)}`);
  const last: unknown = entry[entry.length - 1];
  const options = isObject(last) ? last : undefined;
  const names = options === undefined ? entry : entry.slice(0, -1);
  if (names.length === 0) {
    if (typeof options?.['expression'] !== 'string' || options['expression'].length === 0) {
      throw new DashboardValidationError(`${at}[0].expression`, `expected an expression (an entry without namespace and metric name), found ${describeValue(options?.['expression'])}`);
    }
  } else {
    // [namespace, metricName, dimName1, dimValue1, …]: names and values come in pairs after the first two.
    if (names.length < 2 || names.length % 2 !== 0 || !names.every((name) => typeof name === 'string' && name.length > 0)) {
      throw new DashboardValidationError(at, `expected [namespace, metricName, dimensionName, dimensionValue, …], found ${describeValue(entry)}`);
    }
  }
  if (options?.['stat'] !== undefined && !isStatistic(options['stat'])) {
    throw new DashboardValidationError(`${at}.stat`, `expected a CloudWatch statistic, found ${describeValue(options['stat'])}`);
  }
  if (options?.['period'] !== undefined && !isPeriod(options['period'])) {
    throw new DashboardValidationError(`${at}.period`, `expected 1, 5, 10, 30 or a multiple of 60 seconds, found ${describeValue(options['period'])}`);
  }
}

function checkAlarmProperties(properties: Record<string, unknown>, at: string): void {
  const alarms = properties['alarms'];
  if (!Array.isArray(alarms) || alarms.length === 0 || alarms.length > MAX_ALARMS_PER_WIDGET) {
    throw new DashboardValidationError(`${at}.alarms`, `expected 1 to ${MAX_ALARMS_PER_WIDGET} alarm ARNs, found ${describeValue(alarms)}`);
  }
  alarms.forEach((arn: unknown, index) => {
    if (typeof arn !== 'string' || !(arn.startsWith('arn:') || isPlaceholder(arn))) {
      throw new DashboardValidationError(`${at}.alarms[${index}]`, `expected an alarm ARN, found ${describeValue(arn)}`);
    }
  });
  oneOf(properties, 'sortBy', ALARM_SORTS, at);
  const states = properties['states'];
  if (states !== undefined && (!Array.isArray(states) || !states.every((state) => ALARM_STATES.includes(String(state))))) {
    throw new DashboardValidationError(`${at}.states`, `expected alarm states among ${ALARM_STATES.join(', ')}, found ${describeValue(states)}`);
  }
}

function integer(widget: Record<string, unknown>, key: string, min: number, max: number, name: string): number {
  const value = widget[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
    throw new DashboardValidationError(`${name} › ${key}`, `expected ${range}, found ${describeValue(value)}`);
  }
  return value;
}

function requireString(properties: Record<string, unknown>, key: string, at: string): string {
  const value = properties[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new DashboardValidationError(`${at}.${key}`, `expected a non-empty string, found ${describeValue(value)}`);
  }
  return value;
}

function oneOf(properties: Record<string, unknown>, key: string, allowed: readonly string[], at: string): void {
  const value = properties[key];
  if (value !== undefined && (typeof value !== 'string' || !allowed.includes(value))) {
    throw new DashboardValidationError(`${at}.${key}`, `expected one of ${allowed.join(', ')}, found ${describeValue(value)}`);
  }
}

function overlap(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function titleOf(widget: unknown): string {
  if (!isObject(widget) || !isObject(widget['properties'])) return '';
  const title = widget['properties']['title'];
  if (typeof title === 'string') return ` "${title}"`;
  const markdown = widget['properties']['markdown'];
  if (typeof markdown === 'string') return ` "${markdown.split('\n')[0]?.replace(/^#+\s*/, '') ?? ''}"`;
  return '';
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
