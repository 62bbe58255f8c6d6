import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import type { AxiosInstance } from 'axios';
import { z } from 'zod';
import type { AlertmanagerApiSettings } from '../../src/config/alertmanager-api-settings';
import { type AlertmanagerApi, type AlertmanagerSilence, AlertmanagerUnavailableError, type PeerStatus } from '../../src/core/alertmanager/alertmanager-api';
import { createOutboundGuard, type OutboundGuard } from '../outbound/create-outbound-guard';
import { alertmanagerAlertsSchema } from './alertmanager-alerts-schema';
import { alertmanagerSilenceCreatedSchema } from './alertmanager-silence-created-schema';
import { alertmanagerSilencesSchema } from './alertmanager-silences-schema';
import { alertmanagerStatusSchema } from './alertmanager-status-schema';
import { createAlertmanagerAgents } from './create-alertmanager-agents';
import { createAuthorizationHeader } from './create-authorization-header';
import { createPeerClient } from './create-peer-client';
import { mergeAlerts } from './merge-alerts';
import { PeerRequestError } from './peer-request-error';

export interface AlertmanagerApiDeps {
  /** The shared outbound guard (MENDBOT_OUTBOUND_*); default the built-in denials, loopback allowed. */
  outbound?: OutboundGuard;
  /** Tests pass their own client; default a fresh `axios.create()`. */
  axios?: AxiosInstance;
  /** Transient-failure retries per call (default 2) and the first backoff (default 100 ms). */
  retries?: number;
  backoffMs?: number;
}

/** Firing means any of these: a silenced or inhibited alert (mendbot's own silence, say) still fires. */
const firingStates: Array<[string, string]> = [
  ['active', 'true'],
  ['silenced', 'true'],
  ['inhibited', 'true'],
  ['unprocessed', 'true'],
];

const failure = (url: string, error: unknown) => ({ url, error: error instanceof Error ? error.message : String(error) });

/**
 * The Alertmanager v2 API client over every configured peer (an HA pair): reads ask all peers in
 * parallel and merge, writes go to the first peer that takes them (peers gossip silences).
 */
