import type { ComputeEnvironmentKind } from '../batch-resources/batch-resources';

/** How a compute environment pays for its capacity (what the truth's cost rows are split by). */
export type PurchaseOption = 'ON_DEMAND' | 'SPOT' | 'FARGATE';

/** Fargate's per-second rates, per vCPU-hour and per GB-hour of memory. */
export interface FargateRates {
  readonly vcpuHour: number;
  readonly gbHour: number;
}

/**
 * The prices a simulated workload is costed with, in USD. The simulator imports no batchmon lib:
 * scenarios pass the same table the pipeline bundles, so the truth and the pipeline price alike.
 *
 * @example
 * ```ts
 * const prices: SimulationPrices = {
 *   onDemandHourly: { 'm5.large': 0.096 },
 *   spotDiscount: { 'spot-ec2': 0.7 },
 *   fargate: { x86: { vcpuHour: 0.04048, gbHour: 0.004445 }, arm: { vcpuHour: 0.03238, gbHour: 0.00356 } },
 * };
 * ```
 */
export interface SimulationPrices {
  /** On-Demand hourly price per instance type (every type a compute environment may launch needs one). */
  readonly onDemandHourly: Readonly<Record<string, number>>;
  /**
   * Spot price as a discount off On-Demand (`0.7` = 70 % cheaper): one for every Spot compute
   * environment, or one per compute environment name (a Spot compute environment without an entry
   * is a misconfiguration).
   */
  readonly spotDiscount: number | Readonly<Record<string, number>>;
  readonly fargate: { readonly x86: FargateRates; readonly arm: FargateRates };
}

/**
 * Default prices: us-east-1 Linux On-Demand prices of the simulator's instance types and Fargate's
 * x86 and Arm rates as AWS's pricing pages listed them in 2024
 * (https://aws.amazon.com/ec2/pricing/on-demand/, https://aws.amazon.com/fargate/pricing/), and a
 * 70 % Spot discount (Spot saves "up to 90 %", https://aws.amazon.com/ec2/spot/pricing/). They make
 * a realistic simulated bill; they are not a price list to monitor with.
 */
export const DEFAULT_SIMULATION_PRICES: SimulationPrices = {
  onDemandHourly: {
    'm5.large': 0.096,
    'm5.xlarge': 0.192,
    'c5.xlarge': 0.17,
    'r5.2xlarge': 0.504,
    'm6g.large': 0.077,
    'c6g.xlarge': 0.136,
    'g4dn.xlarge': 0.526,
    'g4dn.2xlarge': 0.752,
  },
  spotDiscount: 0.7,
  fargate: { x86: { vcpuHour: 0.04048, gbHour: 0.004445 }, arm: { vcpuHour: 0.03238, gbHour: 0.00356 } },
};

/** The purchase option of a compute environment kind; EKS capacity is not costed (undefined). */
export function purchaseOptionOf(kind: ComputeEnvironmentKind): PurchaseOption | undefined {
  switch (kind) {
    case 'EC2':
      return 'ON_DEMAND';
    case 'SPOT':
      return 'SPOT';
    case 'FARGATE':
      return 'FARGATE';
    case 'EKS':
      return undefined;
  }
}

/** The Spot discount of a compute environment, undefined when the table has none for it. */
export function spotDiscountOf(prices: SimulationPrices, computeEnvironment: string): number | undefined {
  return typeof prices.spotDiscount === 'number' ? prices.spotDiscount : prices.spotDiscount[computeEnvironment];
}

/**
 * The hourly price of an instance of `instanceType` in a compute environment: On-Demand, or
 * On-Demand × (1 − discount) on Spot. Options are checked before the simulation runs, so a missing
 * entry here is a bug and throws.
 *
 * @example
 * ```ts
 * instanceHourlyPrice(DEFAULT_SIMULATION_PRICES, 'SPOT', 'spot-ec2', 'm5.large'); // 0.096 × 0.3
 * ```
 */
export function instanceHourlyPrice(prices: SimulationPrices, option: 'ON_DEMAND' | 'SPOT', computeEnvironment: string, instanceType: string): number {
  const onDemand = prices.onDemandHourly[instanceType];
  if (onDemand === undefined) throw new Error(`simulator prices: no On-Demand price for ${instanceType}`);
  if (option === 'ON_DEMAND') return onDemand;
  const discount = spotDiscountOf(prices, computeEnvironment);
  if (discount === undefined) throw new Error(`simulator prices: no Spot discount for compute environment ${computeEnvironment}`);
  return onDemand * (1 - discount);
}

/**
 * What a Fargate task of `vcpus` and `memoryMiB` costs per hour: vCPU-hours and GB-hours at the
 * rates of its CPU architecture (memory in GB = MiB / 1024, as Fargate bills it).
 *
 * @example
 * ```ts
 * fargateHourlyPrice(DEFAULT_SIMULATION_PRICES, 'x86_64', 0.5, 1024); // 0.5 × 0.04048 + 1 × 0.004445
 * ```
 */
export function fargateHourlyPrice(prices: SimulationPrices, cpuArchitecture: 'x86_64' | 'arm64', vcpus: number, memoryMiB: number): number {
  const rates = cpuArchitecture === 'arm64' ? prices.fargate.arm : prices.fargate.x86;
  return vcpus * rates.vcpuHour + (memoryMiB / 1024) * rates.gbHour;
}
