import {
  buildContainerInstanceRegistrationCall,
  buildContainerInstanceStateChange,
  SAMPLE_RESOURCES,
  type ContainerInstanceRegistrationCall,
  type ContainerInstanceStateChange,
} from '@batchmon/event-schemas';
import { envelopeTime, isoMillis } from './event-time';

/** A container instance at one moment, as ECS reports it. */
export interface ContainerInstanceView {
  readonly clusterArn: string;
  readonly clusterName: string;
  readonly containerInstanceArn: string;
  readonly ec2InstanceId: string;
  readonly availabilityZone: string;
  readonly instanceType: string;
  readonly cpuArchitecture: string;
  readonly amiId: string;
  readonly privateIp: string;
  readonly registeredCpu: number;
  readonly registeredMemory: number;
  readonly remainingCpu: number;
  readonly remainingMemory: number;
  readonly status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  readonly agentConnected: boolean;
  readonly runningTasksCount: number;
  readonly pendingTasksCount: number;
  /** ECS increments it on every change of the instance. */
  readonly version: number;
  readonly registeredAt: number;
}

/** An `ECS Container Instance State Change` of a simulated instance. */
export function renderContainerInstanceStateChange(eventId: string, at: number, view: ContainerInstanceView): ContainerInstanceStateChange {
  const event = buildContainerInstanceStateChange({
    clusterArn: view.clusterArn,
    containerInstanceArn: view.containerInstanceArn,
    ec2InstanceId: view.ec2InstanceId,
    status: view.status,
    agentConnected: view.agentConnected,
    availabilityZone: view.availabilityZone,
    instanceType: view.instanceType,
    cpuArchitecture: view.cpuArchitecture,
    amiId: view.amiId,
    registeredCpu: view.registeredCpu,
    registeredMemory: view.registeredMemory,
    remainingCpu: view.remainingCpu,
    remainingMemory: view.remainingMemory,
    time: envelopeTime(at),
  });
  return {
    ...event,
    id: eventId,
    detail: {
      ...event.detail,
      runningTasksCount: view.runningTasksCount,
      pendingTasksCount: view.pendingTasksCount,
      version: view.version,
      registeredAt: isoMillis(view.registeredAt),
      updatedAt: isoMillis(at),
    },
  };
}

/** CloudTrail record ids of one API call. */
export interface CloudTrailIds {
  readonly eventId: string;
  readonly cloudTrailEventId: string;
  readonly requestId: string;
}

/**
 * A CloudTrail `RegisterContainerInstance` (the instance's ECS agent joining its cluster, which it
 * names by bare name as configured in `ECS_CLUSTER`) or `DeregisterContainerInstance` (Batch
 * removing a scaled-in or reclaimed instance, naming the cluster by ARN).
 */
export function renderRegistrationCall(
  ids: CloudTrailIds,
  at: number,
  eventName: 'RegisterContainerInstance' | 'DeregisterContainerInstance',
  view: ContainerInstanceView,
): ContainerInstanceRegistrationCall {
  const register = eventName === 'RegisterContainerInstance';
  const event = buildContainerInstanceRegistrationCall({
    eventName,
    cluster: register ? view.clusterName : view.clusterArn,
    containerInstanceArn: view.containerInstanceArn,
    ec2InstanceId: view.ec2InstanceId,
    availabilityZone: view.availabilityZone,
    instanceType: view.instanceType,
    cpuArchitecture: view.cpuArchitecture,
    amiId: view.amiId,
    registeredCpu: view.registeredCpu,
    registeredMemory: view.registeredMemory,
    time: envelopeTime(at),
  });
  const detail = event.detail;
  const common = { eventID: ids.cloudTrailEventId, requestID: ids.requestId };
  if (detail.eventName === 'RegisterContainerInstance') {
    const identity = JSON.stringify({
      availabilityZone: view.availabilityZone,
      instanceId: view.ec2InstanceId,
      instanceType: view.instanceType,
      accountId: SAMPLE_RESOURCES.account,
      imageId: view.amiId,
      region: SAMPLE_RESOURCES.region,
      privateIp: view.privateIp,
      architecture: view.cpuArchitecture,
    });
    return {
      ...event,
      id: ids.eventId,
      detail: {
        ...detail,
        ...common,
        sourceIPAddress: view.privateIp,
        requestParameters: { ...detail.requestParameters, instanceIdentityDocument: identity },
        responseElements:
          detail.responseElements === null || detail.responseElements === undefined
            ? detail.responseElements
            : {
                containerInstance: {
                  ...detail.responseElements.containerInstance,
                  clusterArn: view.clusterArn,
                  registeredAt: isoMillis(at),
                },
              },
      },
    };
  }
  return { ...event, id: ids.eventId, detail: { ...detail, ...common } };
}
