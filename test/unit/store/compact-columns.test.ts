import type { Decision } from '../../../src/core/incidents/decision';
import type { AlertWrite } from '../../../src/core/incidents/delivery-change';
import { alertColumnValues, BodySpans, columnJson, spanCount, textOf } from '../../../src/store/sqlite/alert-columns';
import { bodyReader } from '../../../src/store/sqlite/body-reader';
import { decisionsJson, decodeDecisions, encodeDecisions } from '../../../src/store/sqlite/delivery-decisions';
import { decodeTimelineText, timelineMarker } from '../../../src/store/sqlite/timeline-text';

const alert = (over: Partial<AlertWrite> = {}): AlertWrite =>
  ({
    key: 'am:f1@2026-01-01T00:00:00Z',
    source: 'alertmanager',
    fingerprint: 'f1',
    status: 'firing',
    labels: { alertname: 'HighLatency', service: 'checkout <&> api' },
    annotations: { summary: 'p99 latency above 2 s on checkout for the last ten minutes', description: 'é€😀 \u2028 line' },
    startsAt: '2026-01-01T00:00:00Z',
    generatorUrl: 'https://prometheus.example.com/graph?g0.expr=x%3E1&g0.tab=1',
    summary: 'p99 latency above 2 s on checkout for the last ten minutes',
    correlationId: 'c',
    ...over,
  }) as AlertWrite;

/** As Go's encoding/json writes a value: <, >, &, U+2028 and U+2029 escaped. */
const goJson = (v: unknown) => JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Reads columns back the way the store does, with `body` as body 7. */
function readBack(a: AlertWrite, body: string) {
  const spans = new BodySpans(body).of(a);
  const v = alertColumnValues(spans, 7);
  const bodies = bodyReader((id) => (id === 7 ? body : ''));
  return {
    spans,
    value: {
      labels: JSON.parse(columnJson(v.labels, bodies)) as unknown,
      annotations: JSON.parse(columnJson(v.annotations, bodies)) as unknown,
      generatorUrl: textOf(v.generatorUrl, bodies),
      summary: textOf(v.summary, bodies),
    },
  };
}

