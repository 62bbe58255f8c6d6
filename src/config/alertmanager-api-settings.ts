/** A credential given directly, or as a file read on every request (a mounted Secret rotates without a restart). */
export type SecretValue = { value: string } | { file: string };

/** How mendbot authenticates to Alertmanager: the same choices as Alertmanager's own `http_config`. */
export type AlertmanagerApiAuth = { type: 'bearer'; token: SecretValue } | { type: 'basic'; username: string; password: SecretValue };

export interface AlertmanagerApiTls {
  /** ALERTMANAGER_API_CA_FILE: PEM bundle to verify the server with, instead of the system roots. */
  caFile?: string;
  /** ALERTMANAGER_API_CERT_FILE and ALERTMANAGER_API_KEY_FILE: a client certificate (mutual TLS); both or neither. */
  certFile?: string;
  keyFile?: string;
  /** ALERTMANAGER_API_INSECURE_SKIP_VERIFY: accept any server certificate (a lab, never production). */
  insecureSkipVerify: boolean;
}

/**
 * How to reach Alertmanager's v2 API (ALERTMANAGER_URL and friends). Present only when ALERTMANAGER_URL is
 * set: without it, reconciliation, `still_firing` checks and the `alertmanager.*` actions are off.
 */
export interface AlertmanagerApiSettings {
  /** ALERTMANAGER_URL, comma-separated: every peer of an HA pair, base URLs without trailing '/'. */
  urls: string[];
  /** ALERTMANAGER_EXTERNAL_URL: where people open Alertmanager (links in Slack and the timeline); default urls[0]. */
  externalUrl?: string;
  /** ALERTMANAGER_API_TIMEOUT, default 5s: one API call to one peer, its retries included. */
  timeoutMs: number;
  /** ALERTMANAGER_RECONCILE_INTERVAL, default 60s; 0 turns the reconciliation job off. */
  reconcileIntervalMs: number;
  /** ALERTMANAGER_RECONCILE_GRACE, default 5m: how long Alertmanager must not report an incident's alerts before it is resolved. */
  reconcileGraceMs: number;
  auth?: AlertmanagerApiAuth;
  tls?: AlertmanagerApiTls;
}
