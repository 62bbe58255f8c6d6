import type { AnyAction } from './action';
import { createSecretSource, type SecretSource } from './secrets/create-secret-source';

/** What a playbook step may use: actions by name, and the secrets its `with:` may name as `{{ secrets.NAME }}`. */
export interface ActionRegistry {
  get(name: string): AnyAction | undefined;
  names(): Set<string>;
  /** Read by the executor when it renders a step's input, for that render alone; never given to actions as such. */
  readonly secrets: SecretSource;
}

/**
 * Built-ins and integrations register actions by name; a duplicate name is a wiring bug. Without `secrets`,
 * no secret is set and a step that names one fails before running.
 */
export function createActionRegistry(actions: AnyAction[], options: { secrets?: SecretSource } = {}): ActionRegistry {
  const byName = new Map<string, AnyAction>();
  for (const a of actions) {
    if (byName.has(a.name)) throw new Error(`action ${a.name} registered twice`);
    byName.set(a.name, a);
  }
  return { get: (name) => byName.get(name), names: () => new Set(byName.keys()), secrets: options.secrets ?? createSecretSource({ env: {} }) };
}
