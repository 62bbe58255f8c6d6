import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createAlertmanagerSource } from '../../../integrations/alertmanager/create-alertmanager-source';
import { createPagerDutySource } from '../../../integrations/pagerduty/create-pagerduty-source';
import { loadConfig } from '../../../src/config/load-config';
import { systemClock } from '../../../src/core/clock';
import type { PlaybookTestDeps } from '../../../src/playbook-tests/playbook-test-deps';
import { runPlaybookTestFile } from '../../../src/playbook-tests/run-playbook-test-file';
import { createSqliteStore } from '../../../src/store/sqlite/create-sqlite-store';
import { createLogger } from '../../../src/telemetry/create-logger';
import { createIntegrations } from '../../../src/wiring/create-integrations';

/** What the tests need: real stores in temp dirs, the real sources and the real actions (default config). */
function playbookTestDeps(): PlaybookTestDeps {
  const log = createLogger({ level: 'silent', stream: new Writable({ write: (_c, _e, done) => done() }) });
  const config = loadConfig({});
  return {
    async openStore() {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-pbt-'));
      const store = createSqliteStore({ dataDir, checkpointer: false });
      return {
        store,
        async close() {
          await store.close();
          fs.rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
    sources: [createAlertmanagerSource({}), createPagerDutySource({ webhookSecrets: [] })],
    execAllowlist: [],
    actions: (assume) =>
      createIntegrations({ config: { ...config, exec: { allowlist: assume.execAllowlist } }, kubernetes: undefined, chat: undefined, clock: systemClock, log }).actions,
  };
}

/** A temp dir holding the given files (name → text); removed by the returned cleanup. */
export function writeFiles(files: Record<string, string>): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-pbt-files-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Runs one test file (by name inside `dir`) with the real deps. */
export function runFile(dir: string, name: string) {
  return runPlaybookTestFile(playbookTestDeps(), path.join(dir, name));
}

/** A small auto playbook: restart (with a compensation), verify, on_failure notify; budget 2 per hour. */
export const restartPlaybook = `
name: restart-api
mode: auto
match: ['alertname="ApiDown"']
params:
  service: { from: labels.service, pattern: "^[a-z-]+$" }
limits: { maxRunsPerHour: 2 }
steps:
  - id: drain
    action: notify
    with: { text: "draining {{ params.service }}" }
    compensate:
      - id: undrain
        action: notify
        with: { text: "undraining {{ params.service }}" }
  - id: restart
    action: http
    with: { method: POST, url: "http://deployer.internal/restart/{{ params.service }}" }
    retry: { attempts: 3, initial: 10s }
    timeout: 5m
    compensate:
      - id: unrestart
        action: notify
        with: { text: "restart of {{ params.service }} returned {{ steps.restart.output.code }}" }
  - id: verify
    action: http
    when: 'labels.severity == "critical"'
    with: { method: GET, url: "http://checker.internal/{{ params.service }}?after={{ steps.restart.output.code }}" }
on_failure:
  - id: tell
    action: notify
    with: { text: "{{ params.service }} is still down" }
`;
