import {
  batchJobEnvironment,
  computeEnvironmentName,
  familyOf,
  isBatchCluster,
  type EventFamily,
  type EventOfFamily,
  type JobStateChange,
} from '@batchmon/event-schemas';
import type { SimulatedEvent } from '../simulated-event';

// Read-only views over simulated events for the specs: they re-derive facts from the events the
// way a consumer would, independently of the simulator's own bookkeeping.

/** The events of one family, typed (classification is `familyOf`, the same as batchmon's). */
export function ofFamily<F extends EventFamily>(events: readonly SimulatedEvent[], family: F): EventOfFamily[F][] {
  return events.filter((event) => familyOf(event) === family) as EventOfFamily[F][];
}

/** Epoch milliseconds of an event's `time`. */
export function timeOf(event: { readonly time: string }): number {
  return Date.parse(event.time);
}

/** The container instance a job state change names, wherever its shape puts it. */
export function instanceOfJob(event: JobStateChange): string | undefined {
  return event.detail.container?.containerInstanceArn ?? event.detail.ecsProperties?.taskProperties?.[0]?.containerInstanceArn;
}

/** The cluster an ECS-side event is about (bare name or ARN, as the event has it). */
export function clusterOfEvent(event: SimulatedEvent): string | undefined {
  const detail = event.detail as { clusterArn?: unknown; requestParameters?: { cluster?: unknown } };
  const cluster = detail.clusterArn ?? detail.requestParameters?.cluster;
  return typeof cluster === 'string' ? cluster : undefined;
}

/** Whether an event concerns an ECS cluster that Batch did not create. */
export function isNonBatchEvent(event: SimulatedEvent): boolean {
  const cluster = clusterOfEvent(event);
  return cluster !== undefined && !isBatchCluster(cluster);
}

/** The Batch job id a task state change runs (from the overrides' environment). */
export function jobIdOfTask(event: EventOfFamily['EcsTaskStateChange']): string | undefined {
  return batchJobEnvironment(event.detail.overrides).jobId;
}

/** Compute environment name of a Batch cluster (name or ARN). */
export function ceOfCluster(cluster: string | undefined): string | undefined {
  return cluster === undefined ? undefined : computeEnvironmentName(cluster);
}

/** Job state changes grouped by job id, in delivery order. */
export function jobHistories(events: readonly SimulatedEvent[]): Map<string, JobStateChange[]> {
  const histories = new Map<string, JobStateChange[]>();
  for (const event of ofFamily(events, 'BatchJobStateChange')) {
    const history = histories.get(event.detail.jobId);
    if (history === undefined) histories.set(event.detail.jobId, [event]);
    else history.push(event);
  }
  return histories;
}

/** The ground truth without the fields that delivery faults change on purpose. */
export function truthOfWhatHappened<T extends { eventsDelivered: number; duplicatesDelivered: number; reorderedPairs: number }>(
  truth: T,
): Omit<T, 'eventsDelivered' | 'duplicatesDelivered' | 'reorderedPairs'> {
  const { eventsDelivered: _delivered, duplicatesDelivered: _duplicates, reorderedPairs: _pairs, ...rest } = truth;
  return rest;
}
