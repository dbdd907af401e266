import { readFileSync } from 'node:fs';
import { z } from 'zod';
import DEFAULT_PRICES_JSON from './prices.us-east-1.json';
import { PriceFileError } from '../errors';

const usd = z.number().finite().nonnegative();

/** A tiered price: each tier applies up to `upTo` units in total (`null`: beyond the last break). */
const tiers = z
  .array(z.object({ upTo: z.number().positive().nullable(), usd }))
  .min(1)
  .superRefine((list, context) => {
    list.forEach((tier, index) => {
      const last = index === list.length - 1;
      if (last && tier.upTo !== null) context.addIssue({ code: 'custom', path: [index, 'upTo'], message: 'expected null (the last tier has no upper bound)' });
      if (!last && tier.upTo === null) context.addIssue({ code: 'custom', path: [index, 'upTo'], message: 'expected a number (only the last tier is unbounded)' });
      const previous = list[index - 1]?.upTo;
      if (tier.upTo !== null && typeof previous === 'number' && tier.upTo <= previous) {
        context.addIssue({ code: 'custom', path: [index, 'upTo'], message: `expected more than the previous tier's ${previous}` });
      }
    });
  });

/** The price file: one region's list prices, dated, with the pages they come from. */
export const priceTableSchema = z.object({
  region: z.string().min(1),
  /** The date the prices were read from their source (YYYY-MM-DD). */
  asOf: z.iso.date(),
  currency: z.literal('USD'),
  source: z.array(z.url()).min(1),
  stepFunctionsExpress: z.object({ perMillionRequests: usd, durationPerGbHourTiers: tiers }),
  dynamodb: z.object({ perMillionWriteRequestUnits: usd, perMillionReadRequestUnits: usd, storagePerGbMonth: usd, pointInTimeRecoveryPerGbMonth: usd }),
  sqs: z.object({ perMillionRequests: usd, perMillionFifoRequests: usd }),
  lambda: z.object({ perMillionRequests: usd, perGbSecondArm64: usd }),
  cloudwatch: z.object({
    logsIngestionPerGb: usd,
    logsStoragePerGbMonth: usd,
    customMetricTiers: tiers,
    dashboardPerMonth: usd,
    freeDashboards: z.number().int().nonnegative(),
    standardAlarmPerMetricMonth: usd,
    metricsInsightsAlarmPerMetricAnalyzedMonth: usd,
  }),
  kms: z.object({ customerManagedKeyPerMonth: usd }),
});

/** Prices the cost model uses (see `prices.us-east-1.json`). */
export type PriceTable = z.infer<typeof priceTableSchema>;

/** One tier of a tiered price. */
export type PriceTier = PriceTable['cloudwatch']['customMetricTiers'][number];

/**
 * Checks a parsed price file.
 * @throws {PriceFileError} naming `where`, the first invalid field, what was expected and what was found.
 * @example validatePrices(JSON.parse(text), 'my-prices.json');
 */
export function validatePrices(value: unknown, where: string): PriceTable {
  const parsed = priceTableSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue === undefined || issue.path.length === 0 ? '(file)' : issue.path.map(String).join('.');
  const found = issue === undefined ? undefined : issue.path.reduce<unknown>((node, key) => (typeof node === 'object' && node !== null ? (node as Record<PropertyKey, unknown>)[key] : undefined), value);
  throw new PriceFileError(`${where}: ${path}: ${issue?.message ?? 'invalid'}, found ${JSON.stringify(found) ?? 'nothing'}`);
}

/** The bundled us-east-1 prices. */
export const DEFAULT_PRICES: PriceTable = validatePrices(DEFAULT_PRICES_JSON, 'tools/cli/src/cost/prices.us-east-1.json');

/**
 * Reads and checks a price file (the same shape as `prices.us-east-1.json`).
 * @throws {PriceFileError} when it cannot be read, is not JSON, or a field is invalid.
 */
export function readPrices(path: string): PriceTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new PriceFileError(`--prices ${path}: cannot read it (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new PriceFileError(`--prices ${path}: expected JSON, found ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return validatePrices(value, `--prices ${path}`);
}

/**
 * What `units` cost under tiered prices (each tier's price applies to the units within it).
 * @example tieredCost(10_500, cloudwatch.customMetricTiers); // 10,000 × 0.30 + 500 × 0.10 = 3,050
 */
export function tieredCost(units: number, list: readonly PriceTier[]): number {
  let cost = 0;
  let below = 0;
  for (const tier of list) {
    const ceiling = tier.upTo ?? Infinity;
    const inTier = Math.max(0, Math.min(units, ceiling) - below);
    cost += inTier * tier.usd;
    below = ceiling;
    if (units <= ceiling) break;
  }
  return cost;
}