describe('alert columns pointing into the raw body', () => {
  it('finds each value as Go wrote it and reads back exactly the value that went in', () => {
    const a = alert();
    const body = `{"alerts":[{"labels":${goJson(a.labels)},"annotations":${goJson(a.annotations)},"generatorURL":${goJson(a.generatorUrl)}}]}`;
    const { spans, value } = readBack(a, body);
    expect(spanCount(spans, 'insertAlert')).toBe(4);
    expect(spanCount(spans, 'updateAlert')).toBe(2);
    expect(value).toEqual({ labels: a.labels, annotations: a.annotations, generatorUrl: a.generatorUrl, summary: a.summary });
  });

  it('finds values written unescaped too, keeps its own text for what the body does not hold, and stops searching a column after a miss', () => {
    const a = alert({ summary: 'a summary written by the source, not in the body' });
    const body = `{"labels":${JSON.stringify(a.labels)}}`;
    const { spans, value } = readBack(a, body);
    expect(typeof spans.labels).not.toBe('string');
    expect([spans.annotations, spans.generatorUrl, spans.summary]).toEqual([JSON.stringify(a.annotations), a.generatorUrl, a.summary]);
    expect(value).toEqual({ labels: a.labels, annotations: a.annotations, generatorUrl: a.generatorUrl, summary: a.summary });
    const finder = new BodySpans(body);
    finder.of(alert({ labels: { other: 'labels not in the body at all' } }));
    expect(typeof finder.of(a).labels).toBe('string');
  });

  describe('given the body as JSON.parse read it', () => {
    // The same labels twice: searching finds the first (commonLabels); the walk knows the alert's own.
    const labels = { alertname: 'HighLatency', service: 'checkout <&> api' };
    const text = goJson({ commonLabels: labels, alerts: [{ labels, annotations: alert().annotations, generatorURL: alert().generatorUrl }] });
    const parsed = () => JSON.parse(text) as { alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string> }> };
    const own = text.indexOf('"labels":') + '"labels":'.length;

    it("points at the alert's own labels and annotations when they are the parsed objects, frozen, and reads them back from a fresh parse", () => {
      const json = parsed();
      const a = alert({ labels: Object.freeze(json.alerts[0]!.labels), annotations: Object.freeze(json.alerts[0]!.annotations) });
      const spans = new BodySpans(text, json).of(a);
      expect(spans).toEqual({
        labels: { pointer: '/alerts/0/labels' },
        annotations: { pointer: '/alerts/0/annotations' },
        generatorUrl: { pointer: '/alerts/0/generatorURL' },
        summary: { pointer: '/alerts/0/annotations/summary' },
      });
      expect(spanCount(spans, 'insertAlert')).toBe(4);
      expect(spanCount(spans, 'updateAlert')).toBe(2);
      const v = alertColumnValues(spans, 7);
      expect(v.labels.toString()).toBe('7:/alerts/0/labels');
      const body = bodyReader(() => text);
      expect(JSON.parse(columnJson(v.labels, body))).toEqual(a.labels);
      expect(JSON.parse(columnJson(v.annotations, body))).toEqual(a.annotations);
      expect([textOf(v.generatorUrl, body), textOf(v.summary, body)]).toEqual([a.generatorUrl, a.summary]);
    });

    it('keeps a value in the row where a pointer to it would be longer than the value', () => {
      const small = { a: 'b' };
      const body = JSON.stringify({ alerts: [{ labels: small, annotations: { summary: 'short' }, generatorURL: '' }] });
      const json = JSON.parse(body) as { alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string> }> };
      const spans = new BodySpans(body, json).of(
        alert({ labels: Object.freeze(json.alerts[0]!.labels), annotations: Object.freeze(json.alerts[0]!.annotations), summary: 'short', generatorUrl: undefined }),
      );
      expect(spans).toEqual({ labels: '{"a":"b"}', annotations: '{"summary":"short"}', generatorUrl: null, summary: 'short' });
    });

    it('points at a summary exactly when the reference (body id, colon, pointer) is no longer than its JSON', () => {
      // '/alerts/0/annotations/summary' is 29 characters, a reference 9 more: a summary of 36 (38 with its quotes) is
      // pointed at, one of 35 is kept.
      for (const [length, pointed] of [[35, false], [36, true]] as const) {
        const summary = 's'.repeat(length);
        const body = JSON.stringify({ alerts: [{ labels: { alertname: 'HighLatency', service: 'checkout' }, annotations: { summary }, generatorURL: '' }] });
        const json = JSON.parse(body) as { alerts: Array<{ labels: Record<string, string>; annotations: Record<string, string> }> };
        const spans = new BodySpans(body, json).of(
          alert({ labels: Object.freeze(json.alerts[0]!.labels), annotations: Object.freeze(json.alerts[0]!.annotations), summary, generatorUrl: undefined }),
        );
        expect(spans.summary).toEqual(pointed ? { pointer: '/alerts/0/annotations/summary' } : summary);
      }
    });

    it('searches for an object that is not frozen (it may have changed since) or not from the parsed body', () => {
      const json = parsed();
      for (const value of [json.alerts[0]!.labels, Object.freeze({ ...labels })]) {
        const spans = new BodySpans(text, json).of(alert({ labels: value }));
        const first = text.indexOf('{"alertname"'); // commonLabels: found by the search, not the walk
        expect(first).toBeLessThan(own);
        expect(spans.labels).toEqual([first, first + goJson(labels).length]);
      }
    });

    it('refuses to read a pointer its body does not have', () => {
      const v = alertColumnValues({ labels: { pointer: '/alerts/9/labels' }, annotations: '{}', generatorUrl: null, summary: 's' }, 7);
      expect(() => columnJson(v.labels, bodyReader(() => text))).toThrow(/leads to no value/);
    });
  });

  it('reads the generator URL as NULL when there is none', () => {
    const a = alert({ generatorUrl: undefined });
    expect(readBack(a, JSON.stringify(a)).value.generatorUrl).toBeNull();
  });
});

