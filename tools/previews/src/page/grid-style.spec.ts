import { gridContainerStyle, gridPlacement } from './grid-style';

describe('gridPlacement', () => {
  it('places a widget at its CloudWatch column and row, 1-based in CSS', () => {
    expect(gridPlacement({ x: 0, y: 0, width: 24, height: 3 })).toBe('grid-column: 1 / span 24; grid-row: 1 / span 3');
    expect(gridPlacement({ x: 18, y: 9, width: 6, height: 6 })).toBe('grid-column: 19 / span 6; grid-row: 10 / span 6');
  });

  it.each([
    { x: 20, y: 0, width: 6, height: 6 },
    { x: -1, y: 0, width: 6, height: 6 },
    { x: 0, y: 0, width: 0, height: 6 },
    { x: 0, y: 0.5, width: 6, height: 6 },
  ])('refuses a box outside the 24-column grid: %o', (box) => {
    expect(() => gridPlacement(box)).toThrow(RangeError);
  });
});

describe('gridContainerStyle', () => {
  it('lays out 24 equal columns with rows of about CloudWatch height', () => {
    expect(gridContainerStyle()).toBe('display: grid; grid-template-columns: repeat(24, minmax(0, 1fr)); grid-auto-rows: 50px; gap: 8px');
  });
});
