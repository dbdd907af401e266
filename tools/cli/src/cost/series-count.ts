import { JOB_STATUSES } from '@batchmon/event-schemas';
import { METRIC_NAMES, UNKNOWN_DIMENSION_VALUE, type Dimension, type MetricName } from '@batchmon/metrics';

/**
 * How many CloudWatch custom metrics (series) batchmon publishes for an account: for each metric
 * and dimension set a profile publishes, the distinct combinations of dimension values that occur
 * given the account's shape. CloudWatch bills each distinct namespace + name + dimensions as one
 * metric (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_concepts.html#Dimension).
 */

/** The account: how many Batch resources it has and how they are wired. */
export interface AccountShape {
  readonly jobQueues: number;
  readonly computeEnvironments: number;
  readonly jobDefinitions: number;
  /** Availability Zones the compute environments use, in total. */
  readonly availabilityZones: number;
  /** Instance types the compute environments use, in total. */
  readonly instanceTypes: number;
  /** Job queues each job definition is submitted to. @default 2 */
  readonly queuesPerJobDefinition: number;
  /** Compute environments each job queue feeds. @default 2 */
  readonly computeEnvironmentsPerQueue: number;
  /** Instance types each compute environment launches. @default 3 */
  readonly instanceTypesPerComputeEnvironment: number;
  /** Availability Zones each compute environment spans. @default 3 */
  readonly availabilityZonesPerComputeEnvironment: number;
}

/** Dimensions whose values are the account's own resources: their number comes from the shape. */
export const SHAPE_DIMENSIONS = ['JobDefinition', 'JobQueue', 'ComputeEnvironment', 'AutoScalingGroup', 'InstanceType', 'AvailabilityZone'] as const satisfies readonly Dimension[];

/** A dimension sized by the account's shape. */
export type ShapeDimension = (typeof SHAPE_DIMENSIONS)[number];

const isShapeDimension = (dimension: Dimension): dimension is ShapeDimension => (SHAPE_DIMENSIONS as readonly Dimension[]).includes(dimension);

/** The dimension sets of a metric a profile publishes (the catalog's, or a metric profile's). */
export type DimensionSetsOf = (metric: MetricName) => readonly (readonly Dimension[])[];

/**
 * Dimension values seen in a measured run, by metric and dimension set (`seriesKey` of the
 * set's keys): each entry one combination of values (normalized, as published).
 */
export type ObservedSeries = ReadonlyMap<MetricName, ReadonlyMap<string, ReadonlySet<string>>>;

/** Where the values of `Workflow` and `Reason` come from: the workflows' code. */
export interface ReasonDomains {
  /** `(Workflow, Reason)` pairs each metric's records can carry, from the workflow definitions. */
  readonly pairs: ReadonlyMap<MetricName, readonly (readonly [workflow: string, reason: string])[]>;
  /** Reasons of metrics without a `Workflow` dimension (e.g. documented blocked-queue codes). */
  readonly reasons: ReadonlyMap<MetricName, readonly string[]>;
}

/** The series of one metric and dimension set. */
export interface SetSeries {
  readonly metric: MetricName;
  readonly dimensions: readonly Dimension[];
  readonly series: number;
}

/** Key of a dimension set: its keys in catalog order, joined. */
export const setKey = (dimensions: readonly Dimension[]): string => dimensions.join('|');

/** Key of one combination of values, in the set's key order. */
export const valuesKey = (values: readonly string[]): string => JSON.stringify(values);

/** Distinct values each shape dimension takes in the account. */
function distinctValues(shape: AccountShape): Record<ShapeDimension, number> {
  return {
    JobDefinition: shape.jobDefinitions,
    JobQueue: shape.jobQueues,
    ComputeEnvironment: shape.computeEnvironments,
    // Batch creates one Auto Scaling group per EC2 compute environment.
    AutoScalingGroup: shape.computeEnvironments,
    InstanceType: Math.min(shape.instanceTypes, shape.computeEnvironments * shape.instanceTypesPerComputeEnvironment),
    AvailabilityZone: Math.min(shape.availabilityZones, shape.computeEnvironments * shape.availabilityZonesPerComputeEnvironment),
  };
}

/** Where a shape dimension sits on the chain definition → queue → compute environment → instance type, AZ. */
const LEVEL: Readonly<Record<ShapeDimension, number>> = {
  JobDefinition: 0,
  JobQueue: 1,
  ComputeEnvironment: 2,
  AutoScalingGroup: 2,
  InstanceType: 3,
  AvailabilityZone: 3,
};

/**
 * Distinct combinations of values of `dimensions` (shape dimensions only) in the account: at most
 * the product of their distinct values, and at most what the wiring allows — a combination is a
 * projection of a definition → queue → compute environment → (type, AZ) path, so starting from
 * the highest level in the set, each level below multiplies by its fan-out.
 *
 * @example
 * // 50 definitions in 2 queues each, 20 queues: 100 (queue, definition) pairs, not 1,000.
 * shapeCombinations(['JobQueue', 'JobDefinition'], shape);
 */
export function shapeCombinations(dimensions: readonly ShapeDimension[], shape: AccountShape): number {
  if (dimensions.length === 0) return 1;
  const values = distinctValues(shape);
  const product = dimensions.reduce((total, dimension) => total * values[dimension], 1);
  const levels = dimensions.map((dimension) => LEVEL[dimension]);
  // Types and AZs hang off compute environments: a set of them alone is anchored there.
  const top = Math.min(Math.min(...levels), 2);
  const anchors = [shape.jobDefinitions, shape.jobQueues, shape.computeEnvironments];
  let reachable = anchors[top] ?? 1;
  const lowest = Math.max(...levels);
  if (top <= 0 && lowest > 0) reachable *= shape.queuesPerJobDefinition;
  if (top <= 1 && lowest > 1) reachable *= shape.computeEnvironmentsPerQueue;
  if (dimensions.includes('InstanceType')) reachable *= shape.instanceTypesPerComputeEnvironment;
  if (dimensions.includes('AvailabilityZone')) reachable *= shape.availabilityZonesPerComputeEnvironment;
  return Math.min(product, reachable);
}