describe('timeline marks', () => {
  const ctx = { incidentId: 'inc_01ABC', correlationId: '{}:{alertname="X", note="inc_01ABC"}' };
  const roundTrip = (message: string, data: Record<string, unknown>) => {
    const [m, d] = timelineMarker(ctx)(message, data);
    return { stored: [m, d], read: decodeTimelineText(m, d, ctx) };
  };

  it('stores the incident id, correlation ID and alert key once and reads the entry back exactly', () => {
    const data = { alertKey: 'am:f1@2026-01-01T00:00:00Z', correlationId: ctx.correlationId, kind: 'new_incident' };
    const message = `alert am:f1@2026-01-01T00:00:00Z firing (x): new incident inc_01ABC for correlation ID ${ctx.correlationId}`;
    const { stored, read } = roundTrip(message, data);
    expect(stored.every((v) => Buffer.isBuffer(v))).toBe(true);
    expect((stored[0] as Buffer).length).toBeLessThan(message.length - ctx.correlationId.length);
    expect(read).toEqual({ message, data: JSON.stringify(data) });
  });

  it('stores a message holding the mark character as it is, and reads it back', () => {
    const message = 'summary with \u0001 2 inside, inc_01ABC';
    const { stored, read } = roundTrip(message, { deliveryId: 'd' });
    expect(stored[0]).toBe(message);
    expect(read.message).toBe(message);
  });

  it('reads rows written before (text) as they are', () => {
    expect(decodeTimelineText('plain \u00011 text', '{"a":"\\u0001"}', ctx)).toEqual({ message: 'plain \u00011 text', data: '{"a":"\\u0001"}' });
  });
});

