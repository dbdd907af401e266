import { GRID_COLUMNS } from '@batchmon/dashboards';
import { GRID_GAP_PX, ROW_HEIGHT_PX } from '../constants';

/** A widget's place on the CloudWatch grid, in grid units (as in the dashboard body). */
export interface GridBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * The CSS grid placement of a widget at `box` on the 24-column grid: columns and rows are 1-based
 * in CSS, 0-based in the dashboard body.
 *
 * @throws {RangeError} when the box does not fit the grid (negative, fractional or past column 24)
 *
 * @example
 * gridPlacement({ x: 12, y: 3, width: 12, height: 6 }); // 'grid-column: 13 / span 12; grid-row: 4 / span 6'
 */
export function gridPlacement(box: GridBox): string {
  const { x, y, width, height } = box;
  const whole = [x, y, width, height].every(Number.isInteger);
  if (!whole || x < 0 || y < 0 || width < 1 || height < 1 || x + width > GRID_COLUMNS) {
    throw new RangeError(`expected a box inside the ${GRID_COLUMNS}-column grid, found x=${x} y=${y} width=${width} height=${height}`);
  }
  return `grid-column: ${x + 1} / span ${width}; grid-row: ${y + 1} / span ${height}`;
}

/**
 * The CSS of the dashboard grid: 24 equal columns and rows of CloudWatch's height.
 *
 * @example
 * gridContainerStyle(); // 'display: grid; grid-template-columns: repeat(24, minmax(0, 1fr)); grid-auto-rows: 50px; gap: 8px'
 */
export function gridContainerStyle(): string {
  return `display: grid; grid-template-columns: repeat(${GRID_COLUMNS}, minmax(0, 1fr)); grid-auto-rows: ${ROW_HEIGHT_PX}px; gap: ${GRID_GAP_PX}px`;
}
