import { UsageError } from '../errors';
import { DEFAULT_WAIT_SECONDS, parseSmokeArguments, smokeStackName } from './smoke-arguments';

const fixedName = (): string => 'batchmon-smoke-abc123';

describe('parseSmokeArguments', () => {
  it('deploys under a fresh throwaway name, destroys it and waits the default time when given nothing', () => {
    expect(parseSmokeArguments([], fixedName)).toEqual({ stackName: 'batchmon-smoke-abc123', keep: false, help: false, waitSeconds: DEFAULT_WAIT_SECONDS });
  });

  it('reads every option, as separate words or with =', () => {
    expect(parseSmokeArguments(['--stack-name', 'my-smoke', '--region=eu-west-1', '--keep', '--wait', '120'], fixedName)).toEqual({
      stackName: 'my-smoke',
      region: 'eu-west-1',
      keep: true,
      help: false,
      waitSeconds: 120,
    });
  });

  it.each([
    [['--bogus'], '--bogus: expected --stack-name <name>, --region <region>, --keep, --wait <seconds> or --help'],
    [['--region'], '--region: expected a region name (e.g. eu-west-1), found nothing'],
    [['--region', '--keep'], '--region: expected a region name (e.g. eu-west-1), found "--keep"'],
    [['--region', 'Europe'], '--region: expected a region name such as eu-west-1, found "Europe"'],
    [['--stack-name', '1st'], '--stack-name: expected a letter then letters, digits or hyphens (at most 128), found "1st"'],
    [['--stack-name=my_stack'], '--stack-name: expected a letter then letters, digits or hyphens (at most 128), found "my_stack"'],
    [['--wait', '0'], '--wait: expected a whole number of seconds, at least 1, found "0"'],
    [['--wait=soon'], '--wait: expected a whole number of seconds, at least 1, found "soon"'],
    [['--keep=no'], '--keep=no: expected --stack-name <name>, --region <region>, --keep, --wait <seconds> or --help'],
  ])('refuses %j with a UsageError saying what was expected and found', (args, message) => {
    expect(() => parseSmokeArguments(args, fixedName)).toThrow(new UsageError(message));
  });
});

describe('smokeStackName', () => {
  it('is batchmon-smoke- and a random suffix', () => {
    expect(smokeStackName(() => 'f00d42')).toBe('batchmon-smoke-f00d42');
    expect(smokeStackName()).toMatch(/^batchmon-smoke-[0-9a-f]{6}$/);
  });
});
