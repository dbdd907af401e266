import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { familyOf, type JobStateChange } from '@batchmon/event-schemas';
import { isSpotInterruptionWarning, simulateWorkload, workloadPreset, type SimulatedEvent } from '@batchmon/simulator';

// The capture-like fixture of the Spot-reclaim replay story: what it holds, and that it is still
// what the simulator writes for the `single-spot-reclaim` preset. Source of
// `spot-reclaim-with-retry.simulated.jsonl`: written by
//   npm run simulate -- --preset single-spot-reclaim --out tools/scenarios/src/__fixtures__/spot-reclaim-with-retry.simulated.jsonl
// (rewrite it so when this spec says the simulator writes something else). One job on the
// `standard` queue (Spot first, On-Demand behind it): its first attempt runs on a Spot `m5.large`
// in `us-east-1a`; EC2 sends the Spot Instance Interruption Warning (the Amazon EC2 User Guide's
// format), two minutes later the instance is gone (task STOPPED, DeregisterContainerInstance,
// instance INACTIVE) and the attempt ends `Host EC2 (instance i-…) terminated.`; the job goes back
// to RUNNABLE (its event lists that attempt) and succeeds on a new instance (its SUCCEEDED event
// lists both attempts, as the AWS Batch API Reference's AttemptDetail). Its ground truth is
// `simulateWorkload(workloadPreset('single-spot-reclaim')).truth`.

const FIXTURE = join(__dirname, 'spot-reclaim-with-retry.simulated.jsonl');
const lines = readFileSync(FIXTURE, 'utf8').trimEnd().split('\n');
const events = lines.map((line) => JSON.parse(line) as SimulatedEvent);
const jobEvents = events.filter((event): event is JobStateChange => familyOf(event) === 'BatchJobStateChange');
const warning = events.find(isSpotInterruptionWarning);
const terminated = `Host EC2 (instance ${warning?.detail['instance-id']}) terminated.`;

describe('the Spot reclaim capture', () => {
  it('is what `npm run simulate -- --preset single-spot-reclaim` writes', () => {
    expect(simulateWorkload(workloadPreset('single-spot-reclaim')).events.map((event) => JSON.stringify(event))).toEqual(lines);
  });

  it('holds one EC2 Spot Instance Interruption Warning, for a Spot instance that registered before it', () => {
    expect(events.filter(isSpotInterruptionWarning)).toHaveLength(1);
    const registration = events.find(
      (event) => 'eventName' in event.detail && event.detail.eventName === 'RegisterContainerInstance' && JSON.stringify(event).includes(warning?.detail['instance-id'] ?? '?'),
    );
    expect(registration).toBeDefined();
    expect(events.indexOf(registration ?? events[0] ?? warning ?? ({} as SimulatedEvent))).toBeLessThan(events.indexOf(warning ?? ({} as SimulatedEvent)));
  });

  it('has the instance deregistered two minutes after the warning', () => {
    const deregistration = events.find(
      (event) => 'eventName' in event.detail && event.detail.eventName === 'DeregisterContainerInstance' && JSON.stringify(event).includes(warning?.detail['instance-id'] ?? '?'),
    );
    expect(Date.parse(deregistration?.time ?? '') - Date.parse(warning?.time ?? '')).toBe(120_000);
  });

  it('lists the interrupted attempt in the retry’s RUNNABLE event, and both attempts in the SUCCEEDED event', () => {
    const retry = jobEvents.find((event) => event.detail.status === 'RUNNABLE' && (event.detail.attempts ?? []).length === 1);
    expect(retry?.detail.attempts?.[0]?.statusReason).toBe(terminated);
    const succeeded = jobEvents.filter((event) => event.detail.status === 'SUCCEEDED');
    expect(succeeded).toHaveLength(1);
    const [first, second] = succeeded[0]?.detail.attempts ?? [];
    expect(first?.statusReason).toBe(terminated);
    expect(second?.container?.exitCode).toBe(0);
    expect(second?.container?.containerInstanceArn).not.toBe(first?.container?.containerInstanceArn);
    expect(new Set(jobEvents.map((event) => event.detail.jobId)).size).toBe(1);
  });
});
