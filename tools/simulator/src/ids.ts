import type { SeededRandom } from './randomness/seeded-random';

/** Identifiers in the formats AWS uses, drawn from the simulation's seeded stream. */
export class IdFactory {
  constructor(private readonly random: SeededRandom) {}

  /** A UUID: event ids, job ids, CloudTrail ids. */
  uuid(): string {
    return this.random.uuid();
  }

  /** 32 hex digits: ECS task and container instance ids. */
  ecsId(): string {
    return this.random.hex(32);
  }

  /** `i-` and 17 hex digits. */
  ec2InstanceId(): string {
    return `i-0${this.random.hex(16)}`;
  }

  /** A private address in the VPC. */
  privateIp(): string {
    return `10.0.${this.random.integer(0, 63)}.${this.random.integer(4, 254)}`;
  }
}
