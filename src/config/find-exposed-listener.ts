import { isIP } from 'node:net';

/** The settings the rule looks at, after parsing. */
export interface ListenerCredentials {
  host: string;
  apiTokenCount: number;
  alertmanagerCredential: boolean;
  pagerdutySecretCount: number;
}

/** Binding to one of these reaches this machine only, whatever the peer check says. */
export function isLoopbackListenHost(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost' || h === '::1' || h === '::ffff:127.0.0.1') return true;
  return isIP(h) === 4 && h.startsWith('127.');
}

/**
 * Without credentials mendbot serves loopback clients only: right on a laptop, wrong on a network
 * listener, where either nothing works (every client is remote) or, behind a proxy that connects from
 * 127.0.0.1, everything is open. So a non-loopback MENDBOT_HOST must come with an API token and at least
 * one webhook credential, or start-up stops (exit 78) saying which are missing.
 */
export function findExposedListener(c: ListenerCredentials): string[] {
  if (isLoopbackListenHost(c.host)) return [];
  const missing: string[] = [];
  if (c.apiTokenCount === 0) missing.push('an API token (MENDBOT_API_TOKENS, MENDBOT_API_TOKENS_FILE or MENDBOT_API_TOKEN)');
  if (!c.alertmanagerCredential && c.pagerdutySecretCount === 0) {
    missing.push('a webhook credential (ALERTMANAGER_TOKEN, ALERTMANAGER_BASIC_AUTH or PAGERDUTY_WEBHOOK_SECRETS)');
  }
  if (missing.length === 0) return [];
  return [
    `MENDBOT_HOST: ${JSON.stringify(c.host)} accepts connections from other machines, but ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set; ` +
      'without credentials only loopback clients are served, which is for a laptop. Set the credentials, or MENDBOT_HOST=127.0.0.1',
  ];
}
