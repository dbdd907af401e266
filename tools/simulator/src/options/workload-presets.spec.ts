import { containerInstanceFacts, familyOf, validateEvent } from '@batchmon/event-schemas';
import { isNonBatchEvent, ofFamily } from '../__fixtures__/workload-views';
import { isSpotInterruptionWarning } from '../events/spot-interruption-warnings';
import { SPOT_WARNING_LEAD_MS } from '../compute/spot-interruptions';
import { simulateWorkload } from '../simulate-workload';
import { resolveWorkloadOptions } from './workload-options';
import { WORKLOAD_PRESETS, workloadPreset } from './workload-presets';

describe('workload presets', () => {
  it.each(Object.keys(WORKLOAD_PRESETS) as (keyof typeof WORKLOAD_PRESETS)[])('%s is a valid set of options', (preset) => {
    expect(() => resolveWorkloadOptions(workloadPreset(preset))).not.toThrow();
  });

  it('lets overrides win over the preset', () => {
    expect(workloadPreset('spot-reclaims', { spotInterruptionRate: 0.1, seed: 4 })).toMatchObject({ spotInterruptionRate: 0.1, seed: 4, spotInterruptionWarnings: true });
  });

  describe('spot-reclaims', () => {
    const { truth } = simulateWorkload(workloadPreset('spot-reclaims', { jobs: 200, seed: 2 }));

    it('runs attempts on every purchase option: EC2 On-Demand, EC2 Spot, Fargate x86 and Fargate Arm', () => {
      const kinds = new Set(truth.costs.attempts.map((attempt) => `${attempt.purchaseOption} ${attempt.cpuArchitecture}`));
      expect([...kinds].sort()).toEqual(expect.arrayContaining(['FARGATE arm64', 'FARGATE x86_64', 'ON_DEMAND x86_64', 'SPOT arm64', 'SPOT x86_64']));
    });

    it('reclaims Spot instances with jobs on them, whose retries succeed', () => {
      const interrupted = truth.costs.spotInterruptions.reduce((sum, row) => sum + row.interruptedAttempts, 0);
      const succeeded = truth.costs.spotInterruptions.reduce((sum, row) => sum + row.retriesSucceeded, 0);
      expect(interrupted).toBeGreaterThan(0);
      expect(succeeded).toBeGreaterThan(0);
    });
  });

  describe('gpu-capacity', () => {
    const { events, truth } = simulateWorkload(workloadPreset('gpu-capacity', { jobs: 120, seed: 3 }));
    const gpusOf = (resources: readonly { name?: string; stringSetValue?: readonly string[] }[] | undefined) =>
      resources?.find((resource) => resource.name === 'GPU')?.stringSetValue?.length;

    it('emits only valid events of batchmon’s families, and Spot warnings', () => {
      const invalid = events.filter((event) => familyOf(event) !== undefined && !validateEvent(event).ok);
      expect(invalid).toEqual([]);
      expect(events.every((event) => familyOf(event) !== undefined || isSpotInterruptionWarning(event))).toBe(true);
    });

    it('registers each instance’s GPUs as a GPU string set, in the call and in the instance’s state changes', () => {
      const registrations = ofFamily(events, 'EcsContainerInstanceRegistrationCall').filter(
        (call) => call.detail.eventName === 'RegisterContainerInstance' && !isNonBatchEvent(call),
      );
      expect(registrations.length).toBeGreaterThan(0);
      for (const call of registrations) {
        const instance = call.detail.responseElements?.containerInstance;
        expect(gpusOf(instance?.registeredResources)).toBe(1);
        expect(containerInstanceFacts(instance ?? {}).instanceType).toMatch(/^g4dn\./);
      }
      // The other team's (non-Batch) cluster has no GPU instances.
      const states = ofFamily(events, 'EcsContainerInstanceStateChange').filter((event) => !isNonBatchEvent(event));
      const remaining = states.map((event) => gpusOf(event.detail.remainingResources));
      expect(new Set(remaining)).toEqual(new Set([0, 1]));
    });

    it('asks for the GPU in the training jobs’ resourceRequirements, and makes it their dominant share', () => {
      const requirements = ofFamily(events, 'BatchJobStateChange')
        .filter((event) => event.detail.jobDefinition.includes('train-gpu'))
        .map((event) => event.detail.container?.resourceRequirements?.find((requirement) => requirement.type === 'GPU')?.value);
      expect(new Set(requirements)).toEqual(new Set(['1']));
      const training = truth.costs.attempts.filter((attempt) => attempt.jobDefinition === 'train-gpu' && attempt.launchType === 'EC2');
      expect(training.length).toBeGreaterThan(0);
      for (const attempt of training) {
        expect(attempt.requested.gpus).toBe(1);
        expect(attempt.share).toBe(1 / (attempt.registered?.gpus ?? NaN));
      }
    });
  });

  describe('single-spot-reclaim', () => {
    const { events, truth } = simulateWorkload(workloadPreset('single-spot-reclaim'));

    it('reclaims one Spot instance, warned two minutes before, and nothing else fails', () => {
      const warnings = events.filter(isSpotInterruptionWarning);
      expect(warnings).toHaveLength(1);
      const reclaimed = truth.costs.instances.filter((instance) => instance.endedBy === 'spot-interruption');
      expect(reclaimed.map((instance) => instance.ec2InstanceId)).toEqual([warnings[0]?.detail['instance-id']]);
      const warnedAt = reclaimed[0]?.interruptionWarningAt ?? NaN;
      // The event's time is the warning's instant truncated to the second.
      expect(warnedAt - (warnedAt % 1000)).toBe(Date.parse(warnings[0]?.time ?? ''));
      expect(reclaimed[0]?.deregisteredAt).toBe(warnedAt + SPOT_WARNING_LEAD_MS);
      expect(truth.terminalJobs).toEqual({ SUCCEEDED: 1, FAILED: 0 });
    });

    it('runs the job twice: interrupted on the reclaimed instance, then successfully on another', () => {
      const [first, second, ...more] = truth.costs.attempts;
      expect(more).toEqual([]);
      expect(first).toMatchObject({ interrupted: true, purchaseOption: 'SPOT', statusReason: `Host EC2 (instance ${first?.ec2InstanceId}) terminated.` });
      expect(first?.durationSeconds).toBeGreaterThan(60);
      expect(second).toMatchObject({ interrupted: false, exitCode: 0 });
      expect(second?.ec2InstanceId).not.toBe(first?.ec2InstanceId);
      expect(truth.costs.spotInterruptions).toEqual([
        expect.objectContaining({ instanceType: first?.instanceType, availabilityZone: first?.availabilityZone, interruptions: 1, warned: 1, interruptedAttempts: 1, retriesSucceeded: 1 }),
      ]);
    });
  });
});
