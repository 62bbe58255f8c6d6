import { createHash, hash } from 'node:crypto';
import type { IncomingAlert } from '../../src/core/alerts/alert';
import { ErrorCode, MendbotError } from '../../src/core/errors';
import type { ParsedDelivery } from '../../src/core/intake/delivery';
import { alertmanagerWebhookSchema, type AlertmanagerAlert } from './alertmanager-webhook-schema';
import { computeFingerprint } from './compute-fingerprint';
import { validateWebhookQuickly } from './validate-webhook-quickly';

/**
 * Turns an Alertmanager webhook v4 body into one IncomingAlert per alert, firing and resolved alike (every
 * flush re-sends the whole group: all firing alerts plus those resolved since the last send). Throws
 * INVALID_JSON or INVALID_PAYLOAD (with `path`).
 * No dedupeKey: Alertmanager has no delivery id, so re-deliveries are recognised per alert key instead.
 */
export function parseAlertmanagerWebhook(rawBody: Buffer): ParsedDelivery {
  const text = rawBody.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new MendbotError(ErrorCode.InvalidJson, `Alertmanager webhook body is not JSON: ${(error as Error).message}`, { cause: error });
  }

  // Nearly every body is well formed: checked by hand first, and zod only decides (and words) the rest.
  const quick = validateWebhookQuickly(json);
  const result = quick ? { success: true as const, data: quick } : alertmanagerWebhookSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.map(String).join('.') ?? '';
    const where = path === '' ? 'body' : path;
    throw new MendbotError(ErrorCode.InvalidPayload, `Alertmanager webhook ${where}: ${issue?.message ?? 'invalid'}`, {
      path: path === '' ? undefined : path,
    });
  }

  const { groupKey, alerts } = result.data;
  // The dedup_key Alertmanager's own PagerDuty integration sends, so a PagerDuty incident opened from the
  // same group can join this one (notify/util.go `Key.Hash`).
  const joinKey = sha256Hex(groupKey);
  return {
    source: 'alertmanager',
    eventType: 'notification',
    alerts: alerts.map((alert) => toIncomingAlert(alert, groupKey, joinKey)),
    body: { text, json },
  };
}

function toIncomingAlert(alert: AlertmanagerAlert, groupKey: string, joinKey: string): IncomingAlert {
  const fingerprint = alert.fingerprint?.toLowerCase() ?? computeFingerprint(alert.labels);
  const { labels, annotations } = alert;
  return {
    source: 'alertmanager',
    // A label set that fires again later gets a new startsAt: a new occurrence, not a re-delivery.
    key: `am:${fingerprint}@${alert.startsAt}`,
    fingerprint,
    status: alert.status,
    // Neither is shared with anything else (JSON.parse or zod built them for this call): no copies. Frozen, so
    // they stay what the body says and the store can point into the body for them (ParsedDelivery.body).
    labels: Object.freeze(labels),
    annotations: Object.freeze(annotations),
    startsAt: alert.startsAt,
    // Firing alerts carry Go's zero time here, which means "not ended", not a date.
    ...(alert.status === 'resolved' ? { endsAt: alert.endsAt } : {}),
    ...(alert.generatorURL !== '' ? { generatorUrl: alert.generatorURL } : {}),
    summary: firstNonBlank(annotations.summary, annotations.description, labels.alertname) ?? fingerprint,
    defaultCorrelationId: groupKey,
    publishesJoinKeys: [joinKey],
  };
}

/** crypto.hash (Node ≥ 20.12) skips building a Hash object per delivery; createHash on older Node 20. */
function sha256Hex(text: string): string {
  return typeof hash === 'function' ? hash('sha256', text, 'hex') : createHash('sha256').update(text).digest('hex');
}

function firstNonBlank(...values: Array<string | undefined>): string | undefined {
  return values.find((value) => value !== undefined && value.trim() !== '');
}
