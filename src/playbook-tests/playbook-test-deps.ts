import type { ActionRegistry } from '../engine/create-action-registry';
import type { AlertSource } from '../intake/alert-source';
import type { Store } from '../store/store';

/** What `mendbot test` gets from its edge: the parts a service may not build itself (store adapter, sources, actions). */
export interface PlaybookTestDeps {
  /** A fresh, empty store for one case (SQLite in a temp dir); `close` deletes it. */
  openStore(): Promise<{ store: Store; close(): Promise<void> }>;
  /** The webhook sources, configured without credentials: the runner posts as a loopback client. */
  sources: AlertSource[];
  /** The real action registry built from the configuration plus a test file's `assume:` entries. */
  actions(assume: { execAllowlist: string[]; httpAllowedHosts: string[] }): ActionRegistry;
  /** exec.allowlist as configured (a test file's `assume:` adds to it), for the load-time playbook checks. */
  execAllowlist: readonly string[];
}
