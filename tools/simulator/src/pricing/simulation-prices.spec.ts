import { DEFAULT_SIMULATION_PRICES, fargateHourlyPrice, instanceHourlyPrice, purchaseOptionOf, spotDiscountOf, type SimulationPrices } from './simulation-prices';

const prices: SimulationPrices = {
  onDemandHourly: { 'm5.large': 0.1 },
  spotDiscount: { 'spot-a': 0.6, 'spot-b': 0.75 },
  fargate: { x86: { vcpuHour: 0.04, gbHour: 0.005 }, arm: { vcpuHour: 0.03, gbHour: 0.004 } },
};

describe('simulation prices', () => {
  it('prices an On-Demand instance at its table price, whatever its compute environment', () => {
    expect(instanceHourlyPrice(prices, 'ON_DEMAND', 'anything', 'm5.large')).toBe(0.1);
  });

  it('prices a Spot instance at On-Demand less its compute environment’s discount', () => {
    expect(instanceHourlyPrice(prices, 'SPOT', 'spot-a', 'm5.large')).toBeCloseTo(0.1 * (1 - 0.6), 12);
    expect(instanceHourlyPrice(prices, 'SPOT', 'spot-b', 'm5.large')).toBeCloseTo(0.1 * (1 - 0.75), 12);
  });

  it('applies one discount to every Spot compute environment when given as a number', () => {
    expect(spotDiscountOf(DEFAULT_SIMULATION_PRICES, 'any-spot-ce')).toBe(DEFAULT_SIMULATION_PRICES.spotDiscount);
  });

  it('prices a Fargate task by vCPU-hours and GB-hours at its architecture’s rates', () => {
    expect(fargateHourlyPrice(prices, 'x86_64', 2, 4096)).toBeCloseTo(2 * 0.04 + 4 * 0.005, 12);
    expect(fargateHourlyPrice(prices, 'arm64', 2, 4096)).toBeCloseTo(2 * 0.03 + 4 * 0.004, 12);
  });

  it('throws, naming the instance type, when the table has no price for it', () => {
    expect(() => instanceHourlyPrice(prices, 'ON_DEMAND', 'ce', 'c5.xlarge')).toThrow('simulator prices: no On-Demand price for c5.xlarge');
  });

  it('costs EC2 On-Demand, EC2 Spot and Fargate, and leaves EKS out', () => {
    expect([purchaseOptionOf('EC2'), purchaseOptionOf('SPOT'), purchaseOptionOf('FARGATE'), purchaseOptionOf('EKS')]).toEqual(['ON_DEMAND', 'SPOT', 'FARGATE', undefined]);
  });
});
