import { fixture, startTestApp, type TestApp } from '../helpers/start-test-app';

interface IncidentJson {
  id: string;
  alertmanager: unknown;
}

// The incidents API shows what reconciliation learned from Alertmanager (Incident.alertmanager), in the
// listing and in the detail, with its timeline note; null until reconciliation has checked the incident.
describe('GET /api/incidents: the Alertmanager state', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
    const res = await fetch(`${app.url}/webhooks/alertmanager`, { method: 'POST', body: fixture('alertmanager-storm.json') });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    await app.close();
  });

  const get = async <T>(path: string) => {
    const res = await fetch(`${app.url}${path}`);
    expect(res.status).toBe(200);
    return (await res.json()) as T;
  };

  it('is null before reconciliation and the recorded state after it', async () => {
    const [first] = (await get<{ items: IncidentJson[] }>('/api/incidents')).items;
    expect(first!.alertmanager).toBeNull();
    const state = { active: false, checkedAt: '2026-03-14T09:45:00.000Z', missingSince: '2026-03-14T09:44:00.000Z' };
    await app.store.recordAlertmanagerState(first!.id, state, { at: state.checkedAt, message: 'no longer active in Alertmanager' });

    const listed = (await get<{ items: IncidentJson[] }>('/api/incidents')).items.find((i) => i.id === first!.id);
    expect(listed!.alertmanager).toEqual(state);
    const detail = await get<{ incident: IncidentJson; timeline: Array<{ type: string; at: string; message: string }> }>(`/api/incidents/${first!.id}`);
    expect(detail.incident.alertmanager).toEqual(state);
    expect(detail.timeline.at(-1)).toMatchObject({ type: 'reconciliation', at: state.checkedAt, message: 'no longer active in Alertmanager' });
  });
});
