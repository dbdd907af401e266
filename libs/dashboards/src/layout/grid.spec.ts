import { DashboardValidationError } from '../errors';
import { graph, text } from '../widgets/widgets';
import { pipelineMetric } from '../queries/pipeline-query';
import { column, fixedColumn, layoutGrid, row } from './grid';

const q = [pipelineMetric('JobStateTransitions', ['State'], { stat: 'Sum' })];
const g = (title: string, width?: number, height?: number) => graph(title, q, { width, height });
const boxes = (rows: Parameters<typeof layoutGrid>[0]) =>
  layoutGrid(rows, 'test').map(({ widget, x, y, width, height }) => ({ title: widget.kind === 'text' ? 'text' : widget.title, x, y, width, height }));

describe('layoutGrid', () => {
  it('shares a row’s 24 columns among widgets without a width', () => {
    expect(boxes([row(g('A'), g('B'), g('C'))])).toEqual([
      { title: 'A', x: 0, y: 0, width: 8, height: 6 },
      { title: 'B', x: 8, y: 0, width: 8, height: 6 },
      { title: 'C', x: 16, y: 0, width: 8, height: 6 },
    ]);
  });

  it('gives the columns left by fixed widths to the others, leftovers to the first ones', () => {
    expect(boxes([row(g('A', 6), g('B'), g('C'), g('D'), g('E'), g('F'), g('G'), g('H'))]).map((box) => box.width)).toEqual([6, 3, 3, 3, 3, 2, 2, 2]);
  });

  it('stacks rows below the tallest widget of the row above', () => {
    const placed = boxes([row(g('A', 12, 4), g('B', 12, 9)), row(g('C'))]);
    expect(placed[2]).toEqual({ title: 'C', x: 0, y: 9, width: 24, height: 6 });
  });

  it('stacks the widgets of a column at the column’s x', () => {
    const placed = boxes([row(fixedColumn(6, g('A', undefined, 3), g('B', undefined, 3)), g('C'))]);
    expect(placed).toEqual([
      { title: 'A', x: 0, y: 0, width: 6, height: 3 },
      { title: 'B', x: 0, y: 3, width: 6, height: 3 },
      { title: 'C', x: 6, y: 0, width: 18, height: 6 },
    ]);
  });

  it('lets a column without a width take its share of the row', () => {
    expect(boxes([row(column(g('A'), g('B')), g('C'))]).map((box) => [box.x, box.width])).toEqual([
      [0, 12],
      [0, 12],
      [12, 12],
    ]);
  });

  it('uses a height per widget kind when none is given', () => {
    expect(boxes([row(text('# Title')), row(g('A'))]).map((box) => box.height)).toEqual([2, 6]);
  });

  it('never places two widgets on the same cell', () => {
    const placed = boxes([row(g('A'), fixedColumn(8, g('B'), row(g('C'), g('D'))), g('E')), row(g('F', 24))]);
    for (const a of placed) {
      for (const b of placed) {
        if (a === b) continue;
        const overlap = a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap).toBe(false);
      }
    }
    expect(placed.every((box) => box.x + box.width <= 24)).toBe(true);
  });

  it('rejects a row wider than the 24-column grid, naming its widgets', () => {
    expect(() => layoutGrid([row(g('A', 12), g('B', 12), g('C', 6))], 'dashboard "d"')).toThrow(
      'dashboard "d" › row of ["A", "B", "C"]: expected at most 24 columns (the grid has 24), found 30 fixed and 0 to share the rest',
    );
  });

  it('rejects a widget wider than its column, naming the widget', () => {
    expect(() => layoutGrid([row(fixedColumn(6, g('Wide', 8)))], 'dashboard "d"')).toThrow(
      new DashboardValidationError('dashboard "d" › widget "Wide"', 'expected a width of 1 to 6 columns, found 8'),
    );
  });

  it('rejects a row with more widgets than columns to share', () => {
    expect(() => layoutGrid([row(g('A', 22), g('B'), g('C'), g('D'))], 'dashboard "d"')).toThrow(/found 22 fixed and 3 to share the rest/);
  });
});
