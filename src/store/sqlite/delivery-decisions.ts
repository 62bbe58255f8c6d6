import type { Decision } from '../../core/incidents/decision';
import { decisionsJson as jsonOf } from '../../core/incidents/decisions-json';
import { dictionaryDeflater, inflateWithDictionary } from './dictionary-deflate';

/**
 * Preset dictionary (version 1) for decisions: their field names and the wording of their reasons (see
 * src/core/incidents/decide-alert-changes.ts), most frequent last, where deflate finds it cheapest. NEVER
 * edit it: stored decisions name the version they were deflated with; add a version 2 instead.
 */
const dictionaryV1 = Buffer.from(
  [
    '"incidentResolved":true,"flappingDetected":true,',
    '"kind":"stale","reason":"stale copy of alert ',
    '"kind":"ignored","reason":"resolved alert with no open incident: recorded, no incident opened (',
    '"kind":"activity","reason":"pagerduty: ',
    '"kind":"state_change","reason":"alert  firing → resolved in incident inc_',
    '"kind":"reopened","reason":"incident inc_ reopened: new alert  within the reopen window',
    '"kind":"attached","reason":"alert  joined open incident inc_',
    '"kind":"duplicate","reason":"duplicate of alert  in incident inc_',
    '[{"alertKey":"am:","correlationId":"{}:{alertname=\\"","kind":"new_incident","incidentId":"inc_","reason":"new incident inc_ for correlation ID {}:{alertname=\\"',
  ].join(''),
  'utf8',
);

/**
 * A delivery's decisions as stored. Each repeats its incident id and correlation ID in its reason, and a
 * group's decisions repeat them from alert to alert, so the JSON deflates well — a single alert's ~410 B to
 * ~170 B, a 50-alert group's ~22 KB to ~2 KB — at one deflate per delivery, not per alert (~8 µs for a
 * single alert; the dictionary makes it faster too). Short lists stay JSON text. The type tells them apart
 * on read: TEXT is JSON (every row before migration 12 too), a BLOB is the dictionary version (1 byte) and
 * deflate-raw of the JSON.
 */
const deflateFromChars = 200;
const decisionDictionaries = new Map([[1, dictionaryV1]]);
// A short list gets a small compressor (4 KB window, memLevel 4), same output size: when every call built its own
// zlib state, the defaults took ~24 µs against ~14 µs for one alert's decisions. Both are now kept between calls
// (reusable-deflate-raw.ts): one alert's decisions, JSON included, ~8 µs (was ~20).
const deflateShortList = dictionaryDeflater(1, dictionaryV1, { level: 1, windowBits: 12, memLevel: 4 });
const deflateLongList = dictionaryDeflater(1, dictionaryV1, { level: 1 });

export function encodeDecisions(decisions: Decision[]): string | Buffer {
  // The same text the webhook answers with (made once: decisions-json.ts).
  const json = jsonOf(decisions);
  if (json.length < deflateFromChars) return json;
  return json.length < 4096 ? deflateShortList(json) : deflateLongList(json);
}

/** The decisions column back to its JSON text. */
export function decisionsJson(v: unknown): string {
  if (typeof v === 'string') return v;
  return inflateWithDictionary(v, decisionDictionaries, 'decisions');
}

export function decodeDecisions(v: unknown): Decision[] {
  return JSON.parse(decisionsJson(v)) as Decision[];
}