/** Options of {@link countSeries}. */
export interface CountSeriesOptions {
  readonly shape: AccountShape;
  /** The dimension sets published (a metric profile). */
  readonly dimensionSetsOf: DimensionSetsOf;
  /** Values seen in the measured run: which states, launch types… occur under each set. */
  readonly observed: ObservedSeries;
  readonly reasons: ReasonDomains;
  /** The metrics to count. @default every metric of the catalog */
  readonly metrics?: readonly MetricName[];
}

/**
 * Enumerates the series of every metric and dimension set over the account's shape:
 * - shape dimensions (queues, definitions, compute environments, types, AZs) by {@link shapeCombinations};
 * - `Workflow` and `Reason` from the workflows' code ({@link ReasonDomains});
 * - `State`, `LaunchType`, `NodeRole`, `CpuArchitecture`: the combinations that occurred under
 *   that set in the measured run (states are checked against AWS Batch's job statuses); a set the
 *   run never filled counts every job status (and every value the run saw of the others);
 * - combinations the run published with `unknown` for a shape dimension (e.g. a job on an
 *   instance never seen registering) add one series per combination of the other values.
 *
 * @example
 * countSeries({ shape, dimensionSetsOf: (metric) => METRIC_CATALOG[metric].dimensionSets, observed, reasons });
 */
export function countSeries(options: CountSeriesOptions): SetSeries[] {
  const { shape, observed, reasons } = options;
  const seenAnywhere = valuesSeenAnywhere(observed);
  const result: SetSeries[] = [];
  for (const metric of options.metrics ?? METRIC_NAMES) {
    for (const dimensions of options.dimensionSetsOf(metric)) {
      const shapeKeys = dimensions.filter(isShapeDimension);
      const hasWorkflow = dimensions.includes('Workflow');
      const hasReason = dimensions.includes('Reason');
      const enumerated = dimensions.filter((dimension) => !isShapeDimension(dimension) && dimension !== 'Workflow' && dimension !== 'Reason');
      const codeValues = codeCombinations(metric, hasWorkflow, hasReason, reasons);
      const seen = observed.get(metric)?.get(setKey(dimensions)) ?? new Set<string>();
      // Each observed combination: the enumerated values, and which shape dimensions were unknown.
      const known = new Set<string>();
      const unknown = new Map<string, readonly ShapeDimension[]>();
      for (const entry of seen) {
        const values = JSON.parse(entry) as string[];
        const byDimension = new Map(dimensions.map((dimension, index) => [dimension, values[index] ?? '']));
        if (byDimension.get('State') !== undefined && !(JOB_STATUSES as readonly string[]).includes(byDimension.get('State') ?? '')) continue;
        const enumeratedValues = enumerated.map((dimension) => byDimension.get(dimension) ?? '');
        const unknownShape = shapeKeys.filter((dimension) => byDimension.get(dimension) === UNKNOWN_DIMENSION_VALUE);
        if (unknownShape.length === 0) known.add(valuesKey(enumeratedValues));
        else unknown.set(valuesKey([...enumeratedValues, ...unknownShape]), unknownShape);
      }
      let enumeratedCombos = known.size;
      if (enumerated.length === 0) enumeratedCombos = 1;
      else if (seen.size === 0) {
        enumeratedCombos = enumerated.reduce((total, dimension) => total * (dimension === 'State' ? JOB_STATUSES.length : Math.max(1, seenAnywhere.get(dimension)?.size ?? 1)), 1);
      }
      let series = enumeratedCombos * codeValues * shapeCombinations(shapeKeys, shape);
      for (const unknownShape of unknown.values()) {
        series += codeValues * shapeCombinations(shapeKeys.filter((dimension) => !unknownShape.includes(dimension)), shape);
      }
      result.push({ metric, dimensions, series });
    }
  }
  return result;
}

/** Combinations of `Workflow` and `Reason` values a set can take, from the code. */
function codeCombinations(metric: MetricName, hasWorkflow: boolean, hasReason: boolean, reasons: ReasonDomains): number {
  if (!hasWorkflow && !hasReason) return 1;
  const pairs = reasons.pairs.get(metric) ?? [];
  if (hasWorkflow && hasReason) return new Set(pairs.map((pair) => valuesKey(pair))).size;
  if (hasWorkflow) return new Set(pairs.map(([workflow]) => workflow)).size;
  return new Set([...pairs.map(([, reason]) => reason), ...(reasons.reasons.get(metric) ?? [])]).size;
}

/** Every value the run published for each dimension, over all metrics and sets. */
function valuesSeenAnywhere(observed: ObservedSeries): Map<string, Set<string>> {
  const seen = new Map<string, Set<string>>();
  for (const sets of observed.values()) {
    for (const [key, combinations] of sets) {
      const dimensions = key.split('|');
      for (const entry of combinations) {
        const values = JSON.parse(entry) as string[];
        dimensions.forEach((dimension, index) => {
          const value = values[index];
          if (value === undefined || value === UNKNOWN_DIMENSION_VALUE) return;
          const set = seen.get(dimension) ?? new Set<string>();
          set.add(value);
          seen.set(dimension, set);
        });
      }
    }
  }
  return seen;
}

/** Total series of a count. */
export const totalSeries = (sets: readonly SetSeries[]): number => sets.reduce((sum, set) => sum + set.series, 0);
