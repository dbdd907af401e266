import { DEFAULT_HEIGHTS, GRID_COLUMNS } from '../constants';
import { DashboardValidationError } from '../errors';
import { widgetName, type Widget } from '../widgets/widgets';

/** Widgets side by side; their height is the tallest child's. */
export interface Row {
  readonly kind: 'row';
  readonly children: readonly LayoutNode[];
}

/** Widgets stacked top to bottom. */
export interface Column {
  readonly kind: 'column';
  readonly children: readonly LayoutNode[];
  /** Columns of the grid it spans. @default - its share of its row */
  readonly width?: number;
}

/** A widget, or rows and columns of them. */
export type LayoutNode = Widget | Row | Column;

/** A widget with its computed place on the grid. */
export interface PlacedWidget {
  readonly widget: Widget;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * Widgets side by side. Children without a width share the columns the others leave, so a row of
 * three widgets without widths makes three widgets of 8 columns.
 *
 * @example
 * row(graph('A', qa), graph('B', qb), graph('C', qc)); // x = 0, 8, 16; width 8 each
 */
export function row(...children: readonly LayoutNode[]): Row {
  return { kind: 'row', children };
}

/**
 * Widgets stacked top to bottom, each as wide as the column.
 *
 * @example
 * row(column(singleValue('A', qa), singleValue('B', qb)), graph('C', qc));
 */
export function column(...children: readonly LayoutNode[]): Column {
  return { kind: 'column', children };
}

/**
 * A column of a fixed width inside a row.
 *
 * @example
 * row(fixedColumn(6, text('# Notes')), graph('C', qc)); // the graph gets the other 18 columns
 */
export function fixedColumn(width: number, ...children: readonly LayoutNode[]): Column {
  return { kind: 'column', children, width };
}

/**
 * Places rows of widgets on the 24-column grid, top to bottom: every position and every width
 * left open is computed here, never written by hand.
 *
 * @param where - names the dashboard in error messages
 * @throws {DashboardValidationError} when a row needs more than 24 columns, or a widget is wider
 *   than the space its row or column gives it
 *
 * @example
 * layoutGrid([row(graph('A', qa), graph('B', qb))], 'my-dashboard');
 * // [{ widget: A, x: 0, y: 0, width: 12, height: 6 }, { widget: B, x: 12, y: 0, width: 12, height: 6 }]
 */
export function layoutGrid(rows: readonly LayoutNode[], where: string): PlacedWidget[] {
  const placed: PlacedWidget[] = [];
  let y = 0;
  for (const node of rows) y += place(node, 0, y, GRID_COLUMNS, placed, where).height;
  return placed;
}

function place(node: LayoutNode, x: number, y: number, available: number, out: PlacedWidget[], where: string): { width: number; height: number } {
  switch (node.kind) {
    case 'row':
      return placeRow(node, x, y, available, out, where);
    case 'column': {
      const width = node.width ?? available;
      checkWidth(width, available, `column of ${names(node)}`, where);
      let height = 0;
      for (const child of node.children) height += place(child, x, y + height, width, out, where).height;
      return { width, height };
    }
    default: {
      const width = node.width ?? available;
      checkWidth(width, available, `widget "${widgetName(node)}"`, where);
      const height = node.height ?? defaultHeight(node);
      if (!Number.isInteger(height) || height < 1) {
        throw new DashboardValidationError(`${where} › widget "${widgetName(node)}"`, `expected a height of at least 1 row, found ${height}`);
      }
      out.push({ widget: node, x, y, width, height });
      return { width, height };
    }
  }
}

function placeRow(node: Row, x: number, y: number, available: number, out: PlacedWidget[], where: string): { width: number; height: number } {
  const fixed = node.children.reduce((sum, child) => sum + (fixedWidth(child) ?? 0), 0);
  const open = node.children.filter((child) => fixedWidth(child) === undefined);
  if (fixed > available || (open.length > 0 && available - fixed < open.length)) {
    throw new DashboardValidationError(
      `${where} › row of ${names(node)}`,
      `expected at most ${available} columns (the grid has ${GRID_COLUMNS}), found ${fixed} fixed and ${open.length} to share the rest`,
    );
  }
  const share = open.length > 0 ? Math.floor((available - fixed) / open.length) : 0;
  let extra = open.length > 0 ? (available - fixed) % open.length : 0;
  let cursor = x;
  let height = 0;
  for (const child of node.children) {
    let width = fixedWidth(child);
    if (width === undefined) {
      width = share + (extra > 0 ? 1 : 0);
      extra -= 1;
    }
    const size = place(child, cursor, y, width, out, where);
    cursor += width;
    height = Math.max(height, size.height);
  }
  return { width: cursor - x, height };
}

function fixedWidth(node: LayoutNode): number | undefined {
  return node.kind === 'row' ? undefined : node.width;
}

function checkWidth(width: number, available: number, what: string, where: string): void {
  if (!Number.isInteger(width) || width < 1 || width > available) {
    throw new DashboardValidationError(`${where} › ${what}`, `expected a width of 1 to ${available} columns, found ${width}`);
  }
}

function defaultHeight(widget: Widget): number {
  switch (widget.kind) {
    case 'metric':
      return widget.view === 'singleValue' ? DEFAULT_HEIGHTS.singleValue : DEFAULT_HEIGHTS.graph;
    case 'text':
      return DEFAULT_HEIGHTS.text;
    case 'alarm':
      return DEFAULT_HEIGHTS.alarmStatus;
    case 'log':
      return DEFAULT_HEIGHTS.log;
  }
}

function names(node: Row | Column): string {
  const all: string[] = [];
  const visit = (child: LayoutNode): void => {
    if (child.kind === 'row' || child.kind === 'column') child.children.forEach(visit);
    else all.push(`"${widgetName(child)}"`);
  };
  node.children.forEach(visit);
  return `[${all.join(', ')}]`;
}
