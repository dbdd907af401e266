import type { Branch, State } from './asl';

/** A state of a definition, with where it sits: `States.<name>`, inside Parallel branches and Map item processors. */
export interface PlacedState {
  /** Where the state sits, e.g. `States.Correlate the event.Branches.0.States.Send the metric records`. */
  readonly path: string;
  readonly name: string;
  readonly state: State;
}

/**
 * Every state of a definition (or branch), those inside its Parallel branches and Map item
 * processors included, in definition order: what the permissions and the console's layout are
 * measured on (the failed-events wrapper runs a workflow's own states inside a Parallel state).
 *
 * @example
 * everyState(deployedDefinition(workflow, resources)).filter(({ state }) => state.Type === 'Task');
 */
export function everyState(definition: Branch, path = 'States'): readonly PlacedState[] {
  return Object.entries(definition.States).flatMap(([name, state]): PlacedState[] => {
    const where = `${path}.${name}`;
    const inner =
      state.Type === 'Parallel'
        ? state.Branches.flatMap((branch, index) => everyState(branch, `${where}.Branches.${index}.States`))
        : state.Type === 'Map'
          ? everyState(state.ItemProcessor, `${where}.ItemProcessor.States`)
          : [];
    return [{ path: where, name, state }, ...inner];
  });
}
