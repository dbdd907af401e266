import jsonata from 'jsonata';
import { INSTANCE_FAMILIES, INSTANCE_TYPE_GPUS, INSTANCE_TYPE_KEYWORDS, instanceLimits } from '@batchmon/event-schemas';
import { INSTANCE_LIMITS_JSONATA } from './instance-limits';

const NAMES = [
  ...Object.keys(INSTANCE_FAMILIES),
  ...Object.keys(INSTANCE_TYPE_KEYWORDS),
  ...Object.keys(INSTANCE_TYPE_GPUS),
  'm5.large',
  'c5.medium',
  'c5.xlarge',
  'r5.2xlarge',
  'm6g.16xlarge',
  'g4dn.xlarge',
  'p3.16xlarge',
  'c5.metal',
  'm5.huge',
  'z9',
  'z9.large',
];

describe('the workflow’s instance limits', () => {
  it.each(NAMES)('of %s equal the library’s', async (name) => {
    const evaluated = (await jsonata(`( ${INSTANCE_LIMITS_JSONATA} $limits(${JSON.stringify(name)}) )`).evaluate({})) as number[] | undefined;
    const expected = instanceLimits(name);
    expect(evaluated === undefined ? undefined : [...evaluated]).toEqual(expected === undefined ? undefined : [expected.vcpus, expected.memoryMiB, expected.gpus]);
  });
});
