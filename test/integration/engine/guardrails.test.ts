import { buildAlert } from '../../helpers/build-delivery';
import { startCountingTarget } from '../../helpers/start-counting-target';
import { startEngine, type Engine } from '../../helpers/start-engine';

type Target = Awaited<ReturnType<typeof startCountingTarget>>;

describe('guardrails', () => {
  let target: Target;
  let engine: Engine;
  afterEach(async () => {
    await engine.close();
    await target.close();
  });

  describe('a 50-alert storm against a locked playbook with maxRunsPerHour 3', () => {
    it('executes exactly 3 runs, one at a time, and cancels the rest with the reason', async () => {
      target = await startCountingTarget({ delayMs: 30 });
      engine = await startEngine({
        playbooks: [`
name: restart-pod
mode: auto
per: alert
match: ['alertname="KubePodCrashLooping"']
lock: "{{ labels.namespace }}"
limits: { maxRunsPerHour: 3 }
steps:
  - id: restart
    action: http
    with: { method: POST, url: "${target.url}/restart/{{ labels.pod }}" }
`],
      });
      const storm = Array.from({ length: 50 }, (_, i) =>
        buildAlert({ name: 'KubePodCrashLooping', fingerprint: `fp${i}`, labels: { alertname: 'KubePodCrashLooping', namespace: 'prod', pod: `api-${i}` } }),
      );
      await engine.deliver(storm);
      const runs = await engine.settle(undefined, 20_000);
      expect(runs).toHaveLength(50);
      expect(runs.filter((r) => r.status === 'succeeded')).toHaveLength(3);
      const cancelled = runs.filter((r) => r.status === 'cancelled');
      expect(cancelled).toHaveLength(47);
      expect(cancelled[0]!.reason).toMatch(/budget: 3 runs of restart-pod started in the last hour \(maxRunsPerHour 3\)/);
      expect(target.count()).toBe(3);
      expect(target.maxInFlight()).toBe(1);
      const metrics = await engine.metrics.registry.metrics();
      expect(metrics).toMatch(/mendbot_guardrail_hits_total\{guardrail="budget",outcome="cancel"\} 47/);
      expect(metrics).toMatch(/mendbot_guardrail_hits_total\{guardrail="locked",outcome="defer"\}/);
    });
  });

  describe('kill switch and pause', () => {
    const pb = (url: string) => `
name: poke
mode: auto
match: ['alertname="DiskFull"']
steps:
  - id: poke
    action: http
    with: { method: POST, url: "${url}/poke" }
`;

    it('holds runs while the kill switch is on and runs them after resume', async () => {
      target = await startCountingTarget();
      engine = await startEngine({ playbooks: [pb(target.url)] });
      await engine.runs.pause(undefined, 'U1', 'maintenance');
      await engine.deliver([buildAlert()]);
      await new Promise((r) => setTimeout(r, 300));
      const [held] = await engine.allRuns();
      expect(held).toMatchObject({ status: 'pending', reason: 'kill switch on (U1: maintenance)' });
      expect(target.count()).toBe(0);
      await engine.runs.resume(undefined);
      const [done] = await engine.settle();
      expect(done!.status).toBe('succeeded');
      expect(target.count()).toBe(1);
    });

    it('pauses one playbook without touching others', async () => {
      target = await startCountingTarget();
      engine = await startEngine({ playbooks: [pb(target.url), pb(target.url).replace('name: poke', 'name: poke-two').replace('/poke"', '/poke2"')] });
      await engine.runs.pause('poke', 'U1', 'flaky');
      await engine.deliver([buildAlert()]);
      await engine.settle(['succeeded', 'pending']);
      await new Promise((r) => setTimeout(r, 200));
      expect(target.count('/poke')).toBe(0);
      expect(target.count('/poke2')).toBe(1);
    });
  });

  describe('consecutive-failure breaker', () => {
    it('pauses a playbook after N failed runs in a row and says why', async () => {
      target = await startCountingTarget({ statuses: { '/fail': [404] } });
      engine = await startEngine({
        playbooks: [`
name: always-fails
mode: auto
per: alert
match: ['alertname="DiskFull"']
breaker: { consecutive_failures: 2 }
steps:
  - id: fail
    action: http
    with: { method: POST, url: "${target.url}/fail" }
`],
      });
      for (let i = 0; i < 2; i++) {
        await engine.deliver([buildAlert({ fingerprint: `f${i}` })]);
        await engine.settle();
      }
      const controls = await engine.store.getControls();
      expect(controls.paused['always-fails']).toMatchObject({ by: 'mendbot', reason: expect.stringMatching(/consecutive-failure breaker: 2 failed runs in a row/) });
      await engine.deliver([buildAlert({ fingerprint: 'f3' })]);
      await new Promise((r) => setTimeout(r, 200));
      expect(target.count('/fail')).toBe(2);
    });
  });

  describe('cooldown', () => {
    it('cancels a second run for the same correlation ID within the cooldown', async () => {
      target = await startCountingTarget();
      engine = await startEngine({
        playbooks: [`
name: cool
mode: auto
per: alert
match: ['alertname="DiskFull"']
limits: { cooldown: 15m }
steps:
  - id: poke
    action: http
    with: { method: POST, url: "${target.url}/poke" }
`],
      });
      await engine.deliver([buildAlert({ fingerprint: 'a' })]);
      await engine.settle();
      await engine.deliver([buildAlert({ fingerprint: 'b' })]);
      const runs = await engine.settle();
      expect(runs.map((r) => r.status)).toEqual(['succeeded', 'cancelled']);
      expect(runs[1]!.reason).toMatch(/^cooldown: cool last ran for group-1/);
      expect(target.count()).toBe(1);
    });
  });
});
