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
