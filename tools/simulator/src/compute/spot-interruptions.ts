import { renderSpotInterruptionWarning } from '../events/spot-interruption-warnings';
import type { SimulationContext } from '../simulation-context';
import type { SimInstance } from '../simulation-state';

/**
 * EC2 sends the warning two minutes before it interrupts a Spot Instance
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/spot-instance-termination-notices.html).
 */
export const SPOT_WARNING_LEAD_MS = 120_000;

/**
 * EC2 reclaims a Spot instance. Without `spotInterruptionWarnings` the instance is terminated now
 * (as before warnings were simulated). With them, EC2 first sends its `EC2 Spot Instance
 * Interruption Warning`, and `terminate` runs two minutes later: meanwhile the instance keeps its
 * tasks and may even get new ones (Batch does not drain on the warning, and ECS drains Spot
 * instances only when `ECS_ENABLE_SPOT_INSTANCE_DRAINING` is set), but it is never scaled in nor
 * chosen for a multi-node job.
 *
 * Instances hosting a multi-node job are spared, as `terminate` spares them.
 */
export function interruptSpotInstance(sim: SimulationContext, instance: SimInstance, terminate: (sim: SimulationContext, instance: SimInstance) => void): void {
  if (!sim.options.spotInterruptionWarnings) {
    terminate(sim, instance);
    return;
  }
  if (instance.status !== 'ACTIVE' || instance.interruptionWarnedAt !== undefined) return;
  if (instance.holds > 0 || [...instance.attempts].some((attempt) => attempt.job.multiNode !== undefined)) return;
  instance.interruptionWarnedAt = sim.now;
  sim.emit(renderSpotInterruptionWarning(sim.ids.uuid(), sim.now, instance.ec2InstanceId));
  sim.truth.costs.interruptionWarned(instance, sim.now);
  sim.after(SPOT_WARNING_LEAD_MS, () => terminate(sim, instance));
}
