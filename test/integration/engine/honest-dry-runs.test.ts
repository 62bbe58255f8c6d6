import fs from 'node:fs';
import path from 'node:path';
import { createPrometheusCheckAction } from '../../../integrations/prometheus/create-prometheus-check-action';
import { systemClock } from '../../../src/core/clock';
import { buildPostmortem } from '../../../src/postmortems/build-postmortem';
import { buildAlert } from '../../helpers/build-delivery';
import { startHarness, type Harness } from './still-firing-harness';

const example = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'playbooks', 'clean-disk-dry-run.yaml'), 'utf8');
const volumeAlert = () =>
  buildAlert({
    name: 'KubePersistentVolumeFillingUp',
    labels: { alertname: 'KubePersistentVolumeFillingUp', severity: 'warning', persistentvolumeclaim: 'data-postgres-0', instance: 'node-1' },
  });
const prometheus = () => createPrometheusCheckAction({ baseUrl: 'http://127.0.0.1:9', clock: systemClock });

describe('honest dry runs: the shipped clean-disk-dry-run example through the engine', () => {
  let h: Harness;
  afterEach(async () => h.close());

  it('ends dry_run, saying what would have run and what would have stopped it; no failure, no postmortem', async () => {
    h = await startHarness({ playbooks: [example], actions: [prometheus()] });
    await h.deliver([volumeAlert()]);
    const [run] = await h.settle();
    const refusal = 'invalid input for exec at with.argv.0: /usr/local/bin/cleanup-logs is not in exec.allowlist (absolute paths, exact match)';
    expect(run!.status).toBe('dry_run');
    expect(run!.reason).toBe(`dry run, nothing executed; it would not have completed; would have run verify (prometheus.check); cleanup (exec) would fail: ${refusal}`);
    expect(run!.steps).toEqual([
      expect.objectContaining({ id: 'cleanup', status: 'dry_run', attempts: 0, error: `would fail: ${refusal}`, input: { argv: ['/usr/local/bin/cleanup-logs', '--pvc', 'data-postgres-0'] } }),
      expect.objectContaining({ id: 'verify', status: 'dry_run', attempts: 0 }),
    ]); // no on_failure step: nothing failed
    expect(await h.store.getPostmortem(run!.incidentId)).toBeNull();
    const messages = (await h.timeline(run!.incidentId)).map((e) => e.message);
    expect(messages).toContain(`step cleanup (exec) dry-run: would fail: ${refusal}`);
    expect(messages.some((m) => /remediation failed/.test(m))).toBe(false);
  });

  it('with the program allowlisted, every step renders', async () => {
    h = await startHarness({ playbooks: [example], actions: [prometheus()], execAllowlist: ['/usr/local/bin/cleanup-logs'] });
    await h.deliver([volumeAlert()]);
    const [run] = await h.settle();
    expect(run).toMatchObject({ status: 'dry_run', reason: 'every step rendered, none executed' });
    expect(run!.steps.map((s) => s.error)).toEqual([undefined, undefined]);
  });

  it("the incident's postmortem lists what would have run, not a failed remediation", async () => {
    h = await startHarness({ playbooks: [example], actions: [prometheus()] });
    await h.deliver([volumeAlert()]);
    const [run] = await h.settle();
    const detail = (await h.store.getIncident(run!.incidentId))!;
    const { body } = buildPostmortem({ detail, runs: await h.store.listRuns({ incidentId: run!.incidentId, limit: 10 }), reason: 'incident resolved' });
    expect(body).toContain('### clean-disk-dry-run — dry run, nothing executed');
    expect(body).toContain('Would have run:');
    expect(body).toContain('- `cleanup` (exec) with `{"argv":["/usr/local/bin/cleanup-logs","--pvc","data-postgres-0"]}` — would fail: invalid input for exec');
    expect(body).toMatch(/- `verify` \(prometheus\.check\) with `\{"query":/);
    expect(body).not.toMatch(/Review run/);
    expect(body).toContain('Decide whether to promote clean-disk-dry-run out of dry-run');
  });
});
