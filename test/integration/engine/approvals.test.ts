import { createManualClock } from '../../../src/core/clock';
import { MendbotError } from '../../../src/core/errors';
import { expireApprovals } from '../../../src/runs/expire-approvals';
import { buildAlert } from '../../helpers/build-delivery';
import { startCountingTarget } from '../../helpers/start-counting-target';
import { startEngine, type Engine } from '../../helpers/start-engine';

type Target = Awaited<ReturnType<typeof startCountingTarget>>;

const playbook = (target: string, extra = '') => `
name: rollback
mode: approval
approvers: ["U024BE7LH", "@sre-oncall"]
match: ['alertname="HighErrorRate"']
${extra}
steps:
  - id: rollback
    action: http
    with: { method: POST, url: "${target}/rollback" }
on_failure:
  - action: http
    with: { method: POST, url: "${target}/escalate" }
`;

const alert = () => buildAlert({ name: 'HighErrorRate' });

describe('approval gate', () => {
  let target: Target;
  let engine: Engine;
  beforeEach(async () => {
    target = await startCountingTarget();
  });
  afterEach(async () => {
    await engine.close();
    await target.close();
  });

  const waiting = async () => {
    await engine.deliver([alert()]);
    const [run] = await engine.settle(['waiting_approval']);
    return run!;
  };

  it('waits for approval and executes nothing before it', async () => {
    engine = await startEngine({ playbooks: [playbook(target.url)] });
    const run = await waiting();
    expect(run.approval).toMatchObject({ approvers: ['U024BE7LH', '@sre-oncall'] });
    expect(run.reason).toMatch(/waiting for approval by U024BE7LH, @sre-oncall/);
    expect(target.count()).toBe(0);
  });

  it('runs the steps once an approver approves, recording who', async () => {
    engine = await startEngine({ playbooks: [playbook(target.url)] });
    const run = await waiting();
    await engine.runs.decide(run.id, 'approved', 'U024BE7LH');
    const [done] = await engine.settle();
    expect(done).toMatchObject({ status: 'succeeded', approval: { decision: 'approved', by: 'U024BE7LH' } });
    expect(target.count('/rollback')).toBe(1);
  });

  it('refuses a non-approver and changes nothing', async () => {
    engine = await startEngine({ playbooks: [playbook(target.url)] });
    const run = await waiting();
    await expect(engine.runs.decide(run.id, 'approved', 'U999MALLORY')).rejects.toMatchObject({ code: 'NOT_AN_APPROVER' });
    expect((await engine.store.getRun(run.id))!.status).toBe('waiting_approval');
    expect(target.count()).toBe(0);
  });

  it('takes exactly one decision from a double click or two approvers at once', async () => {
    engine = await startEngine({ playbooks: [playbook(target.url)] });
    const run = await waiting();
    const results = await Promise.allSettled([
      engine.runs.decide(run.id, 'approved', 'U024BE7LH'),
      engine.runs.decide(run.id, 'approved', 'U024BE7LH'),
      engine.runs.decide(run.id, 'rejected', '@sre-oncall'),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.map((r) => (r.reason as MendbotError).code)).toEqual(['RUN_NOT_WAITING', 'RUN_NOT_WAITING']);
    await engine.settle();
    expect(target.count('/rollback')).toBeLessThanOrEqual(1);
  });

  it('cancels the run on reject', async () => {
    engine = await startEngine({ playbooks: [playbook(target.url)] });
    const run = await waiting();
    await engine.runs.decide(run.id, 'rejected', 'U024BE7LH');
    const [done] = await engine.settle();
    expect(done).toMatchObject({ status: 'cancelled', reason: 'rejected by U024BE7LH' });
    expect(target.count()).toBe(0);
    const metrics = await engine.metrics.registry.metrics();
    expect(metrics).toMatch(/mendbot_approvals_total\{playbook="rollback",decision="rejected"\} 1/);
    expect(metrics).toMatch(/mendbot_runs_total\{playbook="rollback",outcome="cancelled"\} 1/);
  });

  it('cancels a pending approval when the alert resolves', async () => {
    engine = await startEngine({ playbooks: [playbook(target.url)] });
    const run = await waiting();
    await engine.deliver([buildAlert({ name: 'HighErrorRate', status: 'resolved' })]);
    const done = await engine.store.getRun(run.id);
    expect(done).toMatchObject({ status: 'cancelled', reason: expect.stringMatching(/resolved/) });
    await expect(engine.runs.decide(run.id, 'approved', 'U024BE7LH')).rejects.toMatchObject({ code: 'RUN_NOT_WAITING' });
    expect(target.count()).toBe(0);
  });

  it('survives a restart: a new executor on the same store still waits, then runs on approval', async () => {
    engine = await startEngine({ playbooks: [playbook(target.url)] });
    const run = await waiting();
    await engine.restartExecutor();
    await new Promise((r) => setTimeout(r, 200));
    expect((await engine.store.getRun(run.id))!.status).toBe('waiting_approval');
    await engine.runs.decide(run.id, 'approved', 'U024BE7LH');
    const [done] = await engine.settle();
    expect(done!.status).toBe('succeeded');
    expect(target.count('/rollback')).toBe(1);
  });

  describe('expiry', () => {
    it('rejects an expired approval by default', async () => {
      const clock = createManualClock('2026-03-14T09:40:00.000Z');
      engine = await startEngine({ playbooks: [playbook(target.url, 'approval: { expires: 10m }')], clock });
      const run = await waiting();
      clock.advance(9 * 60_000);
      expect(await expireApprovals({ store: engine.store, clock, log: silentLog, wake: () => engine.executor.wake() })).toBe(0);
      clock.advance(2 * 60_000);
      expect(await expireApprovals({ store: engine.store, clock, log: silentLog, wake: () => engine.executor.wake() })).toBe(1);
      expect(await engine.store.getRun(run.id)).toMatchObject({ status: 'cancelled', reason: 'approval expired' });
      expect(target.count()).toBe(0);
    });

    it('escalates through on_failure when the playbook says so', async () => {
      const clock = createManualClock('2026-03-14T09:40:00.000Z');
      engine = await startEngine({ playbooks: [playbook(target.url, 'approval: { expires: 10m, on_expiry: escalate }')], clock });
      await waiting();
      clock.advance(11 * 60_000);
      await expireApprovals({ store: engine.store, clock, log: silentLog, wake: () => engine.executor.wake() });
      const [done] = await engine.settle();
      expect(done!.status).toBe('failed');
      expect(target.requests.map((r) => r.path)).toEqual(['/escalate']);
    });
  });
});

const silentLog = { info: () => undefined } as unknown as import('../../../src/telemetry/create-logger').Logger;
