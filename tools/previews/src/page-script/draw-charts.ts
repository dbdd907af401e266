/**
 * The script every preview page runs (bundled with uPlot into the page by `pageScript()`): draws
 * each time-series widget from the `ChartSpec` JSON the page carries, then records on the widget
 * element how many datapoints it drew (`data-points`) so tests can check the rendering.
 */
import uPlot from 'uplot';
import { CHART_SPECS_ELEMENT_ID, type AnnotationSpec, type ChartSpec } from '../page/chart-spec';

const charts: { chart: uPlot; container: HTMLElement }[] = [];

function drawAll(): void {
  const element = document.getElementById(CHART_SPECS_ELEMENT_ID);
  const specs: ChartSpec[] = element?.textContent ? (JSON.parse(element.textContent) as ChartSpec[]) : [];
  for (const spec of specs) {
    const widget = document.querySelector<HTMLElement>(`[data-widget-id="${spec.widgetId}"]`);
    const container = widget?.querySelector<HTMLElement>('.chart');
    if (!widget || !container) {
      console.error(`preview: no chart container for widget ${spec.widgetId}`);
      continue;
    }
    try {
      charts.push({ chart: draw(spec, container), container });
      widget.dataset['points'] = String(spec.series.reduce((count, series) => count + series.values.filter((value) => value !== null).length, 0));
      widget.dataset['rendered'] = 'chart';
    } catch (error) {
      widget.dataset['rendered'] = 'error';
      console.error(`preview: widget ${spec.widgetId} could not be drawn`, error);
    }
  }
  document.body.dataset['chartsDrawn'] = String(charts.length);
}

