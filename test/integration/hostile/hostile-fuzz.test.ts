import fc from 'fast-check';
import { ErrorCode, MendbotError } from '../../../src/core/errors';
import { hostileRequest, type HostileRequest } from './hostile-request-arbitrary';
import { sendHostileRequest, type HostileResponse } from './send-hostile-request';
import { startHostileApp, type HostileApp } from './start-hostile-app';

// A few thousand generated requests against every route of the real app (real HTTP, real SQLite file):
// none may get a 5xx, every 4xx must carry the documented `{code, message, path?}` body with the status its
// code maps to, and a refused request must leave the store exactly as it was. FUZZ_RUNS / FUZZ_SEED
// reproduce or extend a run; fast-check prints the seed and the smallest failing request.
const numRuns = Number(process.env.FUZZ_RUNS ?? 3000);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const knownCodes: ReadonlySet<string> = new Set(Object.values(ErrorCode));

describe('hostile input fuzz (every route)', () => {
  let h: HostileApp;
  const tally = new Map<string, number>();
  let sent = 0;

  beforeAll(async () => {
    h = await startHostileApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  it(`answers ${numRuns} generated requests with no 5xx, documented JSON errors and no change on refusal`, async () => {
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(hostileRequest({ runId: h.seededRun.id, incidentId: h.seededIncidentId }), async (request) => {
        const before = h.snapshot();
        const res = await sendHostileRequest(h.port, request);
        sent++;
        const key = `${request.family} ${res.status}`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
        const problem = checkResponse(res) ?? (res.status >= 400 && !sameSnapshot(before, h.snapshot()) ? 'the store changed although the request was refused' : undefined);
        if (problem) throw new Error(`${problem}\n${describeRequest(request)}\n→ ${res.status} ${res.contentType ?? '(no content-type)'} ${res.text.slice(0, 500)}`);
      }),
      { numRuns, seed, endOnFailure: false, interruptAfterTimeLimit: 60_000 },
    );
    const seconds = (Date.now() - started) / 1000;
    const byFamily = new Map<string, number>();
    for (const [key, n] of tally) byFamily.set(key.split(' ')[0]!, (byFamily.get(key.split(' ')[0]!) ?? 0) + n);
    console.log(`hostile fuzz: ${sent} requests in ${seconds.toFixed(1)} s\n${[...tally].sort().map(([k, n]) => `  ${k}: ${n}`).join('\n')}`);

    // The run must have reached every route family and both outcomes, or it proved nothing.
    for (const family of ['alertmanager', 'pagerduty', 'webhooks-other', 'api-get', 'api-post', 'slack', 'probes', 'long-url']) {
      expect(byFamily.get(family) ?? 0).toBeGreaterThan(numRuns / 100);
    }
    expect(sent).toBeGreaterThanOrEqual(numRuns);
    const statuses = [...tally.keys()].map((k) => Number(k.split(' ')[1]));
    expect(statuses.some((s) => s >= 200 && s < 300)).toBe(true);
    expect(statuses.some((s) => s >= 400 && s < 500)).toBe(true);
    expect([...tally.keys()]).toEqual(expect.arrayContaining(['slack 200', 'slack 400', 'slack 401', 'alertmanager 200', 'alertmanager 400', 'pagerduty 200', 'long-url 431']));
  }, 120_000);
});

/** What is wrong with this answer, if anything. */
function checkResponse(res: HostileResponse): string | undefined {
  if (res.status >= 500) return `answered ${res.status}`;
  if (res.status < 400) return undefined;
  if (!/^application\/json/.test(res.contentType ?? '')) return 'a 4xx without a JSON body';
  let body: unknown;
  try {
    body = JSON.parse(res.text);
  } catch {
    return 'a 4xx whose body does not parse as JSON';
  }
  const b = body as { code?: unknown; message?: unknown; path?: unknown };
  if (typeof b.code !== 'string' || !knownCodes.has(b.code)) return `a 4xx without a registered code (${String(b.code)})`;
  if (typeof b.message !== 'string' || b.message === '') return 'a 4xx without a message';
  if (b.path !== undefined && typeof b.path !== 'string') return 'a 4xx whose path is not a string';
  const extra = Object.keys(b).filter((k) => !['code', 'message', 'path'].includes(k));
  if (extra.length > 0) return `a 4xx with undocumented fields ${extra.join(', ')}`;
  const expected = new MendbotError(b.code as ErrorCode, '').status;
  if (expected !== res.status) return `code ${b.code} answered with ${res.status}, documented as ${expected}`;
  return undefined;
}

function sameSnapshot(a: ReturnType<HostileApp['snapshot']>, b: ReturnType<HostileApp['snapshot']>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function describeRequest(request: HostileRequest): string {
  const body = request.body === undefined ? '(no body)' : `${request.body.length} bytes: ${request.body.toString('utf8').slice(0, 300)}`;
  return `${request.method} ${request.path.slice(0, 300)} sign=${request.sign ?? 'none'} encodingLies=${request.encodingLies}\nheaders ${JSON.stringify(request.headers)}\nbody ${body}`;
}