export function createAlertmanagerApi(settings: AlertmanagerApiSettings, deps: AlertmanagerApiDeps = {}): AlertmanagerApi {
  const guard = deps.outbound ?? createOutboundGuard();
  const peer = createPeerClient({
    axios: deps.axios,
    guard,
    agents: createAlertmanagerAgents(guard, settings.tls, (path) => readFileSync(path)),
    timeoutMs: settings.timeoutMs,
    authorization: createAuthorizationHeader(settings.auth, (path) => readFile(path, 'utf8')),
    retries: deps.retries,
    backoffMs: deps.backoffMs,
  });
  const urls = [...settings.urls];
  const filterQuery = (filter: string[]): Array<[string, string]> => filter.map((f) => ['filter', f]);

  /** Every peer at once; the answers of those that answered and the failures of the rest. */
  async function askAll<T>(ask: (url: string) => Promise<T>) {
    const settled = await Promise.allSettled(urls.map(ask));
    const answers: Array<{ url: string; value: T }> = [];
    const failures: Array<{ url: string; error: string }> = [];
    settled.forEach((result, i) => (result.status === 'fulfilled' ? answers.push({ url: urls[i]!, value: result.value }) : failures.push(failure(urls[i]!, result.reason))));
    return { answers, failures };
  }

  const unavailable = (what: string, failures: Array<{ url: string; error: string }>) =>
    new AlertmanagerUnavailableError(`no Alertmanager answered ${what}: ${failures.map((f) => `${f.url}: ${f.error}`).join('; ')}`, failures);

  return {
    urls,

    async listAlerts(filter, signal) {
      const query = [...filterQuery(filter), ...firingStates];
      const { answers, failures } = await askAll((url) => peer.request(url, { method: 'GET', path: '/api/v2/alerts', query, schema: alertmanagerAlertsSchema }, signal));
      if (answers.length === 0) throw unavailable('GET /api/v2/alerts', failures);
      return { alerts: mergeAlerts(answers.map((a) => ({ url: a.url, alerts: a.value }))), unanswered: failures };
    },

    async status(signal) {
      const { answers, failures } = await askAll((url) => peer.request(url, { method: 'GET', path: '/api/v2/status', schema: alertmanagerStatusSchema }, signal));
      const byUrl = new Map<string, PeerStatus>([
        ...answers.map((a): [string, PeerStatus] => [a.url, { url: a.url, ok: true, version: a.value.versionInfo.version, cluster: a.value.cluster.status, uptime: a.value.uptime }]),
        ...failures.map((f): [string, PeerStatus] => [f.url, { url: f.url, ok: false, error: f.error }]),
      ]);
      return urls.map((url) => byUrl.get(url)!);
    },

    async listSilences(filter, signal) {
      const { answers, failures } = await askAll((url) => peer.request(url, { method: 'GET', path: '/api/v2/silences', query: filterQuery(filter), schema: alertmanagerSilencesSchema }, signal));
      if (answers.length === 0) throw unavailable('GET /api/v2/silences', failures);
      const merged = new Map<string, AlertmanagerSilence & { updatedAt?: string }>();
      for (const silence of answers.flatMap((a) => a.value)) {
        const seen = merged.get(silence.id);
        // Peers agree after gossip; until then the most recently updated copy (an expiry, say) wins.
        if (seen && Date.parse(seen.updatedAt ?? '') >= Date.parse(silence.updatedAt ?? '')) continue;
        merged.set(silence.id, { id: silence.id, matchers: silence.matchers, startsAt: silence.startsAt, endsAt: silence.endsAt, createdBy: silence.createdBy, comment: silence.comment, state: silence.status.state, updatedAt: silence.updatedAt });
      }
      return [...merged.values()].map(({ updatedAt: _updatedAt, ...silence }) => silence);
    },

    async createSilence(silence, signal) {
      const failures: Array<{ url: string; error: string }> = [];
      for (const url of urls) {
        try {
          const created = await peer.request(url, { method: 'POST', path: '/api/v2/silences', body: silence, schema: alertmanagerSilenceCreatedSchema }, signal);
          return created.silenceID;
        } catch (error) {
          // A 4xx (a bad matcher, endsAt before startsAt) would be refused by every peer alike.
          if (error instanceof PeerRequestError && error.status !== undefined && error.status < 500 && error.transient === false) throw error;
          failures.push(failure(url, error));
        }
      }
      throw unavailable('POST /api/v2/silences', failures);
    },

    async expireSilence(id, signal) {
      // Every peer: with gossip one would do, without it only the peer that holds the silence knows it.
      // Done when a peer expired it (or had already), or when every peer answered that it does not know it.
      const { answers, failures } = await askAll((url) =>
        peer.request(url, { method: 'DELETE', path: `/api/v2/silence/${encodeURIComponent(id)}`, schema: z.unknown().transform(() => 'expired' as const), settle: settleExpiry }, signal),
      );
      if (answers.some((a) => a.value === 'expired')) return;
      if (failures.length === 0) return;
      throw unavailable(`DELETE /api/v2/silence/${id}`, failures);
    },

    silenceLink(id) {
      return `${settings.externalUrl ?? urls[0]}/#/silences/${encodeURIComponent(id)}`;
    },
  };
}

/**
 * Alertmanager 0.25 answers an unknown silence with 500 "silence not found" (later versions 404), and some
 * versions an expired one with 500 "silence … already expired": both mean there is nothing left to expire.
 */
function settleExpiry(status: number, text: string): 'expired' | 'unknown' | undefined {
  if (status === 404) return 'unknown';
  if (status === 500 && /already expired/i.test(text)) return 'expired';
  if (status === 500 && /not found/i.test(text)) return 'unknown';
  return undefined;
}
