import {
  AlertmanagerUnavailableError,
  type ActiveAlert,
  type AlertmanagerApi,
  type AlertmanagerSilence,
  type NewSilence,
  type PeerStatus,
} from '../../src/core/alertmanager/alertmanager-api';

/** An alert to report: fingerprint required, the rest defaults to an active alert that started long ago. */
type FakeAlert = Partial<Omit<ActiveAlert, 'reportedBy'>> & { fingerprint: string };

/** The AlertmanagerApi port in memory, for tests: set what each peer reports, make peers fail, inspect calls. */
export interface InMemoryAlertmanagerApi extends AlertmanagerApi {
  /** Replaces the alerts `peers` report (default: every peer); other peers keep theirs. */
  setAlerts(alerts: FakeAlert[], peers?: readonly string[]): void;
  /** The peer answers every call with this error from now on (a timeout, a refused connection, a 5xx). */
  failPeer(url: string, error?: string): void;
  /** Every peer fails. */
  failAll(error?: string): void;
  /** The peer answers again. */
  restorePeer(url: string): void;
  /** Every call, in order: `listAlerts`, `status`, `listSilences`, `createSilence`, `expireSilence` with its argument. */
  readonly calls: Array<{ method: string; arg?: unknown }>;
  /** Silences created (and expired) through the port. */
  readonly silences: AlertmanagerSilence[];
}

const defaultStartsAt = '2026-03-14T09:00:00.000Z';

export function createInMemoryAlertmanagerApi(options: { urls?: string[]; externalUrl?: string; now?: () => Date } = {}): InMemoryAlertmanagerApi {
  const urls = options.urls ?? ['http://alertmanager-1.test:9093'];
  const now = options.now ?? (() => new Date());
  const byPeer = new Map<string, FakeAlert[]>(urls.map((u) => [u, []]));
  const failing = new Map<string, string>();
  const calls: Array<{ method: string; arg?: unknown }> = [];
  const silences: AlertmanagerSilence[] = [];
  let nextSilence = 1;

  /** The peers that answer, or AlertmanagerUnavailableError when none does (as the real client does). */
  const answering = (): { up: string[]; unanswered: Array<{ url: string; error: string }> } => {
    const unanswered = urls.flatMap((url) => {
      const error = failing.get(url);
      return error === undefined ? [] : [{ url, error }];
    });
    const up = urls.filter((u) => !failing.has(u));
    if (up.length === 0) throw new AlertmanagerUnavailableError('no Alertmanager answered', unanswered);
    return { up, unanswered };
  };

  return {
    urls,
    calls,
    silences,
    setAlerts(alerts, peers = urls) {
      for (const p of peers) byPeer.set(p, [...alerts]);
    },
    failPeer(url, error = 'connect ECONNREFUSED') {
      failing.set(url, error);
    },
    failAll(error = 'connect ECONNREFUSED') {
      for (const u of urls) failing.set(u, error);
    },
    restorePeer(url) {
      failing.delete(url);
    },
    async listAlerts(filter) {
      calls.push({ method: 'listAlerts', arg: filter });
      const { up, unanswered } = answering();
      const merged = new Map<string, ActiveAlert>();
      for (const url of up) {
        for (const a of byPeer.get(url) ?? []) {
          const alert = toActiveAlert(a);
          if (!filter.every((m) => matches(alert.labels, m))) continue;
          const seen = merged.get(a.fingerprint);
          if (seen) seen.reportedBy.push(url);
          else merged.set(a.fingerprint, { ...alert, reportedBy: [url] });
        }
      }
      return { alerts: [...merged.values()], unanswered };
    },
    async status() {
      calls.push({ method: 'status' });
      return urls.map((url): PeerStatus => (failing.has(url) ? { url, ok: false, error: failing.get(url) } : { url, ok: true, version: '0.25.0', cluster: 'ready' }));
    },
    async listSilences(filter) {
      calls.push({ method: 'listSilences', arg: filter });
      answering();
      return silences.filter((s) => filter.every((m) => s.matchers.some((sm) => `${sm.name}${sm.isEqual ? '' : '!'}${sm.isRegex ? '=~' : '='}"${sm.value}"` === m)));
    },
    async createSilence(silence: NewSilence) {
      calls.push({ method: 'createSilence', arg: silence });
      answering();
      const id = `silence-${nextSilence++}`;
      silences.push({ ...silence, id, state: Date.parse(silence.startsAt) > now().getTime() ? 'pending' : 'active' });
      return id;
    },
    async expireSilence(id) {
      calls.push({ method: 'expireSilence', arg: id });
      answering();
      const s = silences.find((x) => x.id === id);
      if (s && s.state !== 'expired') Object.assign(s, { state: 'expired', endsAt: now().toISOString() });
    },
    silenceLink(id) {
      return `${options.externalUrl ?? urls[0]}/#/silences/${id}`;
    },
  };
}

function toActiveAlert(a: FakeAlert): Omit<ActiveAlert, 'reportedBy'> {
  const startsAt = a.startsAt ?? defaultStartsAt;
  return {
    fingerprint: a.fingerprint,
    labels: a.labels ?? { alertname: 'DiskFull' },
    state: a.state ?? 'active',
    startsAt,
    endsAt: a.endsAt ?? new Date(Date.parse(startsAt) + 4 * 86_400_000).toISOString(),
  };
}

/** One Alertmanager matcher string (`name="v"`, `name!="v"`, `name=~"re"`, `name!~"re"`) against labels. */
function matches(labels: Record<string, string>, matcher: string): boolean {
  const m = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*"(.*)"\s*$/.exec(matcher);
  if (!m) throw new Error(`the in-memory Alertmanager does not understand the matcher ${matcher}`);
  const [, name = '', op = '', value = ''] = m;
  const actual = labels[name] ?? '';
  if (op === '=') return actual === value;
  if (op === '!=') return actual !== value;
  const re = new RegExp(`^(?:${value})$`);
  return op === '=~' ? re.test(actual) : !re.test(actual);
}
