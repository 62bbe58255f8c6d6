/**
 * kill -9 of one of two processes on one SQLite store: the survivor resumes (or flags needs_attention) each of
 * the dead process's runs within 5 s of the kill, with the usual at-most-once guarantees. The scenario and how
 * the delay is measured are described in takeover-scenario.ts; the distribution is printed for the report.
 *
 * Needs `npm run build` (spawns dist/src/cli.js through test/helpers/start-mendbot.ts).
 */
import { distribution, measureTakeover, type TakeoverOutcome } from './takeover-scenario';

jest.setTimeout(150_000);

const PER_KIND = 12; // 24 runs in flight at the kill

describe('a process killed with SIGKILL while another serves the same SQLite store', () => {
  let outcome: TakeoverOutcome;

  beforeAll(async () => {
    outcome = await measureTakeover({ perKind: PER_KIND, tag: 'T', disrupt: 'kill' });
    const d = distribution(outcome.runs.map((r) => r.takeoverMs));
    console.log(`takeover after kill -9 (ms from the kill, ${d.n} runs): min ${d.min}, median ${d.median}, p90 ${d.p90}, max ${d.max}`);
  });
  afterAll(async () => {
    await Promise.all([outcome?.slow.close(), outcome?.fast.close()]);
  });

  it("resumes or flags every one of the dead process's runs within 5 s of the kill", () => {
    expect(outcome.runs).toHaveLength(PER_KIND * 2);
    const late = outcome.runs.filter((r) => !(r.takeoverMs <= 5_000)).map((r) => `${r.run.id} (${r.kind}) after ${r.takeoverMs} ms`);
    expect(late).toEqual([]);
  });

  it('records each takeover in the timeline, by the survivor', () => {
    for (const r of outcome.runs) {
      expect({ run: r.run.id, by: r.takenOverBy }).toEqual({ run: r.run.id, by: expect.stringContaining(`:${outcome.survivorPid}:`) });
      expect(r.afterKill[0]).toMatch(new RegExp(`^run ${r.run.id} taken over by .+: the lease of .+ expired`));
    }
  });

  it('flags the interrupted non-idempotent requests needs_attention without repeating them or running the next step', () => {
    const http = outcome.runs.filter((r) => r.kind === 'http');
    expect(http.map((r) => r.run.status)).toEqual(Array<string>(PER_KIND).fill('needs_attention'));
    expect(outcome.slow.count()).toBe(PER_KIND);
    expect(new Set(outcome.slow.requests.map((q) => q.path)).size).toBe(PER_KIND);
    expect(outcome.fast.requests.filter((q) => q.path.startsWith('/done/'))).toEqual([]);
  });

  it('retries the interrupted idempotent waits, never repeats the completed step, runs the last step once', () => {
    const wait = outcome.runs.filter((r) => r.kind === 'wait');
    expect(wait.map((r) => r.run.status)).toEqual(Array<string>(PER_KIND).fill('succeeded'));
    const paths = outcome.fast.requests.map((q) => q.path).filter((p) => !p.startsWith('/done/'));
    const expected = Array.from({ length: PER_KIND }, (_, i) => [`/first/Tn${i}`, `/last/Tn${i}`]).flat();
    expect(paths.sort()).toEqual(expected.sort());
    for (const r of wait) expect(r.afterKill).toEqual(expect.arrayContaining(['step settle was interrupted; retrying it (idempotent)']));
  });
});
