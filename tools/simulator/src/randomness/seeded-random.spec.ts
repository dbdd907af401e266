import { SeededRandom } from './seeded-random';

const draw = (random: SeededRandom, count = 5) => Array.from({ length: count }, () => random.next());

describe('SeededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    expect(draw(new SeededRandom(42))).toEqual(draw(new SeededRandom(42)));
  });

  it('gives a different sequence for a different seed', () => {
    expect(draw(new SeededRandom(42))).not.toEqual(draw(new SeededRandom(43)));
  });

  it('stays within [0, 1)', () => {
    const values = draw(new SeededRandom(7), 10_000);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
  });

  it('forks streams that do not move when the parent is consumed', () => {
    const parent = new SeededRandom(5);
    const before = draw(parent.fork('delivery'));
    draw(parent, 100);
    expect(draw(parent.fork('delivery'))).toEqual(before);
    expect(draw(parent.fork('delivery'))).not.toEqual(draw(parent.fork('workload')));
  });

  it('never picks a zero weight', () => {
    const random = new SeededRandom(3);
    const picks = new Set(Array.from({ length: 1000 }, () => random.weighted([['a', 1], ['b', 0], ['c', 2]] as const)));
    expect([...picks].sort()).toEqual(['a', 'c']);
  });

  it('draws UUIDs in the version 4 layout', () => {
    expect(new SeededRandom(9).uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('keeps integers within both bounds', () => {
    const random = new SeededRandom(11);
    const values = new Set(Array.from({ length: 500 }, () => random.integer(2, 4)));
    expect([...values].sort()).toEqual([2, 3, 4]);
  });

  it('refuses to pick from an empty list, saying so', () => {
    expect(() => new SeededRandom(1).pick([])).toThrow(/non-empty list/);
  });
});
