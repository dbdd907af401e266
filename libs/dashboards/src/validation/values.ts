export { describeValue } from '@batchmon/metrics';

/**
 * Whether a string holds a deploy-time placeholder (a CDK token `${Token[…]}` or a CloudFormation
 * `${AWS::Region}`): such a value is only known once deployed, so its format is not checked.
 */
export function isPlaceholder(value: string): boolean {
  return value.includes('${');
}
