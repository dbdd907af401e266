import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CdkCommandError, StackOutputsError } from '../errors';
import type { StackDeployer } from './throwaway-stack';

/** The directory holding cdk.json, where the CDK CLI must run. */
export const INFRA_DIRECTORY = path.join(__dirname, '../..');

/** Options shared by the deploy and destroy commands. */
export interface CdkStackOptions {
  readonly stackName: string;
  readonly region?: string;
}

/**
 * The CDK CLI arguments that deploy or destroy one batchmon stack under a name of its own. The app
 * (src/main.ts) reads the name, the region and the dashboards' name prefix from context; the
 * prefix is the stack name so the throwaway stack's dashboards never collide with a deployed one's.
 *
 * @example
 * cdkArguments('deploy', { stackName: 'batchmon-smoke-3fa9c1' }, 'out.json');
 * // ['deploy', 'batchmon-smoke-3fa9c1', '-c', 'stackName=batchmon-smoke-3fa9c1', '-c', 'dashboardNamePrefix=batchmon-smoke-3fa9c1', '--require-approval', 'never', '--outputs-file', 'out.json']
 */
export function cdkArguments(command: 'deploy' | 'destroy', options: CdkStackOptions, outputsFile?: string): string[] {
  const context = [
    '-c',
    `stackName=${options.stackName}`,
    '-c',
    `dashboardNamePrefix=${options.stackName}`,
    ...(options.region === undefined ? [] : ['-c', `region=${options.region}`]),
  ];
  if (command === 'destroy') return ['destroy', options.stackName, ...context, '--force'];
  return ['deploy', options.stackName, ...context, '--require-approval', 'never', ...(outputsFile === undefined ? [] : ['--outputs-file', outputsFile])];
}

/**
 * Reads one stack's outputs from the file `cdk deploy --outputs-file` writes (`{ "<stack>": { "<key>": "<value>" } }`).
 *
 * @throws {StackOutputsError} when the file holds no outputs for the stack
 */
export function stackOutputsOf(file: unknown, stackName: string): Record<string, string> {
  const stack: unknown = file !== null && typeof file === 'object' ? (file as Record<string, unknown>)[stackName] : undefined;
  if (stack === null || typeof stack !== 'object') {
    throw new StackOutputsError(`cdk outputs file: expected the outputs of stack ${stackName}, found ${JSON.stringify(file)?.slice(0, 200)}`);
  }
  return Object.fromEntries(Object.entries(stack).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Runs one CDK CLI command (arguments as {@link cdkArguments} builds them) in a region. */
export type CdkRunner = (args: readonly string[], region: string | undefined) => Promise<void>;

/** Runs the CDK CLI in the infra directory, its output on this terminal; rejects on a non-zero exit. */
export function runCdk(args: readonly string[], region: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('cdk', args, {
      cwd: INFRA_DIRECTORY,
      stdio: 'inherit',
      env: { ...process.env, ...(region === undefined ? {} : { AWS_REGION: region, AWS_DEFAULT_REGION: region }) },
    });
    child.on('error', (error) => reject(new CdkCommandError(`cdk ${args[0] ?? ''}: expected the CDK CLI on PATH (run through npx nx), found none`, { cause: error })));
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new CdkCommandError(`cdk ${args.join(' ')}: expected exit code 0, found ${signal ?? `code ${String(code)}`}`))));
  });
}

/**
 * {@link StackDeployer} over the CDK CLI (`cdk deploy` / `cdk destroy`).
 *
 * @example
 * const deployer = cdkDeployer({ region: 'eu-west-1' });
 */
export function cdkDeployer(options: { readonly region?: string; readonly run?: CdkRunner } = {}): StackDeployer {
  const { run = runCdk, ...stackOptions } = options;
  return {
    async deploy(stackName) {
      const directory = await mkdtemp(path.join(tmpdir(), 'batchmon-smoke-'));
      try {
        const outputsFile = path.join(directory, 'outputs.json');
        await run(cdkArguments('deploy', { stackName, ...stackOptions }, outputsFile), options.region);
        return stackOutputsOf(JSON.parse(await readFile(outputsFile, 'utf8')), stackName);
      } finally {
        await rm(directory, { recursive: true, force: true });
      }
    },
    async destroy(stackName) {
      await run(cdkArguments('destroy', { stackName, ...stackOptions }), options.region);
    },
  };
}
