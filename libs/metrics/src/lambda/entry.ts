import path from 'node:path';

/**
 * The metrics Lambda's entry point, a TypeScript file exporting `handler`: the stack bundles it
 * with esbuild (`NodejsFunction`), and the container scenario backends bundle the same file for
 * LocalStack's Lambda.
 *
 * @example
 * new NodejsFunction(scope, 'Metrics', { entry: METRICS_LAMBDA_ENTRY, handler: 'handler' });
 */
export const METRICS_LAMBDA_ENTRY = path.join(__dirname, 'handler.ts');
