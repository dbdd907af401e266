import { fromNodeProviderChain } from '@aws-sdk/credential-providers';

/**
 * Fails fast, before CDK starts, when no AWS credentials can be found: `cdk deploy` would
 * otherwise spend a while probing and then print an error that does not say what to configure.
 */
export async function requireCredentials(timeoutMs = 5000): Promise<void> {
  const resolve = fromNodeProviderChain({ timeout: 1000, maxRetries: 0 });
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
  );
  await Promise.race([resolve(), timeout]);
}

/** The message printed when no credentials are found. */
export const MISSING_CREDENTIALS = `batchmon: no AWS credentials found, so nothing was changed in AWS.
Configure one of:
  - AWS_PROFILE=<profile> (after \`aws configure\` or \`aws configure sso\` and \`aws sso login\`)
  - AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials)
and the region with AWS_REGION (or -c region=<region>). The account must be bootstrapped once:
  npx cdk bootstrap aws://<account>/<region>
Then run the command again.`;

if (require.main === module) {
  requireCredentials().then(
    () => process.exit(0),
    (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      console.error(`${MISSING_CREDENTIALS}\n(credential lookup: ${reason})`);
      process.exit(1);
    },
  );
}
