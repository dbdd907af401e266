import { EventEmitter } from 'node:events';
import { WORKFLOWS } from '@batchmon/correlation';
import { METRICS_LOG_GROUP_OUTPUT } from '../stack/stack-outputs';
import type { SmokeAws } from './smoke-aws';
import { SMOKE_EXIT, smokeMain, type SmokeDependencies } from './smoke';
import { START, cases, outputs } from './__fixtures__/deployed-stack';

/** An AWS where every workflow works, or where `failing` fails. */
function workingAws(failing?: string): SmokeAws {
  return {
    startSyncExecution: async (arn) => ({ status: arn.endsWith(`:${failing}`) ? 'FAILED' : 'SUCCEEDED' }),
    logMessages: async () =>
      cases.map((smoke) =>
        JSON.stringify({
          _aws: { Timestamp: START, CloudWatchMetrics: [{ Namespace: 'AWSBatchMetrics', Dimensions: [[]], Metrics: [{ Name: smoke.expected.metric }] }] },
          [smoke.expected.metric]: 1,
          ...smoke.expected.dimensions,
          Workflow: smoke.workflow,
        }),
      ),
    metricSum: async () => 1,
    rulePattern: async (ruleName) => JSON.stringify(WORKFLOWS.find((workflow) => ruleName.startsWith(`${workflow.name}-`))?.patterns[0]),
    testEventPattern: async () => true,
  };
}

function dependencies(overrides: Partial<SmokeDependencies> = {}) {
  const printed: string[] = [];
  const errors: string[] = [];
  const stacks: string[] = [];
  let time = START;
  const deps: SmokeDependencies = {
    checkCredentials: async () => undefined,
    deployer: () => ({
      deploy: async (name) => {
        stacks.push(`deploy ${name}`);
        return outputs;
      },
      destroy: async (name) => void stacks.push(`destroy ${name}`),
    }),
    aws: () => workingAws(),
    interrupts: new EventEmitter(),
    print: (text) => printed.push(text),
    printError: (text) => errors.push(text),
    runId: 'a1b2c3',
    intervalMs: 1000,
    now: () => time,
    sleep: async (ms) => void (time += ms),
    ...overrides,
  };
  return { deps, printed, errors, stacks };
}

describe('smokeMain', () => {
  it('exits 2 with one line on a bad option, before touching AWS', async () => {
    const { deps, errors, stacks } = dependencies({ checkCredentials: () => Promise.reject(new Error('must not be asked')) });
    expect(await smokeMain(['--regoin', 'eu-west-1'], deps)).toBe(SMOKE_EXIT.usage);
    expect(errors).toEqual(['batchmon smoke: --regoin: expected --stack-name <name>, --region <region>, --keep, --wait <seconds> or --help (see --help)']);
    expect(stacks).toEqual([]);
  });

  it('stops at once without credentials, saying what to configure, and deploys nothing', async () => {
    const { deps, errors, stacks } = dependencies({ checkCredentials: () => Promise.reject(new Error('Could not load credentials from any providers')) });
    expect(await smokeMain([], deps)).toBe(SMOKE_EXIT.failed);
    expect(errors.join('\n')).toContain('AWS_PROFILE=<profile>');
    expect(errors.join('\n')).toContain('Could not load credentials from any providers');
    expect(stacks).toEqual([]);
  });

  it('deploys, prints a table of passed checks, destroys the stack and exits 0', async () => {
    const { deps, printed, stacks } = dependencies();
    expect(await smokeMain(['--stack-name', 'smoke-1'], deps)).toBe(SMOKE_EXIT.passed);
    expect(printed.join('\n')).toMatch(new RegExp(`${WORKFLOWS.length * 4} of ${WORKFLOWS.length * 4} checks passed\\.$`));
    expect(stacks).toEqual(['deploy smoke-1', 'destroy smoke-1']);
  });

  it('exits 1 when a check fails, still destroying the stack', async () => {
    const { deps, printed, stacks } = dependencies({ aws: () => workingAws('RunTask') });
    expect(await smokeMain(['--stack-name', 'smoke-2'], deps)).toBe(SMOKE_EXIT.failed);
    expect(printed.join('\n')).toMatch(/RunTask\s+execution\s+FAIL/);
    expect(stacks).toEqual(['deploy smoke-2', 'destroy smoke-2']);
  });

  it('keeps the stack with --keep', async () => {
    const { deps, stacks } = dependencies();
    expect(await smokeMain(['--stack-name', 'smoke-3', '--keep'], deps)).toBe(SMOKE_EXIT.passed);
    expect(stacks).toEqual(['deploy smoke-3']);
  });

  it('exits 1 naming the missing output when the deployed stack lacks one, and destroys it', async () => {
    const { [METRICS_LOG_GROUP_OUTPUT]: _missing, ...partial } = outputs;
    const { deps, errors, stacks } = dependencies({
      deployer: () => ({ deploy: async () => partial, destroy: async (name) => void stacks.push(`destroy ${name}`) }),
    });
    expect(await smokeMain(['--stack-name', 'smoke-4'], deps)).toBe(SMOKE_EXIT.failed);
    expect(errors.at(-1)).toMatch(/^batchmon smoke: StackOutputsError: stack outputs: expected MetricsLogGroupName/);
    expect(stacks).toEqual(['destroy smoke-4']);
  });

  it('exits 130 when interrupted, after destroying the stack', async () => {
    const interrupts = new EventEmitter();
    const { deps, stacks } = dependencies({
      interrupts,
      aws: () => ({ ...workingAws(), startSyncExecution: () => (interrupts.emit('SIGINT'), new Promise(() => undefined)) }),
    });
    expect(await smokeMain(['--stack-name', 'smoke-5'], deps)).toBe(SMOKE_EXIT.interrupted);
    expect(stacks).toEqual(['deploy smoke-5', 'destroy smoke-5']);
  });
});
