import { SAMPLE_RESOURCES } from '@batchmon/event-schemas';
import { arn } from './aws-arns';
import { envelopeTime } from './event-time';

/** EventBridge `source` of EC2's events. */
export const EC2_SOURCE = 'aws.ec2';
/** `detail-type` of the two-minute warning EC2 sends before it reclaims a Spot Instance. */
export const SPOT_INTERRUPTION_WARNING = 'EC2 Spot Instance Interruption Warning';

/**
 * An `EC2 Spot Instance Interruption Warning`, as the Amazon EC2 User Guide documents it
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html#ec2-spot-instance-interruption-warning-event):
 * the envelope names the instance ARN in `resources`, the detail only the instance id and the
 * action (`hibernate`, `stop` or `terminate`; Batch's Spot instances are terminated). EC2 sends it
 * two minutes before the interruption, on a best-effort basis.
 */
export interface SpotInterruptionWarning {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': typeof SPOT_INTERRUPTION_WARNING;
  readonly source: typeof EC2_SOURCE;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: { readonly 'instance-id': string; readonly 'instance-action': 'hibernate' | 'stop' | 'terminate' };
}

/**
 * The warning for a simulated Spot instance that EC2 will terminate.
 *
 * @example
 * ```ts
 * renderSpotInterruptionWarning(id, Date.parse('2024-05-01T08:30:00Z'), 'i-0123456789abcdef0').detail;
 * // { 'instance-id': 'i-0123456789abcdef0', 'instance-action': 'terminate' }
 * ```
 */
export function renderSpotInterruptionWarning(eventId: string, at: number, ec2InstanceId: string): SpotInterruptionWarning {
  return {
    version: '0',
    id: eventId,
    'detail-type': SPOT_INTERRUPTION_WARNING,
    source: EC2_SOURCE,
    account: SAMPLE_RESOURCES.account,
    time: envelopeTime(at),
    region: SAMPLE_RESOURCES.region,
    resources: [arn('ec2', `instance/${ec2InstanceId}`)],
    detail: { 'instance-id': ec2InstanceId, 'instance-action': 'terminate' },
  };
}

/** Whether an event is an EC2 Spot Instance Interruption Warning (by source and detail-type only). */
export function isSpotInterruptionWarning(event: { readonly source?: unknown; readonly 'detail-type'?: unknown }): event is SpotInterruptionWarning {
  return event.source === EC2_SOURCE && event['detail-type'] === SPOT_INTERRUPTION_WARNING;
}
