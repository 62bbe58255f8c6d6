import type { TimelineEvent } from '../../../src/core/incidents/incident';
import type { Run } from '../../../src/core/runs/run';
import { buildAlert } from '../../helpers/build-delivery';
import { startCountingTarget } from '../../helpers/start-counting-target';
import { startEngine, type Engine } from '../../helpers/start-engine';
import { waitFor } from '../../helpers/wait-for';

type Target = Awaited<ReturnType<typeof startCountingTarget>>;

/**
 * Every way a matching playbook can end up not acting, end to end (real planner, SQLite store, executor):
 * each must leave a timeline entry saying which playbook and why. A run's entries carry its id, and its
 * first entry names its playbook, so "which playbook" is the run's story read from the timeline alone.
 */
describe('a matching playbook that does not run says which and why in the timeline', () => {
  let target: Target;
  let engine: Engine;
  beforeEach(async () => {
    target = await startCountingTarget({ statuses: { '/fail': [500] } });
  });
  afterEach(async () => {
    await engine.close();
    await target.close();
  });

  const playbook = (name: string, extra = '', path = '/poke') => `
name: ${name}
mode: auto
match: ['alertname="DiskFull"']
${extra}
steps:
  - id: poke
    action: http
    with: { method: POST, url: "${target.url}${path}" }
`;
  const timeline = async (incidentId: string) => (await engine.store.getIncident(incidentId))!.timeline;
  /** The messages of the entries about one run, in order. */
  const story = async (run: Run) => (await timeline(run.incidentId)).filter((e) => e.data.runId === run.id).map((e) => e.message);
  const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

  describe('once per incident', () => {
    const fireResolveRefire = async () => {
      await engine.deliver([buildAlert()]);
      await engine.settle();
      await engine.deliver([buildAlert({ status: 'resolved' })]);
      await engine.deliver([buildAlert({ startsAt: at(0) })]);
    };

    it('after a reopen, the playbook that already ran says it did not run again, naming the run that did', async () => {
      engine = await startEngine({ playbooks: [playbook('poke-once')] });
      await fireResolveRefire();
      const runs = await engine.allRuns();
      expect(runs).toHaveLength(1);
      const entries = await timeline(runs[0]!.incidentId);
      expect(entries.map((e) => e.type)).toContain('incident_reopened');
      expect(entries.filter((e) => e.type === 'playbook_matched').map((e) => e.message)).toEqual([
        expect.stringMatching(
          new RegExp(`^playbook poke-once matched am:fp-DiskFull@\\S+ but did not run again: run ${runs[0]!.id} \\(succeeded\\) already holds its scope, it runs once per incident \\(with rerun_on_reopen: true`),
        ),
      ]);
      expect(target.count('/poke')).toBe(1);
    });

    it('with rerun_on_reopen, runs again for the reopened incident', async () => {
      engine = await startEngine({ playbooks: [playbook('poke-again', 'rerun_on_reopen: true')] });
      await fireResolveRefire();
      const runs = await engine.settle();
      expect(runs.map((r) => [r.scopeKey, r.status])).toEqual([
        ['incident', 'succeeded'],
        ['incident#reopen-1', 'succeeded'],
      ]);
      expect(target.count('/poke')).toBe(2);
      expect((await timeline(runs[0]!.incidentId)).filter((e) => e.type === 'playbook_matched')).toEqual([]);
    });
  });

  describe('guardrails at claim time', () => {
    it('budget: the cancelled run says why', async () => {
      engine = await startEngine({ playbooks: [playbook('budgeted', 'per: alert\nlimits: { maxRunsPerHour: 1 }')] });
      await engine.deliver([buildAlert({ fingerprint: 'a' })]);
      await engine.settle();
      await engine.deliver([buildAlert({ fingerprint: 'b' })]);
      const [, refused] = await engine.settle();
      expect(await story(refused!)).toEqual([
        expect.stringMatching(/^playbook budgeted matched: run run_\w+ created/),
        expect.stringMatching(/\(budgeted\) cancelled: budget: 1 runs of budgeted started in the last hour \(maxRunsPerHour 1\)$/),
      ]);
    });

    it('cooldown: the cancelled run says why', async () => {
      engine = await startEngine({ playbooks: [playbook('cool', 'per: alert\nlimits: { cooldown: 15m }')] });
      await engine.deliver([buildAlert({ fingerprint: 'a' })]);
      await engine.settle();
      await engine.deliver([buildAlert({ fingerprint: 'b' })]);
      const [, refused] = await engine.settle();
      expect(await story(refused!)).toEqual([expect.stringMatching(/^playbook cool matched/), expect.stringMatching(/cancelled: cooldown: cool last ran for group-1 at /)]);
    });

    it('lock with lock_policy skip: the cancelled run names the lock and its holder', async () => {
      engine = await startEngine({
        playbooks: [playbook('locked', 'per: alert\nlock: "{{ labels.namespace }}"\nlock_policy: skip').replace('steps:', 'steps:\n  - { id: hold, action: wait, with: { duration: 300ms } }')],
      });
      await engine.deliver([buildAlert({ fingerprint: 'a' })]);
      await waitFor(async () => (await engine.allRuns()).find((r) => r.status === 'running'), { description: 'the first run to hold the lock' });
      await engine.deliver([buildAlert({ fingerprint: 'b' })]);
      const runs = await engine.settle();
      const refused = runs.find((r) => r.status === 'cancelled')!;
      expect(await story(refused)).toEqual([expect.stringMatching(/^playbook locked matched/), expect.stringMatching(new RegExp(`cancelled: lock locked:prod held by ${runs[0]!.id}$`))]);
    });

    it('pause and kill switch: the held run says why, once per reason, and runs after resume', async () => {
      engine = await startEngine({ playbooks: [playbook('held')] });
      await engine.runs.pause('held', 'U1', 'flaky target');
      await engine.deliver([buildAlert()]);
      const [run] = await engine.allRuns();
      await waitFor(async () => ((await story(run!)).length >= 2 ? true : undefined), { description: 'the run to say it waits' });
      await engine.runs.pause(undefined, 'U2', 'maintenance');
      await waitFor(async () => ((await story(run!)).length >= 3 ? true : undefined), { description: 'the run to say it waits for the kill switch' });
      await new Promise((r) => setTimeout(r, 150)); // several more claims: no new entry for the same reason
      expect(await story(run!)).toEqual([
        expect.stringMatching(/^playbook held matched/),
        `run ${run!.id} (held) waiting: playbook held paused (U1: flaky target)`,
        `run ${run!.id} (held) waiting: kill switch on (U2: maintenance)`,
      ]);
      await engine.runs.resume(undefined);
      await engine.runs.resume('held');
      expect((await engine.settle()).map((r) => r.status)).toEqual(['succeeded']);
    });

    it('breaker: the playbook paused by failures says so, and its next run waits naming that pause', async () => {
      engine = await startEngine({ playbooks: [playbook('flaky', 'per: alert\nbreaker: { consecutive_failures: 1 }', '/fail')] });
      await engine.deliver([buildAlert({ fingerprint: 'a' })]);
      const [failed] = await engine.settle();
      expect(failed!.status).toBe('failed');
      expect((await timeline(failed!.incidentId)).map((e) => e.message)).toContainEqual(expect.stringMatching(/^playbook flaky paused: consecutive-failure breaker/));
      await engine.deliver([buildAlert({ fingerprint: 'b' })]);
      const next = (await engine.allRuns()).find((r) => r.id !== failed!.id)!;
      await waitFor(async () => ((await story(next)).length >= 2 ? true : undefined), { description: 'the next run to say it waits' });
      expect((await story(next))[1]).toMatch(new RegExp(`^run ${next.id} \\(flaky\\) waiting: playbook flaky paused \\(mendbot: consecutive-failure breaker`));
    });

    it('its alert resolved before the run started: the cancelled run says why', async () => {
      engine = await startEngine({ playbooks: [playbook('late', 'per: alert')] });
      await engine.runs.pause(undefined, 'U1', 'hold everything');
      await engine.deliver([buildAlert()]);
      await engine.deliver([buildAlert({ status: 'resolved' })]);
      const [run] = await engine.allRuns();
      expect(run!.status).toBe('cancelled');
      expect((await story(run!)).at(-1)).toBe(`run ${run!.id} cancelled: alert ${buildAlert().key} resolved`);
    });

    it('a per-incident run outlives the alert that triggered it while another alert of the incident still fires', async () => {
      engine = await startEngine({ playbooks: [playbook('whole-incident')] });
      await engine.runs.pause(undefined, 'U1', 'hold everything');
      await engine.deliver([buildAlert(), buildAlert({ fingerprint: 'fp-DiskFull-db2' })]);
      await engine.deliver([buildAlert({ status: 'resolved' })]);
      const [run] = await engine.allRuns();
      expect(run!.status).toBe('pending');
      expect(await story(run!)).not.toContainEqual(expect.stringMatching(/cancelled/));
    });
  });

  it('mode dry-run: the run says so when it is created and when it ends', async () => {
    engine = await startEngine({ playbooks: [playbook('rehearsal').replace('mode: auto', 'mode: dry-run')] });
    await engine.deliver([buildAlert()]);
    const [run] = await engine.settle();
    const entries: string[] = await story(run!);
    expect(entries[0]).toMatch(/^playbook rehearsal matched: run run_\w+ created \(mode dry-run, trigger alert\)$/);
    expect(entries.at(-1)).toMatch(/dry.run/);
    expect(target.count()).toBe(0);
  });

  it('never leaves a refusal unsaid: every run not succeeded has an entry after its creation', async () => {
    engine = await startEngine({ playbooks: [playbook('storm', 'per: alert\nlimits: { maxRunsPerHour: 2 }')] });
    await engine.deliver(Array.from({ length: 6 }, (_, i) => buildAlert({ fingerprint: `f${i}` })));
    const runs = await engine.settle();
    const entries: TimelineEvent[] = await timeline(runs[0]!.incidentId);
    for (const run of runs.filter((r) => r.status === 'cancelled')) {
      expect(entries.filter((e) => e.data.runId === run.id).map((e) => e.message)).toEqual([expect.stringMatching(/^playbook storm matched/), expect.stringMatching(/cancelled: budget/)]);
    }
    expect(runs.filter((r) => r.status === 'cancelled')).toHaveLength(4);
  });
});
