import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PriceFileError } from '../errors';
import { DEFAULT_PRICES, readPrices, tieredCost, validatePrices } from './prices';

const tiers = DEFAULT_PRICES.cloudwatch.customMetricTiers;
const dir = mkdtempSync(join(tmpdir(), 'batchmon-prices-'));

describe('tiered prices', () => {
  it('charges the first tier up to its break', () => {
    const first = tiers[0];
    expect(first).toBeDefined();
    if (first === undefined || first.upTo === null) return;
    expect(tieredCost(first.upTo, tiers)).toBeCloseTo(first.upTo * first.usd);
  });

  it('charges units past a break at the next tier', () => {
    const [first, second] = tiers;
    if (first === undefined || second === undefined || first.upTo === null) throw new Error('expected two bounded tiers in the bundled prices');
    expect(tieredCost(first.upTo + 500, tiers)).toBeCloseTo(first.upTo * first.usd + 500 * second.usd);
  });

  it('charges every tier in turn beyond the last break', () => {
    const last = tiers[tiers.length - 1];
    const beforeLast = tiers[tiers.length - 2]?.upTo;
    if (last === undefined || typeof beforeLast !== 'number') throw new Error('expected an unbounded last tier after a bounded one');
    expect(tieredCost(beforeLast + 1000, tiers) - tieredCost(beforeLast, tiers)).toBeCloseTo(1000 * last.usd);
  });

  it('charges nothing for nothing', () => {
    expect(tieredCost(0, tiers)).toBe(0);
  });
});

describe('price file', () => {
  it('bundles a dated price table with its sources', () => {
    expect(DEFAULT_PRICES.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(DEFAULT_PRICES.source.length).toBeGreaterThan(0);
  });

  it('names the invalid field, what it expected and what it found', () => {
    const bad = { ...DEFAULT_PRICES, sqs: { perMillionRequests: 'cheap', perMillionFifoRequests: 0.5 } };
    expect(() => validatePrices(bad, 'mine.json')).toThrow(new PriceFileError('mine.json: sqs.perMillionRequests: Invalid input: expected number, received string, found "cheap"'));
  });

  it('refuses tiers whose breaks do not increase', () => {
    const bad = { ...DEFAULT_PRICES, cloudwatch: { ...DEFAULT_PRICES.cloudwatch, customMetricTiers: [{ upTo: 10, usd: 1 }, { upTo: 5, usd: 1 }, { upTo: null, usd: 1 }] } };
    expect(() => validatePrices(bad, 'mine.json')).toThrow(/mine\.json: cloudwatch\.customMetricTiers\.1\.upTo: expected more than the previous tier's 10, found 5/);
  });

  it('refuses a file without its date', () => {
    const { asOf: _asOf, ...undated } = DEFAULT_PRICES;
    expect(() => validatePrices(undated, 'mine.json')).toThrow(/mine\.json: asOf: .*found nothing/);
  });

  it('reads a valid override file', () => {
    const file = join(dir, 'cheaper.json');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_PRICES, sqs: { perMillionRequests: 0.2, perMillionFifoRequests: 0.25 } }));
    expect(readPrices(file).sqs.perMillionRequests).toBe(0.2);
  });

  it('names a file that is not JSON', () => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ "region": ');
    expect(() => readPrices(file)).toThrow(/--prices .*broken\.json: expected JSON/);
  });

  it('names a file it cannot read', () => {
    expect(() => readPrices(join(dir, 'missing.json'))).toThrow(/--prices .*missing\.json: cannot read it/);
  });
});
