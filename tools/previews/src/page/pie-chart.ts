import { escapeHtml } from './html';
import { formatNumber } from './format';

/** A slice of a pie: its legend, colour and value. */
export interface PieSlice {
  readonly label: string;
  readonly color: string;
  readonly value: number;
}

/**
 * An SVG pie with its legend (values and shares), drawn when the page is written: slices with a
 * value of 0 or less are left out, as CloudWatch leaves them out.
 *
 * @example
 * pieChartHtml([{ label: 'SUCCEEDED', color: '#2ca02c', value: 120 }, { label: 'FAILED', color: '#d62728', value: 30 }]);
 */
export function pieChartHtml(slices: readonly PieSlice[]): string {
  const shown = slices.filter((slice) => slice.value > 0);
  const total = shown.reduce((sum, slice) => sum + slice.value, 0);
  let angle = -Math.PI / 2;
  const shapes = shown.map((slice) => {
    const share = slice.value / total;
    const title = `<title>${escapeHtml(`${slice.label}: ${formatNumber(slice.value)}`)}</title>`;
    if (share >= 0.999999) return `<circle cx="50" cy="50" r="48" fill="${slice.color}">${title}</circle>`;
    const start = angle;
    angle += share * 2 * Math.PI;
    const [x1, y1, x2, y2] = [Math.cos(start), Math.sin(start), Math.cos(angle), Math.sin(angle)].map((value) => (50 + 48 * value).toFixed(3));
    const large = share > 0.5 ? 1 : 0;
    return `<path d="M50,50 L${x1},${y1} A48,48 0 ${large} 1 ${x2},${y2} Z" fill="${slice.color}" stroke="#fff" stroke-width="0.5">${title}</path>`;
  });
  const legend = shown
    .map(
      (slice) =>
        `<li><span class="swatch" style="background:${slice.color}"></span>${escapeHtml(slice.label)} <span class="value">${formatNumber(slice.value)} (${formatNumber((100 * slice.value) / total)} %)</span></li>`,
    )
    .join('');
  return `<div class="pie"><svg viewBox="0 0 100 100" role="img" aria-label="pie chart">${shapes.join('')}</svg><ul class="legend">${legend}</ul></div>`;
}
