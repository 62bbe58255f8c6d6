import type { Backtester } from '../../backtest/create-backtester';
import type { ApiTokenEntry } from '../../config/api-token-entry';
import type { UiSettings } from '../../config/ui-settings';
import type { Clock } from '../../core/clock';
import type { LoadedPlaybook } from '../../core/playbooks/playbook';
import type { EventHub } from '../../events/event-hub';
import type { IncidentResolver } from '../../runs/create-incident-resolver';
import type { RunService } from '../../runs/create-run-service';
import type { Store } from '../../store/store';
import type { Logger } from '../../telemetry/create-logger';

/** What the console is built from: the same services the API and Slack use, never copies of their rules. */
export interface UiRouterDeps {
  /** Every read. */
  store: Store;
  /** Approvals (one decision wins, whoever sends it), pause and the kill switch; without it those are absent. */
  runs?: RunService;
  /** Manual resolve; without it the form is absent. */
  resolver?: IncidentResolver;
  /** Live updates; without it pages still work and simply do not refresh themselves. */
  hub?: EventHub;
  /** The playbooks in force (the catalog). */
  playbooks?: () => readonly LoadedPlaybook[];
  /** The API identities: a token is exchanged for a session; none = loopback-only, as for the API. */
  apiTokens: readonly ApiTokenEntry[];
  settings: UiSettings;
  log: Logger;
  clock: Clock;
  /** The API's backtester (src/wiring/create-api-backtester.ts); without it the playbooks page has no backtest button. */
  backtester?: Backtester;
  /** ALERTMANAGER_EXTERNAL_URL, for links. */
  alertmanagerUrl?: string;
}
