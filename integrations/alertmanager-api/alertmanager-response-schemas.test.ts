/**
 * The response schemas against bodies captured from a real Alertmanager 0.25 (Debian's
 * prometheus-alertmanager, clustering off): test/fixtures/alertmanager-api/*.json.
 */
import fs from 'node:fs';
import path from 'node:path';
import { alertmanagerAlertsSchema } from './alertmanager-alerts-schema';
import { alertmanagerSilenceCreatedSchema } from './alertmanager-silence-created-schema';
import { alertmanagerSilencesSchema } from './alertmanager-silences-schema';
import { alertmanagerStatusSchema } from './alertmanager-status-schema';

const fixture = (name: string): unknown => JSON.parse(fs.readFileSync(path.join(__dirname, '../../test/fixtures/alertmanager-api', `${name}.json`), 'utf8')) as unknown;

describe('Alertmanager v2 response schemas (captured from Alertmanager 0.25)', () => {
  describe('GET /api/v2/alerts', () => {
    it('reads firing alerts with fingerprint, labels, window and state', () => {
      const alerts = alertmanagerAlertsSchema.parse(fixture('alerts'));
      expect(alerts).toHaveLength(2);
      expect(alerts[0]).toMatchObject({
        fingerprint: '7d2d332feada5c59',
        labels: { alertname: 'HighErrorRate', service: 'checkout', severity: 'critical' },
        startsAt: '2026-12-05T08:33:33.975Z',
        endsAt: '2026-12-05T08:38:33.975Z',
        status: { state: 'active', silencedBy: [], inhibitedBy: [] },
      });
      // An alert without annotations or generatorURL is still an alert.
      expect(alerts[1]).toMatchObject({ fingerprint: 'fd807b82f98f9135', labels: { alertname: 'DiskFull', instance: 'db-1' } });
    });

    it('reads a silenced alert as suppressed, naming the silence', () => {
      const [alert] = alertmanagerAlertsSchema.parse(fixture('alerts-silenced'));
      expect(alert!.status).toEqual({ state: 'suppressed', silencedBy: ['9cee4e61-5b38-4821-947b-e17de7225075'], inhibitedBy: [] });
    });

    it('accepts fields a newer Alertmanager may add, and refuses a body missing what mendbot relies on', () => {
      const [first] = fixture('alerts') as Array<Record<string, unknown>>;
      expect(alertmanagerAlertsSchema.safeParse([{ ...first, newField: { x: 1 } }]).success).toBe(true);
      const { fingerprint: _fingerprint, ...withoutFingerprint } = first!;
      expect(alertmanagerAlertsSchema.safeParse([withoutFingerprint]).success).toBe(false);
      expect(alertmanagerAlertsSchema.safeParse([{ ...first, status: { state: 'resolved' } }]).success).toBe(false);
      expect(alertmanagerAlertsSchema.safeParse({ alerts: [] }).success).toBe(false);
    });
  });

  describe('GET /api/v2/status', () => {
    it('reads version, cluster status and uptime', () => {
      const status = alertmanagerStatusSchema.parse(fixture('status'));
      expect(status).toMatchObject({ cluster: { status: 'disabled', peers: [] }, uptime: '2026-12-05T08:33:27.365Z', versionInfo: { version: '0.25.0' } });
    });

    it('refuses an answer that is not a status (another service behind the URL)', () => {
      expect(alertmanagerStatusSchema.safeParse({ status: 'success', data: {} }).success).toBe(false);
    });
  });

  describe('GET /api/v2/silences', () => {
    it('reads an active silence with its matchers, author and comment', () => {
      const [silence] = alertmanagerSilencesSchema.parse(fixture('silences'));
      expect(silence).toEqual({
        id: '9cee4e61-5b38-4821-947b-e17de7225075',
        status: { state: 'active' },
        updatedAt: '2026-12-05T08:33:35.053Z',
        comment: 'mendbot run r1 step silence (incident i1)',
        createdBy: 'mendbot',
        startsAt: '2026-12-05T08:33:35.053Z',
        endsAt: '2026-12-05T09:03:35.000Z',
        matchers: [
          { name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true },
          { name: 'service', value: 'checkout', isRegex: false, isEqual: true },
        ],
      });
    });

    it('reads an expired silence as expired', () => {
      const [silence] = alertmanagerSilencesSchema.parse(fixture('silences-expired'));
      expect(silence!.status.state).toBe('expired');
      expect(silence!.endsAt).toBe('2026-12-05T08:33:38.910Z');
    });

    it('defaults isEqual to true for peers older than 0.22, which do not send it', () => {
      const [captured] = fixture('silences') as Array<{ matchers: Array<Record<string, unknown>> }>;
      const old = { ...captured, matchers: captured!.matchers.map(({ isEqual: _isEqual, ...m }) => m) };
      expect(alertmanagerSilencesSchema.parse([old])[0]!.matchers.every((m) => m.isEqual)).toBe(true);
    });

    it('refuses an unknown state', () => {
      const [captured] = fixture('silences') as Array<Record<string, unknown>>;
      expect(alertmanagerSilencesSchema.safeParse([{ ...captured, status: { state: 'deleted' } }]).success).toBe(false);
    });
  });

  describe('POST /api/v2/silences', () => {
    it('reads the new silence id', () => {
      expect(alertmanagerSilenceCreatedSchema.parse(fixture('silence-created'))).toEqual({ silenceID: '9cee4e61-5b38-4821-947b-e17de7225075' });
      expect(alertmanagerSilenceCreatedSchema.safeParse({ id: 'x' }).success).toBe(false);
    });
  });
});
