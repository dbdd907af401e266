/** Where a container backend's emulators answer, from the host. */
export interface ContainerEndpoints {
  /** LocalStack's edge URL: DynamoDB, SQS, EventBridge, Lambda, CloudWatch Logs (and Step Functions for `localstack`). */
  readonly localstack: string;
  /** Where state machines run: LocalStack's URL, or Step Functions Local's. */
  readonly stepFunctions: string;
}

/** The environment variables that carry the endpoints from the global setup to the test files. */
export const ENDPOINT_ENV_VARS = { localstack: 'BATCHMON_LOCALSTACK_URL', stepFunctions: 'BATCHMON_STEPFUNCTIONS_URL' } as const;

/**
 * The endpoints the global setup published, or `undefined` when it started no containers.
 *
 * @example
 * const endpoints = publishedEndpoints(); // { localstack: 'http://localhost:32768', stepFunctions: 'http://localhost:32770' }
 */
export function publishedEndpoints(env: Readonly<Record<string, string | undefined>> = process.env): ContainerEndpoints | undefined {
  const localstack = env[ENDPOINT_ENV_VARS.localstack];
  const stepFunctions = env[ENDPOINT_ENV_VARS.stepFunctions];
  return localstack && stepFunctions ? { localstack, stepFunctions } : undefined;
}
