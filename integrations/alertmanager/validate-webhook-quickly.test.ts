import fs from 'node:fs';
import path from 'node:path';
import { alertmanagerWebhookSchema } from './alertmanager-webhook-schema';
import { validateWebhookQuickly } from './validate-webhook-quickly';

type Json = Record<string, unknown> & { alerts: Array<Record<string, unknown>> };
const fixtures = ['alertmanager-firing.json', 'alertmanager-resolved.json', 'alertmanager-storm.json', 'alertmanager-firing.wire.json'];
const read = (name: string): Json => JSON.parse(fs.readFileSync(path.join(__dirname, '../../test/fixtures', name), 'utf8')) as Json;

/** One field changed each: every kind of value the schema checks, valid and not. */
const edits: Array<[string, (j: Json) => void]> = [
  ['no receiver', (j) => delete j.receiver],
  ['numeric receiver', (j) => (j.receiver = 1)],
  ['status pending', (j) => (j.status = 'pending')],
  ['alerts an object', (j) => (j.alerts = {} as never)],
  ['alerts empty', (j) => (j.alerts = [])],
  ['alert null', (j) => (j.alerts[0] = null as never)],
  ['alert an array', (j) => (j.alerts[0] = [] as never)],
  ['notification_reason null', (j) => (j.notification_reason = null)],
  ['notification_reason absent', (j) => delete j.notification_reason],
  ['groupLabels a string', (j) => (j.groupLabels = 'x')],
  ['commonLabels with a number', (j) => (j.commonLabels = { a: 1 })],
  ['commonAnnotations an array', (j) => (j.commonAnnotations = [])],
  ['routeLabels absent', (j) => delete j.routeLabels],
  ['routeLabels null', (j) => (j.routeLabels = null)],
  ['externalURL absent', (j) => delete j.externalURL],
  ['version 3', (j) => (j.version = '3')],
  ['version 4 as number', (j) => (j.version = 4)],
  ['groupKey empty', (j) => (j.groupKey = '')],
  ['groupKey number', (j) => (j.groupKey = 7)],
  ['truncatedAlerts 3', (j) => (j.truncatedAlerts = 3)],
  ['truncatedAlerts -1', (j) => (j.truncatedAlerts = -1)],
  ['truncatedAlerts 1.5', (j) => (j.truncatedAlerts = 1.5)],
  ['truncatedAlerts huge', (j) => (j.truncatedAlerts = 2 ** 60)],
  ['truncatedAlerts a string', (j) => (j.truncatedAlerts = '3')],
  ['an unknown field', (j) => (j.someFutureField = { x: 1 })],
  ['alert status unknown', (j) => (j.alerts[0]!.status = 'unknown')],
  ['alert labels missing', (j) => delete j.alerts[0]!.labels],
  ['alert label null', (j) => (j.alerts[0]!.labels = { a: null })],
  ['alert label named constructor', (j) => (j.alerts[0]!.labels = { constructor: 'c', alertname: 'A' })],
  ['alert annotations a string', (j) => (j.alerts[0]!.annotations = 's')],
  ['startsAt without zone', (j) => (j.alerts[0]!.startsAt = '2026-03-14T09:39:52')],
  ['startsAt a date', (j) => (j.alerts[0]!.startsAt = '2026-03-14')],
  ['startsAt Feb 30', (j) => (j.alerts[0]!.startsAt = '2026-02-30T09:39:52Z')],
  ['startsAt number', (j) => (j.alerts[0]!.startsAt = 1)],
  ['startsAt with offset', (j) => (j.alerts[0]!.startsAt = '2026-03-14T12:21:52+02:00')],
  ['endsAt nanoseconds', (j) => (j.alerts[0]!.endsAt = '2026-03-14T10:21:52.314159265Z')],
  ['endsAt bad offset', (j) => (j.alerts[0]!.endsAt = '2026-03-14T10:21:52+25:00')],
  ['endsAt missing', (j) => delete j.alerts[0]!.endsAt],
  ['generatorURL null', (j) => (j.alerts[0]!.generatorURL = null)],
  ['fingerprint absent', (j) => delete j.alerts[0]!.fingerprint],
  ['fingerprint upper case', (j) => (j.alerts[0]!.fingerprint = 'ABCDEF0123456789')],
  ['fingerprint short', (j) => (j.alerts[0]!.fingerprint = 'abc')],
  ['fingerprint null', (j) => (j.alerts[0]!.fingerprint = null)],
  ['alert extra field', (j) => (j.alerts[0]!.silencedBy = [])],
];

describe('validateWebhookQuickly', () => {
  it.each(fixtures)('accepts %s as it is (the fast path is taken for real bodies)', (name) => {
    const json = read(name);
    expect(validateWebhookQuickly(json)).toBe(json);
    expect(alertmanagerWebhookSchema.safeParse(json).success).toBe(true);
  });

  it.each(edits)('never accepts what zod refuses: %s', (_what, edit) => {
    const json = read('alertmanager-firing.json');
    edit(json);
    const zod = alertmanagerWebhookSchema.safeParse(json).success;
    const quick = validateWebhookQuickly(json) !== undefined;
    if (quick) expect(zod).toBe(true);
    // And for the forms it knows, it agrees: nothing well formed is sent to zod needlessly.
    expect(quick).toBe(zod);
  });

  it('leaves a label named __proto__ to zod, which refuses it', () => {
    const json = JSON.parse(JSON.stringify(read('alertmanager-firing.json')).replace('"alertname":', '"__proto__":"x","alertname":')) as unknown;
    expect(validateWebhookQuickly(json)).toBeUndefined();
    expect(alertmanagerWebhookSchema.safeParse(json).success).toBe(false);
  });

  it('leaves a value that is not an object to zod', () => {
    for (const v of [null, [], 'x', 1]) expect(validateWebhookQuickly(v)).toBeUndefined();
  });
});