describe('decisions', () => {
  it('deflates long lists that are not runs and reads both layouts back exactly', () => {
    // Members not in the order the core writes them in: never folded.
    const decisions = Array.from({ length: 50 }, (_, i) => ({
      kind: 'attached' as const,
      alertKey: `am:${i}`,
      incidentId: 'inc_1',
      correlationId: 'c',
      reason: `alert am:${i} joined open incident inc_1`,
    }));
    const stored = encodeDecisions(decisions);
    expect(Buffer.isBuffer(stored)).toBe(true);
    expect((stored as Buffer).length).toBeLessThan(JSON.stringify(decisions).length / 5);
    expect(decodeDecisions(stored)).toEqual(decisions);
    expect(encodeDecisions([])).toBe('[]');
    expect(decodeDecisions(JSON.stringify(decisions))).toEqual(decisions);
  });

  // A 50-alert group as decideDelivery writes it: one new incident, 49 alerts joined it.
  const group = (n: number, incidentId = 'inc_01M96QJ9FFBREXTRQF2J2VG6GX', correlationId = '{}:{alertname="KubePodCrashLooping"}'): Decision[] =>
    Array.from({ length: n }, (_, i) => {
      const alertKey = `am:${i.toString(16).padStart(16, '0')}@2026-03-14T09:00:00.064Z`;
      return i === 0
        ? { alertKey, correlationId, kind: 'new_incident', incidentId, reason: `new incident ${incidentId} for correlation ID ${correlationId}` }
        : { alertKey, correlationId, kind: 'attached', incidentId, reason: `alert ${alertKey} joined open incident ${incidentId}` };
    });

  it('folds a group into runs, a sixth of its JSON, and reads it back exactly', () => {
    const d = group(50);
    const stored = encodeDecisions(d);
    expect(typeof stored).toBe('string');
    expect((stored as string).startsWith('\u0003')).toBe(true);
    expect(JSON.parse((stored as string).slice(1))).toHaveLength(2);
    expect((stored as string).length).toBeLessThan(JSON.stringify(d).length / 5);
    expect(decisionsJson(stored)).toBe(JSON.stringify(d));
    expect(decodeDecisions(stored)).toEqual(d);
  });

  it('folds only what it gives back exactly: flags, absent ids, reasons without the key; anything else stored as before', () => {
    const d: Decision[] = [
      ...group(10),
      ...Array.from({ length: 10 }, (_, i): Decision => ({ alertKey: `am:r${i}`, correlationId: 'c', kind: 'state_change', incidentId: 'inc_2', reason: `alert am:r${i} firing → resolved in incident inc_2`, ...(i === 9 ? { incidentResolved: true as const } : {}) })),
      ...Array.from({ length: 10 }, (_, i): Decision => ({ alertKey: `am:i${i}`, correlationId: 'c', kind: 'ignored', reason: 'resolved alert with no open incident' })),
    ];
    const stored = encodeDecisions(d) as string;
    expect(stored.startsWith('\u0003')).toBe(true);
    expect(decisionsJson(stored)).toBe(JSON.stringify(d));
    // Each of these would not come back as it was: stored as JSON deflated instead, and read back exactly.
    const unlike: Array<(d: Decision[]) => void> = [
      (d) => ((d[3] as unknown as Record<string, unknown>).incidentResolved = false),
      (d) => ((d[3] as unknown as Record<string, unknown>).extra = 'x'),
      (d) => delete d[3]!.alertKey,
      (d) => ((d[3] as unknown as Record<string, unknown>).incidentId = 7),
      (d) => {
        const { reason, ...rest } = d[3]!;
        d[3] = { reason, ...rest } as Decision;
      },
    ];
    for (const change of unlike) {
      const copy = structuredClone(group(50));
      change(copy);
      const s = encodeDecisions(copy);
      expect(Buffer.isBuffer(s)).toBe(true);
      expect(decisionsJson(s)).toBe(JSON.stringify(copy));
    }
    // Too many runs (every other decision different): not worth folding.
    const mixed = group(50).map((x, i) => (i % 2 === 0 ? x : { ...x, incidentId: `inc_${i}`, reason: `alert ${x.alertKey} joined open incident inc_${i}` }));
    expect(Buffer.isBuffer(encodeDecisions(mixed))).toBe(true);
  });

  it('reads back exactly whatever folded decisions hold (random keys, ids and reasons)', () => {
    const pieces = ['inc_1', 'alert ', '"', '\\', '\u0001', '\u0003', 'é😀', 'am:x', '{}:{a="b"}', 'x', ' '];
    let seed = 11;
    const next = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    const text = () => Array.from({ length: Math.floor(next() * 6) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
    let folds = 0;
    for (let i = 0; i < 300; i++) {
      const incidentId = next() < 0.2 ? undefined : `inc_${text()}`;
      const correlationId = next() < 0.2 ? undefined : text();
      const shape = next();
      const d = Array.from({ length: 8 + Math.floor(next() * 20) }, (_, j): Decision => {
        const alertKey = next() < 0.1 ? text() : `am:${text()}${j}`;
        const reason = shape < 0.4 ? `alert ${alertKey} joined ${incidentId ?? ''}` : shape < 0.7 ? `${text()}${alertKey}${text()}` : `constant ${correlationId ?? ''}`;
        return { alertKey, ...(correlationId !== undefined ? { correlationId } : {}), kind: 'attached', ...(incidentId !== undefined ? { incidentId } : {}), reason };
      });
      const stored = encodeDecisions(d);
      if (typeof stored === 'string' && stored.startsWith('\u0003')) folds++;
      expect(decisionsJson(stored)).toBe(JSON.stringify(d));
      expect(decodeDecisions(stored)).toEqual(d);
    }
    // Most lists fold (the rest test nothing new here).
    expect(folds).toBeGreaterThan(150);
  });

  const single = (over: Partial<Decision> = {}): Decision => {
    const d = { alertKey: 'am:65ca93cb125871f6@2026-03-14T09:00:00.064Z', correlationId: '{}/{team="payments"}:{cluster="prod-us-1", namespace="prod"}', kind: 'new_incident' as const, incidentId: 'inc_01M96QJ9FFBREXTRQF2J2VG6GX', ...over };
    return { ...d, reason: `new incident ${d.incidentId} for correlation ID ${d.correlationId}` } as Decision;
  };

  it('writes one decision marked, about as small as deflated, and reads it back exactly', () => {
    const d = [single()];
    const stored = encodeDecisions(d);
    expect(typeof stored).toBe('string');
    expect((stored as string).startsWith('\u0002')).toBe(true);
    expect((stored as string).length).toBeLessThan(JSON.stringify(d).length / 2);
    expect(decisionsJson(stored)).toBe(JSON.stringify(d));
  });

  it('reads back exactly whatever a decision holds: escapes, control characters, values inside one another and inside the phrases (random values)', () => {
    const pieces = ['inc_1', 'alert ', '"', '\\', '\u0001', '\u0002', '\u0006', 'é😀', ' in incident ', '","kind":"', 'new_incident', '{}:{a="b"}', 'x', ' '];
    let seed = 7;
    const next = () => (seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    const text = () => Array.from({ length: Math.floor(next() * 8) }, () => pieces[Math.floor(next() * pieces.length)]).join('');
    for (let i = 0; i < 500; i++) {
      const incidentId = next() < 0.2 ? undefined : `inc_${text()}`;
      const correlationId = next() < 0.3 && incidentId ? `${text()}${incidentId}${text()}` : text();
      const d = [{ alertKey: `am:${text()}`, correlationId, kind: 'attached', ...(incidentId ? { incidentId } : {}), reason: `${text()} ${correlationId} ${incidentId ?? ''} ${text()}`.padEnd(220, ' in incident ') } as Decision];
      const stored = encodeDecisions(d);
      expect(decisionsJson(stored)).toBe(JSON.stringify(d));
    }
  });
});
