/**
 * The port to Alertmanager's v2 HTTP API (implemented in integrations/alertmanager-api). Alertmanager knows
 * which alerts are really active right now; mendbot asks it before acting instead of trusting the last
 * webhook it happened to receive. With several Alertmanagers (an HA pair), an alert is active if any peer
 * reports it.
 */

/** An alert Alertmanager reports (GET /api/v2/alerts), merged over peers by fingerprint. */
export interface ActiveAlert {
  /** Alertmanager's fingerprint of the label set; mendbot stores the same value for alerts it received. */
  fingerprint: string;
  labels: Record<string, string>;
  /**
   * `active` (notified), `suppressed` (silenced or inhibited: still firing, e.g. by mendbot's own silence)
   * or `unprocessed` (just received). All three mean the alert fires; resolved alerts are not listed.
   */
  state: 'active' | 'suppressed' | 'unprocessed';
  startsAt: string;
  endsAt: string;
  /** Base URLs of the configured Alertmanagers that reported it. */
  reportedBy: string[];
}

export interface AlertList {
  alerts: ActiveAlert[];
  unanswered: Array<{ url: string; error: string }>;
}

/** One matcher of an Alertmanager silence, as its API spells it. */
export interface SilenceMatcher {
  name: string;
  value: string;
  isRegex: boolean;
  /** false: the matcher negates (`!=`, `!~`). */
  isEqual: boolean;
}

export interface AlertmanagerSilence {
  id: string;
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
  state: 'active' | 'pending' | 'expired';
}

export interface NewSilence {
  matchers: SilenceMatcher[];
  startsAt: string;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/** What one configured Alertmanager said to GET /api/v2/status. */
export interface PeerStatus {
  url: string;
  ok: boolean;
  /** Why it could not be asked (timeout, refused, 5xx, unexpected body) when `ok` is false. */
  error?: string;
  version?: string;
  /** Cluster status as Alertmanager reports it (`ready`, `settling`, `disabled`). */
  cluster?: string;
  uptime?: string;
}

export interface AlertmanagerApi {
  /** Base URLs of the configured Alertmanagers. */
  readonly urls: readonly string[];
  /**
   * Firing alerts matching every filter (Alertmanager matcher strings such as `alertname="X"`), merged over
   * the peers that answered; `unanswered` names the peers that did not. Rejects with
   * AlertmanagerUnavailableError only when no peer answered, so a caller never mistakes "could not ask" for
   * "not firing". Callers that act on absence (reconciliation resolving) must also require `unanswered` empty.
   */
  listAlerts(filter: string[], signal?: AbortSignal): Promise<AlertList>;
  /** Every peer's status; never rejects (an unreachable peer is `ok: false`). */
  status(signal?: AbortSignal): Promise<PeerStatus[]>;
  /** Silences matching the filter (all states), merged over peers by id. */
  listSilences(filter: string[], signal?: AbortSignal): Promise<AlertmanagerSilence[]>;
  /** Creates a silence on the first peer that accepts it (HA peers gossip it); resolves with its id. */
  createSilence(silence: NewSilence, signal?: AbortSignal): Promise<string>;
  /** Expires a silence; an already expired or unknown silence is not an error. */
  expireSilence(id: string, signal?: AbortSignal): Promise<void>;
  /** Where a person opens the silence (ALERTMANAGER_EXTERNAL_URL, else the first URL). */
  silenceLink(id: string): string;
}

/** No configured Alertmanager answered: the caller must treat the answer as unknown, never as "not firing". */
export class AlertmanagerUnavailableError extends Error {
  override readonly name = 'AlertmanagerUnavailableError';
  constructor(
    message: string,
    /** Per peer, why it failed. */
    readonly failures: Array<{ url: string; error: string }>,
  ) {
    super(message);
  }
}
