import { randomBytes } from 'node:crypto';
import { UsageError } from '../errors';

/** What `npx nx run infra:smoke -- …` was asked to do. */
export interface SmokeArguments {
  /** Name of the throwaway stack (also its dashboards' name prefix). */
  readonly stackName: string;
  /** Region to deploy to; otherwise the AWS SDK's (AWS_REGION, the profile). */
  readonly region?: string;
  /** Leave the stack deployed after the checks. */
  readonly keep: boolean;
  /** How long to wait for the EMF lines, then for the metrics, in seconds. */
  readonly waitSeconds: number;
  readonly help: boolean;
}

/** Default bound of each wait: CloudWatch usually shows EMF metrics within a few minutes. */
export const DEFAULT_WAIT_SECONDS = 600;

/** The usage text. */
export const SMOKE_USAGE = `Usage: npx nx run infra:smoke [-- [--stack-name <name>] [--region <region>] [--keep] [--wait <seconds>]]
Deploys batchmon under a throwaway stack name (default batchmon-smoke-<random>), starts every workflow
with a documented event, waits for its EMF line and its metric in CloudWatch, checks the rules' patterns,
prints a pass/fail table and destroys the stack (unless --keep). Needs AWS credentials and a bootstrapped account.`;

// CloudFormation stack names: a letter, then letters, digits and hyphens, 128 characters at most.
// https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-using-console-create-stack-parameters.html
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/**
 * A fresh throwaway stack name.
 *
 * @example
 * smokeStackName(); // 'batchmon-smoke-3fa9c1'
 */
export function smokeStackName(random: () => string = () => randomBytes(3).toString('hex')): string {
  return `batchmon-smoke-${random()}`;
}

/**
 * Reads the command's arguments (`--name value` or `--name=value`).
 *
 * @throws {UsageError} naming the argument, what was expected and what was found
 * @example
 * parseSmokeArguments(['--region', 'eu-west-1', '--keep']); // { stackName: 'batchmon-smoke-…', region: 'eu-west-1', keep: true, … }
 */
export function parseSmokeArguments(args: readonly string[], newStackName: () => string = smokeStackName): SmokeArguments {
  let stackName: string | undefined;
  let region: string | undefined;
  let keep = false;
  let help = false;
  let waitSeconds = DEFAULT_WAIT_SECONDS;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const [name, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (expected: string): string => {
      const found = inline ?? args[++i];
      if (found === undefined || found.length === 0 || (inline === undefined && found.startsWith('-'))) {
        throw new UsageError(`${name}: expected ${expected}, found ${found === undefined || found.length === 0 ? 'nothing' : `"${found}"`}`);
      }
      return found;
    };
    if (name === '--keep' && inline === undefined) keep = true;
    else if (name === '--help' || name === '-h') help = true;
    else if (name === '--stack-name') {
      stackName = value('a stack name');
      if (!STACK_NAME.test(stackName)) throw new UsageError(`--stack-name: expected a letter then letters, digits or hyphens (at most 128), found "${stackName}"`);
    } else if (name === '--region') {
      region = value('a region name (e.g. eu-west-1)');
      if (!REGION.test(region)) throw new UsageError(`--region: expected a region name such as eu-west-1, found "${region}"`);
    } else if (name === '--wait') {
      const text = value('a number of seconds');
      waitSeconds = Number(text);
      if (!Number.isInteger(waitSeconds) || waitSeconds < 1) throw new UsageError(`--wait: expected a whole number of seconds, at least 1, found "${text}"`);
    } else throw new UsageError(`${arg}: expected --stack-name <name>, --region <region>, --keep, --wait <seconds> or --help`);
  }
  return { stackName: stackName ?? newStackName(), keep, help, waitSeconds, ...(region === undefined ? {} : { region }) };
}
