import type { AnyAction } from './action';

export interface ActionRegistry {
  get(name: string): AnyAction | undefined;
  names(): Set<string>;
}

/** Built-ins and integrations register actions by name; a duplicate name is a wiring bug. */
export function createActionRegistry(actions: AnyAction[]): ActionRegistry {
  const byName = new Map<string, AnyAction>();
  for (const a of actions) {
    if (byName.has(a.name)) throw new Error(`action ${a.name} registered twice`);
    byName.set(a.name, a);
  }
  return { get: (name) => byName.get(name), names: () => new Set(byName.keys()) };
}
