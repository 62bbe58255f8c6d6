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
 * group's decisions repeat them from alert to alert. Four forms, told apart on read by the column's type and
 * first character:
 * - JSON text, for a short list (and every row before migration 12);
 * - one decision (a single alert's): TEXT marked by \u0002, the decision's correlation ID, incident id and alert
 *   key written once each and pointed at, and the frequent phrases written as one character each (marked). About
 *   what deflate made of it (~178 B against ~163 B for ~400 B of JSON), at ~4 µs where a deflate took ~8 µs (~17 µs under load,
 *   a tenth of a single alert's time on the event loop; the dictionary's set-up alone is a fixed cost per call);
 * - more decisions: a BLOB, the dictionary version (1 byte) and deflate-raw of the JSON — a 50-alert group's
 *   ~18 KB to ~1.2 KB, where marking would leave ~6 KB (each alert key is written twice);
 * - a list that is mostly runs of alike decisions (a group's: one new incident, 49 joined it): TEXT marked by
 *   \u0003, the runs as JSON (folded, version 3): a 50-alert group's in ~2.9 KB at ~20 µs, where its JSON and
 *   deflate took ~72 µs (the main thread's largest share of a group's write after its rows).
 */
const deflateFromChars = 200;
const decisionDictionaries = new Map([[1, dictionaryV1]]);
// A short list gets a small compressor (4 KB window, memLevel 4), same output size: when every call built its own
// zlib state, the defaults took ~24 µs against ~14 µs for one alert's decisions. Both are now kept between calls
// (reusable-deflate-raw.ts).
const deflateShortList = dictionaryDeflater(1, dictionaryV1, { level: 1, windowBits: 12, memLevel: 4 });
const deflateLongList = dictionaryDeflater(1, dictionaryV1, { level: 1 });

export function encodeDecisions(decisions: Decision[]): string | Buffer {
  const runs = decisions.length >= minFoldedDecisions ? folded(decisions) : undefined;
  if (runs !== undefined) return runs;
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

/**
 * Version 3, folded: a run is decisions in a row alike but for their alert key, as a group's are ("alert <key>
 * joined open incident <id>" 49 times). Stored as \u0003 and the JSON of
 * `[kind, correlationId | null, incidentId | null, flags, prefix, suffix | null, keys]` per run: each decision of it
 * is `{ alertKey, correlationId?, kind, incidentId?, reason, incidentResolved?, flappingDetected? }` with one of the
 * keys, its reason `prefix + key + suffix` (or `prefix` alone when the suffix is null), `incidentResolved: true`
 * when flags has 1 and `flappingDetected: true` when it has 2. A list is folded only when that gives back exactly
 * what was decided, its JSON text included: every decision has an alert key, its members in that order (the
 * order the core writes them in), strings where strings are due and flags that are true or absent; otherwise
 * it is stored as before. Folded only when there are at most a quarter as many runs as decisions, so it is short.
 */
const foldedMark = '\u0003';
const minFoldedDecisions = 8;
const memberOrder = new Map(['alertKey', 'correlationId', 'kind', 'incidentId', 'reason', 'incidentResolved', 'flappingDetected'].map((k, i) => [k, i]));
type Run = [kind: Decision['kind'], correlationId: string | null, incidentId: string | null, flags: number, prefix: string, suffix: string | null, keys: string[]];

function folded(decisions: readonly Decision[]): string | undefined {
  const runs: Run[] = [];
  let run: Run | undefined;
  for (const d of decisions) {
    const key = d.alertKey;
    const reason = d.reason;
    if (typeof key !== 'string' || typeof reason !== 'string' || typeof d.kind !== 'string') return undefined;
    if (!(d.correlationId === undefined || typeof d.correlationId === 'string') || !(d.incidentId === undefined || typeof d.incidentId === 'string')) return undefined;
    if (!(d.incidentResolved === undefined || d.incidentResolved === true) || !(d.flappingDetected === undefined || d.flappingDetected === true)) return undefined;
    let next = 0;
    for (const member in d) {
      const at = memberOrder.get(member);
      if (at === undefined || at < next) return undefined;
      next = at + 1;
    }
    const correlationId = d.correlationId ?? null;
    const incidentId = d.incidentId ?? null;
    const flags = (d.incidentResolved ? 1 : 0) | (d.flappingDetected ? 2 : 0);
    if (run !== undefined && run[0] === d.kind && run[1] === correlationId && run[2] === incidentId && run[3] === flags) {
      const [, , , , prefix, suffix] = run;
      const alike =
        suffix === null
          ? reason === prefix
          : reason.length === prefix.length + key.length + suffix.length && reason.startsWith(prefix) && reason.startsWith(key, prefix.length) && reason.endsWith(suffix);
      if (alike) {
        run[6].push(key);
        continue;
      }
    }
    const at = reason.indexOf(key);
    run = [d.kind, correlationId, incidentId, flags, at < 0 ? reason : reason.slice(0, at), at < 0 ? null : reason.slice(at + key.length), [key]];
    runs.push(run);
    if (runs.length * 4 > decisions.length) return undefined;
  }
  return foldedMark + JSON.stringify(runs);
}

function unfolded(text: string): Decision[] {
  const decisions: Decision[] = [];
  for (const [kind, correlationId, incidentId, flags, prefix, suffix, keys] of JSON.parse(text.slice(1)) as Run[]) {
    for (const alertKey of keys) {
      decisions.push({
        alertKey,
        ...(correlationId !== null ? { correlationId } : {}),
        kind,
        ...(incidentId !== null ? { incidentId } : {}),
        reason: suffix === null ? prefix : prefix + alertKey + suffix,
        ...(flags & 1 ? { incidentResolved: true } : {}),
        ...(flags & 2 ? { flappingDetected: true } : {}),
      });
    }
  }
  return decisions;
}

/** The decisions column back to its JSON text. */
export function decisionsJson(v: unknown): string {
  if (typeof v === 'string') return v.startsWith(mark) ? unmarked(v) : v.startsWith(foldedMark) ? JSON.stringify(unfolded(v)) : v;
  return inflateWithDictionary(v, decisionDictionaries, 'decisions');
}

export function decodeDecisions(v: unknown): Decision[] {
  if (typeof v === 'string' && v.startsWith(foldedMark)) return unfolded(v);
  return JSON.parse(decisionsJson(v)) as Decision[];
}
