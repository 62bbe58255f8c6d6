import type { Decision } from '../../core/incidents/decision';
import { decisionsJson as jsonOf } from '../../core/incidents/decisions-json';
import { escapeRegExp } from '../../core/escape-reg-exp';
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
 * The frequent phrases of one decision's JSON (field names in their order, kinds, the reasons' wording), version 2
 * of the stored form (see marked): each is written as one control character, \u0006 onwards; a phrase that begins
 * with another comes before it (the first that matches is taken). NEVER
 * edit the list: stored decisions were written with it; make a version 3 instead.
 */
const phrasesV2 = [
  '","reason":"new incident ',
  ' for correlation ID ',
  ' joined open incident ',
  '","correlationId":"',
  '","incidentId":"',
  '[{"alertKey":"',
  'duplicate of alert ',
  '","reason":"',
  '","kind":"',
  ' in incident ',
  'new_incident',
  'state_change',
  'attached',
  'reopened',
  'alert ',
  '"}]',
];

/**
 * A delivery's decisions as stored. Each repeats its incident id and correlation ID in its reason, and a
 * group's decisions repeat them from alert to alert. Three forms, told apart on read by the column's type and
 * first character:
 * - JSON text, for a short list (and every row before migration 12);
 * - one decision (a single alert's): TEXT marked by \u0002, the decision's correlation ID, incident id and alert
 *   key written once each and pointed at, and the frequent phrases written as one character each (marked). About
 *   what deflate made of it (~178 B against ~163 B for ~400 B of JSON), at ~4 µs where a deflate took ~8 µs (~17 µs under load,
 *   a tenth of a single alert's time on the event loop; the dictionary's set-up alone is a fixed cost per call);
 * - more decisions: a BLOB, the dictionary version (1 byte) and deflate-raw of the JSON — a 50-alert group's
 *   ~18 KB to ~1.2 KB, where marking would leave ~6 KB (each alert key is written twice).
 */
const deflateFromChars = 200;
const decisionDictionaries = new Map([[1, dictionaryV1]]);
// A short list gets a small compressor (4 KB window, memLevel 4), same output size: when every call built its own
// zlib state, the defaults took ~24 µs against ~14 µs for one alert's decisions. Both are now kept between calls
// (reusable-deflate-raw.ts).
const deflateShortList = dictionaryDeflater(1, dictionaryV1, { level: 1, windowBits: 12, memLevel: 4 });
const deflateLongList = dictionaryDeflater(1, dictionaryV1, { level: 1 });

export function encodeDecisions(decisions: Decision[]): string | Buffer {
  // The same text the webhook answers with (made once: decisions-json.ts).
  const json = jsonOf(decisions);
  if (json.length < deflateFromChars) return json;
  if (decisions.length === 1) return marked(json, decisions[0]!);
  return json.length < 4096 ? deflateShortList(json) : deflateLongList(json);
}

/** Version 2's mark, its values' separator and the first of its value and phrase characters. */
const mark = '\u0002';
const separator = '\u0001';
const firstValueChar = 3;
const firstPhraseChar = 6;
const valueChars = [0, 1, 2].map((i) => String.fromCharCode(firstValueChar + i));
const phraseChar = new Map(phrasesV2.map((p, i) => [p, String.fromCharCode(firstPhraseChar + i)]));
// One pass for all phrases: at each place the regex takes the first of the list's phrases that matches there.
const anyPhrase = new RegExp(phrasesV2.map(escapeRegExp).join('|'), 'g');
const anyMark = new RegExp(`[${String.fromCharCode(firstValueChar)}-${String.fromCharCode(firstPhraseChar + phrasesV2.length - 1)}]`, 'g');

/**
 * One decision's JSON, marked: \u0002, then its correlation ID, incident id and alert key as they are written in
 * the JSON (each ended by \u0001; empty when absent or shorter than 4), then the JSON with every occurrence of
 * them written as \u0003, \u0004 and \u0005, and then of each phrase of version 2 as its character. JSON.stringify
 * writes no control character (it escapes them), nor does one appear in the values as written in the JSON or in
 * the phrases, so each character read back stands for exactly the text it replaced.
 */
function marked(json: string, d: Decision): string {
  const values = [d.correlationId, d.incidentId, d.alertKey].map((v) => (v !== undefined && v.length >= 4 ? JSON.stringify(v).slice(1, -1) : ''));
  let body = json;
  values.forEach((v, i) => {
    if (v !== '') body = body.replaceAll(v, valueChars[i]!);
  });
  return mark + values.join(separator) + separator + body.replace(anyPhrase, (p) => phraseChar.get(p)!);
}

function unmarked(text: string): string {
  const parts = text.slice(1).split(separator);
  return parts[3]!.replace(anyMark, (c) => {
    const code = c.charCodeAt(0);
    return code >= firstPhraseChar ? phrasesV2[code - firstPhraseChar]! : parts[code - firstValueChar]!;
  });
}

/** The decisions column back to its JSON text. */
export function decisionsJson(v: unknown): string {
  if (typeof v === 'string') return v.startsWith(mark) ? unmarked(v) : v;
  return inflateWithDictionary(v, decisionDictionaries, 'decisions');
}

export function decodeDecisions(v: unknown): Decision[] {
  return JSON.parse(decisionsJson(v)) as Decision[];
}
