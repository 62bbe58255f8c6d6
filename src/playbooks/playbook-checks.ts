import type { AnyAction } from '../engine/action';
import type { SecretSource } from '../engine/secrets/create-secret-source';

/**
 * What the checks that depend on the deployment are given; the others (templates, `when:`, step
 * references, params, matchers) always run. The edge that builds actions passes them in: services never
 * import integrations. A field left out skips its checks.
 */
export interface PlaybookChecks {
  /** Every action a step may name, with its input schema when known (an action without one is only a name). */
  actions?: {
    names(): ReadonlySet<string>;
    get(name: string): Pick<AnyAction, 'input'> | undefined;
  };
  /** exec.allowlist as `serve` reads it (MENDBOT_EXEC_ALLOWLIST or MENDBOT_CONFIG): programs an exec step may run. */
  execAllowlist?: readonly string[];
  /** Where secrets are mounted; only then is a `{{ secrets.NAME }}` nothing provides an error. */
  secrets?: SecretSource;
}
