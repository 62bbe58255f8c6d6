import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startCountingTarget } from '../../helpers/start-counting-target';
import { startTestApp, type TestApp } from '../../helpers/start-test-app';
import { waitFor } from '../../helpers/wait-for';
import { amBody } from './am-body';

/** Two playbooks as they were when the history was made: no budget, no cooldown, a lock per service. */
export const rollbackYaml = (url: string, extra = '') => `
name: rollback
mode: auto
match: ['alertname="HighErrorRate"']
params:
  service: { from: labels.service, pattern: "^[a-z0-9-]+$" }
lock: "{{ params.service }}"
${extra}
steps:
  - id: rollback
    action: http
    with: { method: POST, url: "${url}/rollback/{{ params.service }}" }
`;

export const diskYaml = (url: string) => `
name: clean-disk
mode: auto
per: alert
match: ['alertname="DiskFull"']
steps:
  - id: clean
    action: http
    with: { method: POST, url: "${url}/clean" }
`;

export interface History {
  app: TestApp;
  target: Awaited<ReturnType<typeof startCountingTarget>>;
  /** A directory holding the playbooks' files as they are now (tests rewrite them). */
  playbooksDir: string;
  writePlaybooks(files: Record<string, string>): void;
  close(): Promise<void>;
}

/**
 * A store filled by the real webhook path: the app on an ephemeral port, Alertmanager bodies POSTed to
 * /webhooks/alertmanager, the real planner and executor running the playbooks against a counting target.
 * Six HighErrorRate groups (one service each), a resend of the first (a duplicate), two DiskFull groups (one
 * with two alerts) and a resolution of one error group: rollback ran 6 times, clean-disk 3 times (fewer
 * rollbacks when `rollbackExtra` gives it limits: `sideEffects` is how many requests the target then gets).
 */
export async function makeHistory(options: { rollbackExtra?: string; sideEffects: number } = { sideEffects: 9 }): Promise<History> {
  const target = await startCountingTarget();
  const app = await startTestApp({ playbooks: [rollbackYaml(target.url, options.rollbackExtra), diskYaml(target.url)] });
  const playbooksDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-backtest-pb-'));
  const writePlaybooks = (files: Record<string, string>) => {
    for (const f of fs.readdirSync(playbooksDir)) fs.rmSync(path.join(playbooksDir, f));
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(playbooksDir, name), text);
  };
  writePlaybooks({ 'rollback.yaml': rollbackYaml(target.url), 'clean-disk.yaml': diskYaml(target.url) });
  const post = async (body: string) => {
    const res = await fetch(`${app.url}/webhooks/alertmanager`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    if (res.status !== 200) throw new Error(`webhook answered ${res.status}: ${await res.text()}`);
  };
  const services = ['checkout', 'cart', 'search', 'payments', 'login', 'profile'];
  for (const [i, service] of services.entries()) await post(amBody(`err-${i}`, 'HighErrorRate', [service]));
  await post(amBody('err-0', 'HighErrorRate', ['checkout'])); // Alertmanager's resend: a duplicate
  await post(amBody('disk-0', 'DiskFull', ['db-0', 'db-1']));
  await post(amBody('disk-1', 'DiskFull', ['db-2']));
  await waitFor(() => target.count() === options.sideEffects, { timeoutMs: 15_000 });
  await post(amBody('err-5', 'HighErrorRate', ['profile'], 'resolved'));
  const allFinal = async () => {
    const runs = await app.store.listRuns({ limit: 100 });
    return runs.length === 9 && runs.every((r) => r.status === 'succeeded' || r.status === 'cancelled');
  };
  await waitFor(allFinal, { timeoutMs: 15_000 });
  return {
    app,
    target,
    playbooksDir,
    writePlaybooks,
    async close() {
      await app.close();
      await target.close();
      fs.rmSync(playbooksDir, { recursive: true, force: true });
    },
  };
}
