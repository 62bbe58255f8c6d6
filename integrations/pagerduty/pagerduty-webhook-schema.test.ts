import fs from 'node:fs';
import path from 'node:path';
import { pagerDutyWebhookSchema } from './pagerduty-webhook-schema';

const triggered = JSON.parse(fs.readFileSync(path.join(__dirname, '../../test/fixtures/pagerduty-incident-triggered.json'), 'utf8'));

describe('pagerDutyWebhookSchema', () => {
  it('parses the incident data of a captured delivery', () => {
    const data = pagerDutyWebhookSchema.parse(triggered).event.data;
    expect(data.type).toBe('incident');
    expect(data).toMatchObject({ id: 'Q1R8ZJ4Y7XK2LM', number: 4821, incident_key: null, urgency: 'high' });
  });

  it('keeps fields it does not model', () => {
    const body = { event: { ...triggered.event, delivered_by: 'v3.1', data: { ...triggered.event.data, new_field: [1, 2] } } };
    const parsed = pagerDutyWebhookSchema.parse(body);
    expect(parsed.event).toHaveProperty('delivered_by', 'v3.1');
    expect(parsed.event.data).toHaveProperty('new_field', [1, 2]);
  });

  it('accepts null agent, client and priority', () => {
    const body = { event: { ...triggered.event, agent: null, client: null, data: { ...triggered.event.data, priority: null } } };
    expect(pagerDutyWebhookSchema.safeParse(body).success).toBe(true);
  });

  it('keeps the data of an unknown type, tagged as other', () => {
    const data = { type: 'incident_responder', incident: { id: 'Q1' }, message: 'please help' };
    const parsed = pagerDutyWebhookSchema.parse({ event: { ...triggered.event, event_type: 'incident.responder.added', data } });
    expect(parsed.event.data).toEqual({ type: 'other', raw: data });
  });

  it('does not let a broken incident pass as an unknown type', () => {
    const { id: _id, ...withoutId } = triggered.event.data;
    expect(pagerDutyWebhookSchema.safeParse({ event: { ...triggered.event, data: withoutId } }).success).toBe(false);
  });
});
