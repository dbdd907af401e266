import {
  buildConfigurationCall,
  buildSubmitJobCall,
  type ConfigurationCall,
  type ConfigurationCallName,
  type ConfigurationRequest,
  type SubmitJobCall,
} from '@batchmon/event-schemas';
import { envelopeTime } from './event-time';

/** The ids of a CloudTrail call a user made: the record's `eventID` and the EventBridge event's `id`. */
export interface CallIds {
  readonly eventId: string;
  readonly cloudTrailEventId: string;
}

/** A job submission as the SubmitJob call carries it. */
export interface SubmitJobInput {
  readonly ids: CallIds;
  readonly at: number;
  /** The queue as the caller named it: its name or its ARN. */
  readonly jobQueue: string;
  readonly jobId: string;
  readonly jobName: string;
  /** `name:revision`. */
  readonly jobDefinition: string;
  /** Children of an array job. */
  readonly arraySize?: number;
}

/** A CloudTrail `SubmitJob` of a user submitting a job (its response names the job Batch created). */
export function renderSubmitJobCall(input: SubmitJobInput): SubmitJobCall {
  const event = buildSubmitJobCall({
    jobQueue: input.jobQueue,
    jobId: input.jobId,
    jobName: input.jobName,
    jobDefinition: input.jobDefinition,
    eventId: input.ids.cloudTrailEventId,
    time: envelopeTime(input.at),
    ...(input.arraySize === undefined ? {} : { arraySize: input.arraySize }),
  });
  return { ...event, id: input.ids.eventId };
}

/** A CloudTrail call creating, updating or deleting a compute environment or job queue. */
export function renderConfigurationCall<N extends ConfigurationCallName>(ids: CallIds, at: number, name: N, request: ConfigurationRequest<N>): ConfigurationCall {
  const event = buildConfigurationCall(name, request, { time: envelopeTime(at), eventId: ids.cloudTrailEventId });
  return { ...event, id: ids.eventId };
}
