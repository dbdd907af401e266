/** Which y-axis a series is drawn against. */
export type YAxisSide = 'left' | 'right';

/** How one query's series are drawn on a graph; every field is optional. */
export interface SeriesDisplay {
  /**
   * Identifier math expressions of the same widget refer to. Must start with a lowercase letter
   * and hold only letters, digits and `_`.
   * @default - one is assigned (`q1`, `q2`, …) when rendering
   */
  readonly id?: string;
  /**
   * Legend label. For a query that returns several series (SEARCH) it prefixes each series' own
   * dimension values.
   * @default - the series' dimension values, or CloudWatch's default label
   */
  readonly label?: string;
  /** Hex colour, e.g. `#d62728`. @default - assigned by CloudWatch */
  readonly color?: string;
  /** @default 'left' */
  readonly yAxis?: YAxisSide;
  /**
   * Whether the series is drawn; an input that only feeds a math expression is hidden.
   * @default true
   */
  readonly visible?: boolean;
}

/** The rendering properties of one entry of a widget's `metrics` array. */
export interface RenderingProperties {
  expression?: string;
  id?: string;
  label?: string;
  stat?: string;
  period?: number;
  color?: string;
  yAxis?: YAxisSide;
  visible?: boolean;
}

/**
 * One entry of a metric widget's `metrics` array: `[namespace, metricName, dimName, dimValue, …,
 * rendering properties]` for a metric, `[{ expression, id, … }]` for an expression.
 */
export type MetricsArrayEntry = readonly (string | RenderingProperties)[];
