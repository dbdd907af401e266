/**
 * What a preview page hands its in-page script for each time-series widget (as JSON): the data is
 * evaluated when the page is written; the script only draws it. Shared by the writer and the
 * script (bundled for the browser), so it imports nothing.
 */
export interface ChartSpec {
  /** `data-widget-id` of the widget element the chart goes in. */
  readonly widgetId: string;
  readonly stacked: boolean;
  /** The x range, epoch seconds. */
  readonly range: { readonly start: number; readonly end: number };
  /** Period starts, epoch seconds, ascending: the x values every series shares. */
  readonly timestamps: readonly number[];
  readonly series: readonly ChartSeries[];
  readonly yAxis: { readonly left?: AxisSpec; readonly right?: AxisSpec };
  /** Horizontal lines, e.g. alarm thresholds. */
  readonly annotations: readonly AnnotationSpec[];
}

/** One line of a chart. */
export interface ChartSeries {
  readonly label: string;
  /** `#rrggbb`. */
  readonly color: string;
  readonly yAxis: 'left' | 'right';
  /** One value per timestamp; `null` where the period has no datapoint. */
  readonly values: readonly (number | null)[];
}

/** Bounds and label of a y-axis. */
export interface AxisSpec {
  readonly min?: number;
  readonly max?: number;
  readonly label?: string;
}

/** A horizontal line across a chart. */
export interface AnnotationSpec {
  readonly value: number;
  readonly label?: string;
  /** `#rrggbb`. */
  readonly color: string;
  readonly fill: 'above' | 'below' | 'none';
  readonly yAxis: 'left' | 'right';
}

/** `id` of the `<script type="application/json">` element holding every `ChartSpec` of a page. */
export const CHART_SPECS_ELEMENT_ID = 'preview-charts';
