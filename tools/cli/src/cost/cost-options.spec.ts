import { DEFAULT_METRICS_PROFILE, METRICS_PROFILES } from '@batchmon/metrics';
import { CostOptionsError } from '../errors';
import { DEFAULT_SHAPE, parseCostArguments } from './cost-options';

describe('npm run cost options', () => {
  it('takes the account’s shape and volume', () => {
    const command = parseCostArguments(['--jobs-per-day', '100000', '--job-queues', '20', '--compute-environments', '10', '--job-definitions', '50', '--availability-zones', '6', '--instance-types', '30', '--json']);
    expect(command).toMatchObject({ jobsPerDay: 100_000, json: true, shape: { jobQueues: 20, computeEnvironments: 10, jobDefinitions: 50, availabilityZones: 6, instanceTypes: 30 } });
  });

  it('defaults the shape assumptions and the metric profile', () => {
    const command = parseCostArguments([]);
    expect(command.shape).toEqual(DEFAULT_SHAPE);
    expect(command.profile).toBe(DEFAULT_METRICS_PROFILE);
  });

  it('takes every metric profile', () => {
    for (const profile of METRICS_PROFILES) expect(parseCostArguments(['--profile', profile]).profile).toBe(profile);
  });

  it('names a count that is not a whole number', () => {
    expect(() => parseCostArguments(['--job-queues', '2.5'])).toThrow(new CostOptionsError('--job-queues: expected a whole number, found "2.5"'));
  });

  it('names a count below its minimum', () => {
    expect(() => parseCostArguments(['--compute-environments', '0'])).toThrow(/^--compute-environments: expected a whole number of at least 1, found 0$/);
  });

  it('names a profile it does not know', () => {
    expect(() => parseCostArguments(['--profile', 'everything'])).toThrow(new CostOptionsError(`--profile: expected one of ${METRICS_PROFILES.join(', ')}, found "everything"`));
  });

  it('names an option it does not know', () => {
    expect(() => parseCostArguments(['--fast'])).toThrow(expect.objectContaining({ name: 'CostOptionsError', message: expect.stringContaining('--fast') }));
  });

  it('names an option given without its value', () => {
    expect(() => parseCostArguments(['--jobs-per-day'])).toThrow(expect.objectContaining({ name: 'CostOptionsError', message: expect.stringContaining('--jobs-per-day') }));
  });
});