function draw(spec: ChartSpec, container: HTMLElement): uPlot {
  const stackedValues = spec.stacked ? stack(spec) : spec.series.map((series) => series.values);
  const hasRight = spec.series.some((series) => series.yAxis === 'right');
  const bands: uPlot.Band[] = [];
  const series: uPlot.Series[] = [
    {},
    ...spec.series.map((entry, index): uPlot.Series => {
      if (spec.stacked && index > 0) bands.push({ series: [index + 1, index], fill: translucent(entry.color) });
      return {
        label: entry.label,
        stroke: entry.color,
        width: 1.5,
        scale: entry.yAxis === 'right' ? 'right' : 'y',
        spanGaps: true,
        ...(spec.stacked && index === 0 ? { fill: translucent(entry.color) } : {}),
      };
    }),
  ];
  const data: uPlot.AlignedData = [[...spec.timestamps], ...stackedValues.map((values) => [...values])];
  const options: uPlot.Options = {
    width: Math.max(container.clientWidth, 100),
    height: Math.max(container.clientHeight, 60),
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    tzDate: (seconds) => uPlot.tzDate(new Date(seconds * 1000), 'Etc/UTC'),
    scales: {
      x: { time: true, range: [spec.range.start, spec.range.end] },
      y: { range: (_chart, min, max) => axisRange(min, max, spec, 'left') },
      ...(hasRight ? { right: { range: (_chart, min, max) => axisRange(min, max, spec, 'right') } } : {}),
    },
    axes: [
      { stroke: '#555', grid: { stroke: '#eee' }, ticks: { stroke: '#ddd' }, font: '11px system-ui, sans-serif', values: timeLabels },
      { stroke: '#555', grid: { stroke: '#eee' }, ticks: { stroke: '#ddd' }, font: '11px system-ui, sans-serif', size: 48, values: compactLabels, ...axisLabel(spec.yAxis.left?.label) },
      ...(hasRight
        ? [{ scale: 'right', side: 1, stroke: '#555', grid: { show: false }, font: '11px system-ui, sans-serif', size: 48, values: compactLabels, ...axisLabel(spec.yAxis.right?.label) }]
        : []),
    ],
    series,
    bands,
    hooks: { draw: [(chart: uPlot) => drawAnnotations(chart, spec.annotations)] },
  };
  return new uPlot(options, data, container);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `08:35` in UTC, with the date under the first tick and under the first tick of each day. */
function timeLabels(_chart: uPlot, splits: number[]): string[] {
  let day = '';
  return splits.map((seconds) => {
    const time = new Date(seconds * 1000);
    const clock = `${String(time.getUTCHours()).padStart(2, '0')}:${String(time.getUTCMinutes()).padStart(2, '0')}`;
    const date = `${MONTHS[time.getUTCMonth()] ?? ''} ${time.getUTCDate()}`;
    if (date === day) return clock;
    day = date;
    return `${clock}\n${date}`;
  });
}

/** Tick values as CloudWatch prints them: `250`, `1.5k`, `2M`, so they fit the axis. */
function compactLabels(_chart: uPlot, splits: number[]): string[] {
  return splits.map((value) => {
    const size = Math.abs(value);
    if (size >= 1e9) return `${+(value / 1e9).toFixed(2)}G`;
    if (size >= 1e6) return `${+(value / 1e6).toFixed(2)}M`;
    if (size >= 1e4) return `${+(value / 1e3).toFixed(1)}k`;
    return String(+value.toFixed(2));
  });
}

/** Cumulative values, series over series; a missing value counts as 0 where another series has one. */
function stack(spec: ChartSpec): (number | null)[][] {
  const totals = spec.timestamps.map(() => 0);
  const any = spec.timestamps.map((_, index) => spec.series.some((series) => series.values[index] !== null));
  return spec.series.map((series) =>
    series.values.map((value, index) => {
      if (!any[index]) return null;
      totals[index] = (totals[index] ?? 0) + (value ?? 0);
      return totals[index] ?? null;
    }),
  );
}

function axisRange(min: number | null, max: number | null, spec: ChartSpec, side: 'left' | 'right'): uPlot.Range.MinMax {
  const axis = side === 'left' ? spec.yAxis.left : spec.yAxis.right;
  const lines = spec.annotations.filter((annotation) => annotation.yAxis === side).map((annotation) => annotation.value);
  const low = Math.min(0, min ?? 0, ...lines);
  const high = Math.max(max ?? 1, ...lines, low + 1);
  return [axis?.min ?? low, axis?.max ?? high * 1.08];
}

function axisLabel(label: string | undefined): Partial<uPlot.Axis> {
  return label ? { label, labelSize: 14, labelFont: '11px system-ui, sans-serif' } : {};
}

function drawAnnotations(chart: uPlot, annotations: readonly AnnotationSpec[]): void {
  const context = chart.ctx;
  const { left, top, width, height } = chart.bbox;
  for (const annotation of annotations) {
    const scale = annotation.yAxis === 'right' ? 'right' : 'y';
    if (chart.scales[scale] === undefined) continue;
    const y = Math.round(chart.valToPos(annotation.value, scale, true));
    if (y < top || y > top + height) continue;
    context.save();
    if (annotation.fill !== 'none') {
      context.fillStyle = translucent(annotation.color, 0.08);
      if (annotation.fill === 'above') context.fillRect(left, top, width, y - top);
      else context.fillRect(left, y, width, top + height - y);
    }
    context.strokeStyle = annotation.color;
    context.lineWidth = 1.5 * devicePixelRatio;
    context.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
    context.beginPath();
    context.moveTo(left, y);
    context.lineTo(left + width, y);
    context.stroke();
    if (annotation.label) {
      context.setLineDash([]);
      context.fillStyle = annotation.color;
      context.font = `${11 * devicePixelRatio}px system-ui, sans-serif`;
      context.textAlign = 'right';
      context.textBaseline = 'bottom';
      context.fillText(annotation.label, left + width - 4 * devicePixelRatio, y - 2 * devicePixelRatio);
    }
    context.restore();
  }
}

function translucent(hex: string, alpha = 0.35): string {
  const full = hex.length === 4 ? `#${[...hex.slice(1)].map((digit) => digit + digit).join('')}` : hex;
  const value = Number.parseInt(full.slice(1), 16);
  return `rgba(${(value >> 16) & 255}, ${(value >> 8) & 255}, ${value & 255}, ${alpha})`;
}

function resizeAll(): void {
  for (const { chart, container } of charts) chart.setSize({ width: Math.max(container.clientWidth, 100), height: Math.max(container.clientHeight, 60) });
}

drawAll();
window.addEventListener('resize', resizeAll);
