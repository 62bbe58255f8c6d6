/**
 * A process whose event loop stalls (SIGSTOP: nothing runs, not even its lease renewals) while another serves
 * the same SQLite store. A stall shorter than the renewal margin costs nothing: the runs stay where they are.
 * A stall longer than the lease hands the runs to the other process within 5 s, like a death; when the
 * frozen process thaws it must start no further step of them: its renewals and checkpoints are refused
 * (LeaseLostError), so every side effect still happens at most once.
 * The scenario is described in takeover-scenario.ts. Needs `npm run build`.
 */
import { measureTakeover, type TakeoverOutcome } from './takeover-scenario';

jest.setTimeout(120_000);

const PER_KIND = 4;
const paths = (o: TakeoverOutcome, prefix: string) => o.fast.requests.map((q) => q.path).filter((p) => p.startsWith(prefix)).sort();
const each = (prefix: string, tag: string) => Array.from({ length: PER_KIND }, (_, i) => `${prefix}${tag}n${i}`).sort();

describe('a process frozen while it executes runs, another serving the same SQLite store', () => {
  describe('for less than its lease renewal margin (1.2 s of a 3 s lease renewed every 1 s)', () => {
    let outcome: TakeoverOutcome;
    beforeAll(async () => {
      outcome = await measureTakeover({ perKind: PER_KIND, tag: 'S', disrupt: { freezeMs: 1_200 }, pokeMs: 4_000 });
    });
    afterAll(async () => {
      await Promise.all([outcome?.slow.close(), outcome?.fast.close()]);
    });

    it('keeps every run: no takeover, nothing interrupted, every run completed by its owner', () => {
      expect(outcome.runs.map((r) => r.run.status)).toEqual(Array<string>(PER_KIND * 2).fill('succeeded'));
      expect(outcome.runs.flatMap((r) => r.afterKill).filter((m) => /taken over|interrupted/.test(m))).toEqual([]);
      expect(outcome.runs.every((r) => r.takenOverBy === undefined)).toBe(true);
      expect(outcome.ownerLogs.filter((l) => l.includes('lease lost'))).toEqual([]);
    });

    it('runs every step once', () => {
      expect(outcome.slow.count()).toBe(PER_KIND);
      expect(paths(outcome, '/done/')).toEqual(each('/done/', 'S'));
      expect(paths(outcome, '/first/')).toEqual(each('/first/', 'S'));
      expect(paths(outcome, '/last/')).toEqual(each('/last/', 'S'));
    });
  });

  describe('for longer than its lease (5 s)', () => {
    let outcome: TakeoverOutcome;
    beforeAll(async () => {
      outcome = await measureTakeover({ perKind: PER_KIND, tag: 'L', disrupt: { freezeMs: 5_000 } });
    });
    afterAll(async () => {
      await Promise.all([outcome?.slow.close(), outcome?.fast.close()]);
    });

    it('has the other process take every run over within 5 s of the freeze', () => {
      const late = outcome.runs.filter((r) => !(r.takeoverMs <= 5_000)).map((r) => `${r.run.id} (${r.kind}) after ${r.takeoverMs} ms`);
      expect(late).toEqual([]);
      for (const r of outcome.runs) expect(r.takenOverBy).toContain(`:${outcome.survivorPid}:`);
    });

    it('never repeats an interrupted non-idempotent request, and the thawed owner starts no next step', () => {
      expect(outcome.runs.filter((r) => r.kind === 'http').map((r) => r.run.status)).toEqual(Array<string>(PER_KIND).fill('needs_attention'));
      expect(outcome.slow.count()).toBe(PER_KIND);
      expect(paths(outcome, '/done/')).toEqual([]);
    });

    it('runs each later step once, on the new owner, and never repeats a completed one', () => {
      expect(outcome.runs.filter((r) => r.kind === 'wait').map((r) => r.run.status)).toEqual(Array<string>(PER_KIND).fill('succeeded'));
      expect(paths(outcome, '/first/')).toEqual(each('/first/', 'L'));
      expect(paths(outcome, '/last/')).toEqual(each('/last/', 'L'));
    });

    it('has the thawed owner notice, for each of its runs, that it lost the lease', () => {
      const lost = outcome.ownerLogs.filter((l) => l.includes('lease lost')).map((l) => (JSON.parse(l) as { runId: string }).runId);
      expect(new Set(lost)).toEqual(new Set(outcome.runs.map((r) => r.run.id)));
    });
  });
});
