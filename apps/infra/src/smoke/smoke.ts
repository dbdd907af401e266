import { randomBytes } from 'node:crypto';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SFNClient } from '@aws-sdk/client-sfn';
import { InterruptedError, UsageError } from '../errors';
import { MISSING_CREDENTIALS, requireCredentials } from '../cli/require-credentials';
import { cdkDeployer } from './cdk-deployer';
import { parseSmokeArguments, SMOKE_USAGE } from './smoke-arguments';
import { sdkSmokeAws, type SmokeAws } from './smoke-aws';
import { runSmokeChecks, smokeTargets } from './smoke-checks';
import { smokeCases } from './smoke-plan';
import { allPassed, formatReport } from './smoke-report';
import { withThrowawayStack, type InterruptSource, type StackDeployer } from './throwaway-stack';

// `npx nx run infra:smoke`: batchmon on a real account, end to end, under a throwaway stack name.

/** Exit codes: 0 every check passed, 1 a check failed (or AWS refused), 2 bad options, 130 interrupted. */
export const SMOKE_EXIT = { passed: 0, failed: 1, usage: 2, interrupted: 130 } as const;

/** What {@link smokeMain} runs against: AWS and the CDK CLI in the command, fakes in tests. */
export interface SmokeDependencies {
  /** Resolves when AWS credentials are available, rejects otherwise. */
  readonly checkCredentials: () => Promise<void>;
  readonly deployer: (region: string | undefined) => StackDeployer;
  readonly aws: (region: string | undefined) => SmokeAws;
  readonly interrupts?: InterruptSource;
  readonly print: (text: string) => void;
  readonly printError: (text: string) => void;
  /** Id making the run's events unique. @default 6 random hex digits */
  readonly runId?: string;
  /** Pause between two polls, in ms. @default 15 s */
  readonly intervalMs?: number;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * The smoke command: parses its options, stops at once without AWS credentials, deploys a throwaway
 * stack, runs every check, prints the report and destroys the stack unless `--keep`. Returns the
 * exit code.
 *
 * @example
 * process.exit(await smokeMain(process.argv.slice(2), awsDependencies()));
 */
export async function smokeMain(args: readonly string[], dependencies: SmokeDependencies): Promise<number> {
  let options;
  try {
    options = parseSmokeArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    dependencies.printError(`batchmon smoke: ${error.message} (see --help)`);
    return SMOKE_EXIT.usage;
  }
  if (options.help) {
    dependencies.print(SMOKE_USAGE);
    return SMOKE_EXIT.passed;
  }
  try {
    await dependencies.checkCredentials();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    dependencies.printError(`${MISSING_CREDENTIALS}\n(credential lookup: ${reason})`);
    return SMOKE_EXIT.failed;
  }

  const runId = dependencies.runId ?? randomBytes(3).toString('hex');
  const aws = dependencies.aws(options.region);
  try {
    const results = await withThrowawayStack(
      dependencies.deployer(options.region),
      { stackName: options.stackName, keep: options.keep, log: dependencies.printError, ...(dependencies.interrupts ? { interrupts: dependencies.interrupts } : {}) },
      async (outputs) => {
        const targets = smokeTargets(outputs);
        const cases = smokeCases({ runId, time: new Date((dependencies.now ?? Date.now)()) });
        dependencies.printError(`batchmon smoke: starting ${cases.length} workflows, then waiting up to ${options.waitSeconds} s for their EMF lines and again for their metrics…`);
        const checked = await runSmokeChecks(aws, targets, cases, {
          waitMs: options.waitSeconds * 1000,
          intervalMs: dependencies.intervalMs ?? 15_000,
          ...(dependencies.now ? { now: dependencies.now } : {}),
          ...(dependencies.sleep ? { sleep: dependencies.sleep } : {}),
        });
        // Printed before the stack is destroyed, so a failing destroy cannot hide it.
        dependencies.print(formatReport(checked));
        return checked;
      },
    );
    return allPassed(results) ? SMOKE_EXIT.passed : SMOKE_EXIT.failed;
  } catch (error) {
    if (error instanceof InterruptedError) {
      dependencies.printError(`batchmon smoke: ${error.message}`);
      return SMOKE_EXIT.interrupted;
    }
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    dependencies.printError(`batchmon smoke: ${reason}`);
    return SMOKE_EXIT.failed;
  }
}

/** The real dependencies: the SDK clients in the chosen region, the CDK CLI, the process's signals. */
export function awsDependencies(): SmokeDependencies {
  return {
    checkCredentials: () => requireCredentials(),
    deployer: (region) => cdkDeployer(region === undefined ? {} : { region }),
    aws: (region) => {
      const config = region === undefined ? {} : { region };
      return sdkSmokeAws({
        sfn: new SFNClient(config),
        logs: new CloudWatchLogsClient(config),
        cloudwatch: new CloudWatchClient(config),
        eventbridge: new EventBridgeClient(config),
      });
    },
    print: (text) => console.log(text),
    printError: (text) => console.error(text),
  };
}

if (require.main === module) {
  smokeMain(process.argv.slice(2), awsDependencies()).then((code) => process.exit(code));
}
