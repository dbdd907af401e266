import { isRecord, type JsonObject } from '../json';

/** A state of a definition, found by walking it (nested branches and iterators included). */
export interface FoundState {
  readonly name: string;
  readonly state: JsonObject;
  /** Where the state sits, e.g. `States.Fan out.Branches[1].States.Write`. */
  readonly path: string;
}

/**
 * Every state of a definition, including those in Parallel `Branches` and Map `ItemProcessor` /
 * `Iterator`.
 * @throws when two states share a name: Step Functions requires unique names across the whole
 * machine, and local overrides are keyed by name.
 */
export function allStates(definition: JsonObject, where: string): FoundState[] {
  const found: FoundState[] = [];
  const visit = (machine: unknown, at: string): void => {
    if (!isRecord(machine) || !isRecord(machine['States'])) throw new Error(`${at}: expected a definition with States, found none`);
    for (const [name, state] of Object.entries(machine['States'])) {
      if (!isRecord(state)) throw new Error(`${at}.States.${name}: expected a state object`);
      const path = `${at}.States.${name}`;
      found.push({ name, state: state as JsonObject, path });
      const branches = state['Branches'];
      if (Array.isArray(branches)) branches.forEach((branch, i) => visit(branch, `${path}.Branches[${i}]`));
      const processor = state['ItemProcessor'] ?? state['Iterator'];
      if (processor !== undefined) visit(processor, `${path}.${state['ItemProcessor'] !== undefined ? 'ItemProcessor' : 'Iterator'}`);
    }
  };
  visit(definition, where);
  const seen = new Map<string, string>();
  for (const { name, path } of found) {
    const first = seen.get(name);
    if (first !== undefined) throw new Error(`${where}: expected unique state names, found "${name}" at ${first} and ${path}`);
    seen.set(name, path);
  }
  return found;
}

/** A retrier as the Retry field of a state holds it. */
export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
}

/** The retriers of a state (empty when it has none). */
export function retriersOf(state: JsonObject): Retrier[] {
  const retry = state['Retry'];
  if (!Array.isArray(retry)) return [];
  return retry.filter((item): item is JsonObject => isRecord(item)).map((retrier) => ({
    ErrorEquals: Array.isArray(retrier['ErrorEquals']) ? retrier['ErrorEquals'].filter((e): e is string => typeof e === 'string') : [],
    ...(typeof retrier['IntervalSeconds'] === 'number' ? { IntervalSeconds: retrier['IntervalSeconds'] } : {}),
    ...(typeof retrier['MaxAttempts'] === 'number' ? { MaxAttempts: retrier['MaxAttempts'] } : {}),
    ...(typeof retrier['BackoffRate'] === 'number' ? { BackoffRate: retrier['BackoffRate'] } : {}),
    ...(typeof retrier['MaxDelaySeconds'] === 'number' ? { MaxDelaySeconds: retrier['MaxDelaySeconds'] } : {}),
  }));
}

/** Step Functions' defaults for a retrier. */
export const RETRY_DEFAULTS = { IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 } as const;

/** The nominal wait before retry `attempt` (1-based) of a retrier, in seconds, without jitter. */
export function retryIntervalSeconds(retrier: Retrier, attempt: number): number {
  const interval = (retrier.IntervalSeconds ?? RETRY_DEFAULTS.IntervalSeconds) * Math.pow(retrier.BackoffRate ?? RETRY_DEFAULTS.BackoffRate, attempt - 1);
  return retrier.MaxDelaySeconds === undefined ? interval : Math.min(interval, retrier.MaxDelaySeconds);
}
