import documentedCreateComputeEnvironment from './__fixtures__/create-compute-environment.aws-docs.json';

/**
 * The CloudTrail CreateComputeEnvironment record the AWS Batch User Guide publishes ("Understanding
 * AWS Batch log file entries"), inside the EventBridge envelope every "AWS API Call via CloudTrail"
 * event has (see `__fixtures__/SOURCES.md`): for tests that check batchmon reads the documented
 * shape, not only its builders' one.
 *
 * @example
 * ```ts
 * configurationCallSchema.parse(DOCUMENTED_CREATE_COMPUTE_ENVIRONMENT_CALL).detail.requestParameters.computeResources?.maxvCpus; // 128
 * ```
 */
export const DOCUMENTED_CREATE_COMPUTE_ENVIRONMENT_CALL: unknown = documentedCreateComputeEnvironment;
