import path from 'node:path';
import { build } from 'esbuild';
import { zipSync } from 'fflate';
import { METRICS_LAMBDA_ENTRY } from '@batchmon/metrics';
import { ScenarioBackendError } from '../errors';

/** The workspace's tsconfig, whose paths resolve the `@batchmon/*` imports of the handler. */
const WORKSPACE_TSCONFIG = path.join(__dirname, '../../../../tsconfig.base.json');

/**
 * Bundles the metrics Lambda's entry point into one CommonJS file, `index.js`, zipped as Lambda's
 * CreateFunction takes it (`Code.ZipFile`), with the options the stack's NodejsFunction uses
 * (Node 22 target). The AWS SDK is bundled too rather than taken from the runtime, so the
 * function does not depend on what an emulator's runtime image ships.
 *
 * @throws ScenarioBackendError when esbuild reports an error or writes no file.
 * @example
 * const zip = await bundleMetricsLambda();
 * await lambda.send(new CreateFunctionCommand({ …, Handler: 'index.handler', Code: { ZipFile: zip } }));
 */
export async function bundleMetricsLambda(entry: string = METRICS_LAMBDA_ENTRY): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    write: false,
    outfile: 'index.js',
    tsconfig: WORKSPACE_TSCONFIG,
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (result.errors.length > 0 || output === undefined) {
    throw new ScenarioBackendError(`bundleMetricsLambda: expected esbuild to write index.js from ${entry}, found ${result.errors.length} error(s): ${result.errors.map((e) => e.text).join('; ')}`);
  }
  return zipSync({ 'index.js': output.contents });
}
