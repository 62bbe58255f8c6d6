import fs from 'node:fs';
import path from 'node:path';
import { parseAlertmanagerWebhook } from './parse-alertmanager-webhook';

/** What the parse hands on for the store, beside the alerts: the body it read (see ParsedDelivery.body). */
describe('parseAlertmanagerWebhook, the body it hands on', () => {
  it("is the text it parsed and its parse, the alerts' labels and annotations being that parse's own objects, frozen", () => {
    const raw = fs.readFileSync(path.join(__dirname, '../../test/fixtures', 'alertmanager-firing.json'));
    const d = parseAlertmanagerWebhook(raw);
    expect(d.body?.text).toBe(raw.toString('utf8'));
    const alert = (d.body?.json as { alerts: Array<Record<string, unknown>> }).alerts[0]!;
    expect(d.alerts[0]!.labels).toBe(alert.labels);
    expect(d.alerts[0]!.annotations).toBe(alert.annotations);
    expect(Object.isFrozen(d.alerts[0]!.labels) && Object.isFrozen(d.alerts[0]!.annotations)).toBe(true);
  });
});
