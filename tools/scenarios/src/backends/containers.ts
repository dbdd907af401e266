import { LocalstackContainer, type StartedLocalStackContainer } from '@testcontainers/localstack';
import { GenericContainer, Network, type StartedNetwork, type StartedTestContainer } from 'testcontainers';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '@batchmon/emulator';
import type { ContainerBackendName } from './backend-name';
import type { ContainerEndpoints } from './endpoints';

/**
 * LocalStack's image. `localstack/localstack:latest` needs an auth token since March 2026; 4.14.0
 * is the last release that starts without one. Set `BATCHMON_LOCALSTACK_IMAGE` (and
 * `LOCALSTACK_AUTH_TOKEN`, which is passed on) to use a newer one.
 */
export const DEFAULT_LOCALSTACK_IMAGE = 'localstack/localstack:4.14.0';

/** Step Functions Local's image ("Setting up Step Functions Local (downloadable version) in Docker", https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-docker.html). */
export const DEFAULT_STEPFUNCTIONS_LOCAL_IMAGE = 'amazon/aws-stepfunctions-local:2.0.0';

/** The port Step Functions Local listens on. */
export const STEPFUNCTIONS_LOCAL_PORT = 8083;

/** LocalStack's name on the containers' network, for Step Functions Local's endpoints. */
const LOCALSTACK_ALIAS = 'localstack';

/** The started containers of a backend, and how to stop them. */
export interface StartedContainers {
  readonly endpoints: ContainerEndpoints;
  stop(): Promise<void>;
}

/**
 * Starts the containers of a backend: LocalStack, and for `stepfunctions-local` Step Functions Local
 * on the same network with its DynamoDB and SQS endpoints pointed at LocalStack.
 *
 * LocalStack runs Lambda functions in containers of their own, so it is given the container
 * engine's socket ("Lambda", https://docs.localstack.cloud/aws/services/lambda/).
 *
 * @param socketPath the engine's socket as testcontainers found it (`info.containerRuntime.remoteSocketPath`).
 * @example
 * const containers = await startContainers('localstack', client.info.containerRuntime.remoteSocketPath);
 * // … run the stories against containers.endpoints …
 * await containers.stop();
 */
export async function startContainers(backend: ContainerBackendName, socketPath: string, env: Readonly<Record<string, string | undefined>> = process.env): Promise<StartedContainers> {
  const network: StartedNetwork = await new Network().start();
  const started: (StartedTestContainer | StartedLocalStackContainer)[] = [];
  const stop = async (): Promise<void> => {
    for (const container of started.reverse()) await container.stop();
    await network.stop();
  };
  try {
    const authToken = env['LOCALSTACK_AUTH_TOKEN'];
    const localstack = await new LocalstackContainer(env['BATCHMON_LOCALSTACK_IMAGE'] ?? DEFAULT_LOCALSTACK_IMAGE)
      .withNetwork(network)
      .withNetworkAliases(LOCALSTACK_ALIAS)
      .withBindMounts([{ source: socketPath, target: '/var/run/docker.sock' }])
      .withEnvironment({
        AWS_DEFAULT_REGION: LOCAL_REGION,
        // Queue URLs of the form http://localstack:4566/queue/<region>/<account>/<name>: the host is
        // LocalStack's name on the network (testcontainers sets LOCALSTACK_HOST to the alias), which
        // Step Functions Local and the Lambda containers resolve; both send SQS calls to the queue
        // URL's host ("SQS", https://docs.localstack.cloud/aws/services/sqs/).
        SQS_ENDPOINT_STRATEGY: 'path',
        // Lambda containers join the same network, so the handler's SDK reaches LocalStack by its alias.
        LAMBDA_DOCKER_NETWORK: network.getName(),
        ...(authToken ? { LOCALSTACK_AUTH_TOKEN: authToken } : {}),
      })
      .start();
    started.push(localstack);
    const localstackUrl = localstack.getConnectionUri();
    if (backend === 'localstack') return { endpoints: { localstack: localstackUrl, stepFunctions: localstackUrl }, stop };

    const inside = `http://${LOCALSTACK_ALIAS}:4566`;
    const stepFunctions = await new GenericContainer(env['BATCHMON_STEPFUNCTIONS_LOCAL_IMAGE'] ?? DEFAULT_STEPFUNCTIONS_LOCAL_IMAGE)
      .withNetwork(network)
      .withExposedPorts(STEPFUNCTIONS_LOCAL_PORT)
      // "Setting configuration options for Step Functions Local",
      // https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-config-options.html
      .withEnvironment({
        AWS_DEFAULT_REGION: LOCAL_REGION,
        AWS_ACCOUNT_ID: LOCAL_ACCOUNT_ID,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        DYNAMODB_ENDPOINT: inside,
        SQS_ENDPOINT: inside,
      })
      .start();
    started.push(stepFunctions);
    return {
      endpoints: { localstack: localstackUrl, stepFunctions: `http://${stepFunctions.getHost()}:${stepFunctions.getMappedPort(STEPFUNCTIONS_LOCAL_PORT)}` },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
