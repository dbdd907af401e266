/**
 * The fixed identity of the local emulator. Every resolved name, URL and ARN uses these, so a test
 * can predict them and nothing can be mistaken for a real account's resources.
 */

/** Region the emulator pretends to run in (`AWS::Region`). */
export const LOCAL_REGION = 'us-east-1';

/** Account id the emulator pretends to run in (`AWS::AccountId`); the conventional local-emulator id. */
export const LOCAL_ACCOUNT_ID = '000000000000';

/** Partition (`AWS::Partition`). */
export const LOCAL_PARTITION = 'aws';

/** URL suffix (`AWS::URLSuffix`). */
export const LOCAL_URL_SUFFIX = 'amazonaws.com';

/** Stack name used for `AWS::StackName` when the caller gives none. */
export const LOCAL_STACK_NAME = 'LocalStack';

/** Host of local queue URLs: clearly not a real SQS endpoint. */
export const LOCAL_SQS_HOST = 'http://sqs.local';

/** Dummy credentials for SDK clients pointed at the local DynamoDB. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;

/** Lambda's default batch size for an SQS event source mapping. */
export const DEFAULT_SQS_BATCH_SIZE = 10;

/** Upper bound of an Express execution's duration (5 minutes). */
export const EXPRESS_MAX_DURATION_SECONDS = 300;

/**
 * Bound on state transitions per local execution. With Wait states and retry intervals shrunk to
 * 0 ms, a workflow that loops without end would otherwise spin forever instead of timing out.
 */
export const DEFAULT_MAX_STATE_TRANSITIONS = 5_000;

/** SQS's maximum message size (256 KiB). */
export const SQS_MAX_MESSAGE_BYTES = 262_144;
