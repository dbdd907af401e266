import { Timeline } from './timeline';

describe('Timeline', () => {
  it('pops entries in time order', () => {
    const timeline = new Timeline<string>();
    for (const [at, item] of [[30, 'c'], [10, 'a'], [20, 'b'], [5, 'first'], [25, 'b2']] as const) timeline.schedule(at, item);
    const out: string[] = [];
    for (let next = timeline.pop(); next !== undefined; next = timeline.pop()) out.push(next.item);
    expect(out).toEqual(['first', 'a', 'b', 'b2', 'c']);
  });

  it('pops entries of equal time in the order they were scheduled', () => {
    const timeline = new Timeline<number>();
    for (let index = 0; index < 50; index += 1) timeline.schedule(index % 3, index);
    const out: number[] = [];
    for (let next = timeline.pop(); next !== undefined; next = timeline.pop()) out.push(next.item);
    const expected = [...Array(50).keys()].sort((a, b) => (a % 3) - (b % 3) || a - b);
    expect(out).toEqual(expected);
  });

  it('is empty once everything was popped', () => {
    const timeline = new Timeline<number>();
    timeline.schedule(1, 1);
    timeline.pop();
    expect(timeline.size).toBe(0);
    expect(timeline.pop()).toBeUndefined();
  });
});
