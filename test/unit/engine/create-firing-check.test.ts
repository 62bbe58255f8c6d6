import type { IncidentDetail, StoredAlert } from '../../../src/core/incidents/incident';
import { createFiringCheck } from '../../../src/engine/create-firing-check';
import type { FiringVerdictName } from '../../../src/engine/firing-check';
import { createInMemoryAlertmanagerApi, type InMemoryAlertmanagerApi } from '../../fakes/in-memory-alertmanager-api';
import { buildRun } from '../runs/build-run';

/** The filters listAlerts was called with, in order. */
const asked = (am: InMemoryAlertmanagerApi) => am.calls.filter((c) => c.method === 'listAlerts').map((c) => c.arg);

const stored = (fingerprint: string, labels: Record<string, string>, source: StoredAlert['source'] = 'alertmanager'): StoredAlert => ({
  key: source === 'alertmanager' ? `am:${fingerprint}@2026-03-14T09:39:52.314Z` : `pd:${fingerprint}`,
  incidentId: 'inc_1',
  source,
  fingerprint,
  status: 'firing',
  labels,
  annotations: {},
  startsAt: '2026-03-14T09:39:52.314Z',
  endsAt: null,
  generatorUrl: null,
  summary: labels.alertname ?? fingerprint,
  firstSeenAt: '2026-03-14T09:40:00.000Z',
  lastSeenAt: '2026-03-14T09:40:00.000Z',
  deliveryCount: 1,
});

const detailWith = (alerts: StoredAlert[]) => ({ incident: { id: 'inc_1' }, alerts, timeline: [] }) as unknown as IncidentDetail;

describe('createFiringCheck', () => {
  let am: InMemoryAlertmanagerApi;
  let counted: FiringVerdictName[];
  const signal = new AbortController().signal;
  const check = (alerts: StoredAlert[] | null) =>
    createFiringCheck({ api: am, store: { getIncident: async () => (alerts ? detailWith(alerts) : null) }, metrics: { stillFiringChecks: { inc: ({ verdict }) => counted.push(verdict) } } });
  beforeEach(() => {
    am = createInMemoryAlertmanagerApi({ urls: ['http://127.0.0.1:9093', 'http://127.0.0.1:9094'] });
    counted = [];
  });

  it('per incident: firing if Alertmanager reports any of its Alertmanager alerts, asked by their shared alertname', async () => {
    am.setAlerts([{ fingerprint: 'fp2', labels: { alertname: 'DiskFull', disk: 'b' } }]);
    const result = await check([stored('fp1', { alertname: 'DiskFull', disk: 'a' }), stored('fp2', { alertname: 'DiskFull', disk: 'b' })])(buildRun(), signal);
    expect(result).toEqual({ verdict: 'firing', detail: 'Alertmanager still reports 1 of 2 alert(s): DiskFull (fp1), DiskFull (fp2)' });
    expect(asked(am)).toEqual([['alertname="DiskFull"']]);
    expect(counted).toEqual(['firing']);
  });

  it('not firing when none is reported; names the peers that did not answer', async () => {
    am.failPeer('http://127.0.0.1:9094', 'timeout');
    am.setAlerts([{ fingerprint: 'other', labels: { alertname: 'DiskFull' } }]);
    const result = await check([stored('fp1', { alertname: 'DiskFull' })])(buildRun(), signal);
    expect(result).toEqual({ verdict: 'not_firing', detail: 'Alertmanager no longer reports 1 alert(s): DiskFull (fp1); not answering: http://127.0.0.1:9094 (timeout)' });
  });

  it('per alert: only that alert counts', async () => {
    am.setAlerts([{ fingerprint: 'fp2', labels: { alertname: 'DiskFull' } }]);
    const alerts = [stored('fp1', { alertname: 'DiskFull' }), stored('fp2', { alertname: 'DiskFull' })];
    const result = await check(alerts)(buildRun({ alertKey: alerts[0]!.key, scopeKey: alerts[0]!.key }), signal);
    expect(result.verdict).toBe('not_firing');
  });

  it('unknown, never "not firing", when no Alertmanager answered', async () => {
    am.failAll();
    const result = await check([stored('fp1', { alertname: 'DiskFull' })])(buildRun(), signal);
    expect(result).toEqual({ verdict: 'unknown', detail: 'no Alertmanager answered (http://127.0.0.1:9093: connect ECONNREFUSED; http://127.0.0.1:9094: connect ECONNREFUSED)' });
    expect(counted).toEqual(['unknown']);
  });

  it('unknown when the run\'s own alert or incident cannot be found', async () => {
    expect((await check([stored('fp1', { alertname: 'DiskFull' })])(buildRun({ alertKey: 'am:gone@x' }), signal)).verdict).toBe('unknown');
    expect(await check(null)(buildRun(), signal)).toEqual({ verdict: 'unknown', detail: 'incident inc_1 is not in the store' });
    expect(asked(am)).toEqual([]);
  });

  it('not applicable to a PagerDuty-only incident (nothing asked)', async () => {
    const result = await check([stored('P123', { alertname: 'Checkout down' }, 'pagerduty')])(buildRun(), signal);
    expect(result.verdict).toBe('not_applicable');
    expect(asked(am)).toEqual([]);
    expect(counted).toEqual(['not_applicable']);
  });

  it('asks without a filter when the alerts have different names, and quotes names safely', async () => {
    await check([stored('fp1', { alertname: 'A' }), stored('fp2', { alertname: 'B' })])(buildRun(), signal);
    await check([stored('fp3', { alertname: 'Say "hi" \\ now' })])(buildRun(), signal);
    expect(asked(am)).toEqual([[], ['alertname="Say \\"hi\\" \\\\ now"']]);
  });

  it('rejects when its signal was aborted (shutdown), so the caller can tell it from an answer', async () => {
    const aborted = AbortSignal.abort(new Error('shutdown'));
    const api = { ...am, listAlerts: async () => Promise.reject(new Error('aborted')) };
    const firing = createFiringCheck({ api, store: { getIncident: async () => detailWith([stored('fp1', { alertname: 'X' })]) } });
    await expect(firing(buildRun(), aborted)).rejects.toThrow('aborted');
  });
});
