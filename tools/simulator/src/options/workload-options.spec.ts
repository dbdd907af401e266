import { DEFAULT_BATCH_RESOURCES } from '../batch-resources/default-resources';
import { STUCK_SITUATIONS, situationComputeEnvironment, situationJobQueue } from '../situations/stuck-situations';
import { DEFAULT_SIMULATION_PRICES } from '../pricing/simulation-prices';
import { DEFAULT_WORKLOAD_OPTIONS, resolveWorkloadOptions } from './workload-options';
import { WorkloadOptionsError } from '../errors';
import { WORKLOAD_PRESETS } from './workload-presets';

describe('resolveWorkloadOptions', () => {
  it('applies the documented defaults', () => {
    const resolved = resolveWorkloadOptions();
    expect(resolved).toMatchObject({ jobs: 300, seed: 1, duplicateRate: 0, reorderRate: 0, resources: DEFAULT_BATCH_RESOURCES });
    expect(resolved.startMillis).toBe(Date.parse(DEFAULT_WORKLOAD_OPTIONS.start));
  });

  it('gives shapes left out of a given mix no weight', () => {
    expect(resolveWorkloadOptions({ shapeMix: { fargate: 1 } }).shapeMix).toEqual({
      container: 0,
      multiContainer: 0,
      array: 0,
      multiNode: 0,
      fargate: 1,
      eks: 0,
    });
  });

  it.each([
    [{ jobs: 0 }, 'jobs: expected a positive integer, found 0'],
    [{ jobs: 1.5 }, 'jobs: expected a positive integer, found 1.5'],
    [{ seed: Number.NaN }, 'seed: expected an integer, found null'],
    [{ duplicateRate: 1.5 }, 'duplicateRate: expected a number from 0 to 1, found 1.5'],
    [{ reorderRate: -0.1 }, 'reorderRate: expected a number from 0 to 1, found -0.1'],
    [{ start: 'soon' }, 'start: expected an ISO 8601 date-time such as 2024-05-01T08:00:00Z, found "soon"'],
    [{ shapeMix: { gpu: 1 } as never }, "shapeMix.gpu: expected one of the shapes container, multiContainer, array, multiNode, fargate, eks, found \"gpu\""],
    [{ shapeMix: { container: 0 } }, 'shapeMix: expected at least one positive weight, found {"container":0}'],
    [{ stuckSituations: ['slow-disk'] as never }, `stuckSituations[0]: expected one of ${STUCK_SITUATIONS.join(', ')}, found "slow-disk"`],
    [{ stuckThresholds: { startingSeconds: -1 } }, 'stuckThresholds.startingSeconds: expected a positive number of seconds, found -1'],
  ])('rejects %j, naming the option and what it expects', (options, message) => {
    expect(() => resolveWorkloadOptions(options)).toThrow(new WorkloadOptionsError(message));
  });

  it('rejects a queue mixing Fargate and EC2 compute environments', () => {
    const resources = { ...DEFAULT_BATCH_RESOURCES, jobQueues: [{ name: 'mixed', priority: 1, computeEnvironments: ['ondemand-ec2', 'fargate'] }] };
    expect(() => resolveWorkloadOptions({ resources, shapeMix: { container: 1 } })).toThrow(
      'resources.jobQueues[0].computeEnvironments: expected compute environments of one orchestration type, found ["ECS EC2","ECS Fargate"]',
    );
  });

  it('rejects a queue naming an unknown compute environment', () => {
    const resources = { ...DEFAULT_BATCH_RESOURCES, jobQueues: [{ name: 'q', priority: 1, computeEnvironments: ['nope'] }] };
    expect(() => resolveWorkloadOptions({ resources })).toThrow(/^resources\.jobQueues\[0\]\.computeEnvironments\[0\]: expected one of ondemand-ec2, /);
  });

  it('rejects a shape that no queue can run', () => {
    const resources = { ...DEFAULT_BATCH_RESOURCES, jobQueues: DEFAULT_BATCH_RESOURCES.jobQueues.filter((queue) => queue.name !== 'kubernetes') };
    expect(() => resolveWorkloadOptions({ resources })).toThrow('shapeMix.eks: expected 0, or a job queue of EKS compute environments, found 0.07');
  });

  it('rejects an unknown instance type', () => {
    const resources = {
      ...DEFAULT_BATCH_RESOURCES,
      computeEnvironments: DEFAULT_BATCH_RESOURCES.computeEnvironments.map((ce) => (ce.name === 'spot-ec2' ? { ...ce, instanceTypes: ['p5.48xlarge'] } : ce)),
    };
    expect(() => resolveWorkloadOptions({ resources })).toThrow(/^resources\.computeEnvironments\[1\]\.instanceTypes\[0\]: expected one of m5\.large, /);
  });

  it('adds a compute environment and a job queue of its own for each stuck situation asked for, in their canonical order', () => {
    const resolved = resolveWorkloadOptions({ stuckSituations: ['image-pull', 'too-big'] });
    expect(resolved.stuckSituations).toEqual(['too-big', 'image-pull']);
    const names = (situation: (typeof STUCK_SITUATIONS)[number]) => ({
      ce: resolved.resources.computeEnvironments.some((ce) => ce.name === situationComputeEnvironment(situation)),
      queue: resolved.resources.jobQueues.find((queue) => queue.name === situationJobQueue(situation))?.computeEnvironments,
    });
    expect(names('too-big')).toEqual({ ce: true, queue: [situationComputeEnvironment('too-big')] });
    expect(names('image-pull')).toEqual({ ce: true, queue: [situationComputeEnvironment('image-pull')] });
    expect(resolved.resources.computeEnvironments).toHaveLength(DEFAULT_BATCH_RESOURCES.computeEnvironments.length + 2);
  });

  it('turns the Auto Scaling instance activity events on with the situations, and leaves them off without', () => {
    expect(resolveWorkloadOptions().instanceActivityEvents).toBe(false);
    expect(resolveWorkloadOptions(WORKLOAD_PRESETS['stuck-situations']).instanceActivityEvents).toBe(true);
    expect(resolveWorkloadOptions({ ...WORKLOAD_PRESETS['stuck-situations'], instanceActivityEvents: false }).instanceActivityEvents).toBe(false);
  });

  it('asks, in the stuck-situations preset, for every situation', () => {
    expect(resolveWorkloadOptions(WORKLOAD_PRESETS['stuck-situations']).stuckSituations).toEqual(STUCK_SITUATIONS);
  });

  it('rejects prices without one for an instance type a compute environment launches', () => {
    const { 'c5.xlarge': _missing, ...onDemandHourly } = DEFAULT_SIMULATION_PRICES.onDemandHourly;
    expect(() => resolveWorkloadOptions({ prices: { ...DEFAULT_SIMULATION_PRICES, onDemandHourly } })).toThrow(
      new WorkloadOptionsError('prices.onDemandHourly.c5.xlarge: expected an hourly price (resources.computeEnvironments[0] launches c5.xlarge), found undefined'),
    );
  });

  it('rejects per-compute-environment Spot discounts that leave a Spot compute environment out', () => {
    expect(() => resolveWorkloadOptions({ prices: { ...DEFAULT_SIMULATION_PRICES, spotDiscount: { 'ondemand-ec2': 0.5 } } })).toThrow(
      new WorkloadOptionsError('prices.spotDiscount.spot-ec2: expected a discount from 0 to less than 1, found undefined'),
    );
  });

  it('rejects a Spot discount of 100 % or more', () => {
    expect(() => resolveWorkloadOptions({ prices: { ...DEFAULT_SIMULATION_PRICES, spotDiscount: 1 } })).toThrow(
      new WorkloadOptionsError('prices.spotDiscount: expected a discount from 0 to less than 1, found 1'),
    );
  });
});
