import { makeAlertmanagerBody } from '../../bench/alertmanager-bodies';
import { DistinctBodies } from '../../bench/intake/distinct-bodies';

type SentAlert = { fingerprint: string; startsAt: string };

/** What the load generator sends, read back from the bytes. */
const sentAlerts = (body: Buffer): SentAlert[] => (JSON.parse(body.toString('utf8')) as { alerts: SentAlert[] }).alerts;

describe('bodies the benchmarks generate', () => {
  it.each([['storm' as const], ['single' as const], [{ alerts: 7 }]])('knows the alerts of the body it sent (%p), worked out when asked', (shape) => {
    const b = makeAlertmanagerBody('gen-test', 41, shape);
    const sent = sentAlerts(b.body);
    expect(b.alertCount).toBe(sent.length);
    expect(b.alerts).toEqual(sent.map((a) => ({ fingerprint: a.fingerprint, startsAt: a.startsAt, key: `am:${a.fingerprint}@${a.startsAt}` })));
    expect(b.alerts).toBe(b.alerts); // worked out once
    // Another body has other alerts: the keys are the body's own, not the template's.
    expect(makeAlertmanagerBody('gen-test', 42, shape).alerts[0]!.key).not.toBe(b.alerts[0]!.key);
  });

  it('hands out a pre-generated pool first, then counts every body it has to generate while sending', () => {
    const bodies = new DistinctBodies({ alerts: 2 }, 3);
    bodies.take(3);
    expect(bodies.generatedLive).toBe(0);
    bodies.next();
    expect(bodies.generatedLive).toBe(1);
    bodies.topUp(2);
    bodies.discardPool();
    bodies.take(2);
    expect(bodies.generatedLive).toBe(3);
  });
});
