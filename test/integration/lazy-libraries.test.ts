import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const repoRoot = path.resolve(__dirname, '..', '..');

/**
 * Starts the real server (settings, the playbooks' YAML parsed on its thread, startServer) in a child process
 * from source, then reports which of the lazily loaded libraries its main thread had loaded by then.
 */
type Loaded = { yaml: boolean; cockatiel: boolean; alertmanagerApi: boolean };

async function librariesLoadedAtStart(playbook: string, extraEnv: Record<string, string> = {}): Promise<Loaded> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-lazy-'));
  fs.mkdirSync(path.join(dir, 'playbooks'));
  fs.writeFileSync(path.join(dir, 'playbooks', 'restart.yaml'), playbook);
  const script = `
    const { loadStartupSettings } = require('./src/wiring/load-startup-settings');
    const { preparsePlaybookYaml } = require('./src/playbooks/preparse-playbook-yaml');
    const { startServer } = require('./src/main');
    (async () => {
      const settings = await loadStartupSettings(process.env);
      const server = await startServer(settings, preparsePlaybookYaml(settings.config.playbooksDir));
      const loaded = Object.keys(require.cache);
      const has = (part) => loaded.some((f) => f.includes(part));
      await server.shutdown('test');
      process.stdout.write(JSON.stringify({
        yaml: has('/node_modules/yaml/'),
        cockatiel: has('/node_modules/cockatiel/'),
        alertmanagerApi: has('/integrations/alertmanager-api/create-alertmanager-api.'),
      }));
      process.exit(0);
    })();
  `;
  try {
    const env = {
      PATH: process.env.PATH,
      PORT: '0',
      MENDBOT_HOST: '127.0.0.1',
      MENDBOT_DATA_DIR: path.join(dir, 'data'),
      PLAYBOOKS_DIR: path.join(dir, 'playbooks'),
      POSTMORTEM_DIR: path.join(dir, 'postmortems'),
      LOG_LEVEL: 'silent',
      ...extraEnv,
    };
    const { stdout } = await promisify(execFile)(process.execPath, ['-r', '@swc-node/register', '-e', script], { cwd: repoRoot, env, timeout: 60_000 });
    return JSON.parse(stdout) as Loaded;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const valid = `name: restart
match: ['alertname="Down"']
mode: dry-run
steps:
  - id: settle
    action: wait
    with: { duration: 1s }
`;

describe('libraries loaded on first use (start-up, target 7 of the performance issue)', () => {
  it('a server whose playbooks all load, without ALERTMANAGER_URL, loads neither yaml, cockatiel nor the Alertmanager API client to start', async () => {
    await expect(librariesLoadedAtStart(valid)).resolves.toEqual({ yaml: false, cockatiel: false, alertmanagerApi: false });
  }, 90_000);

  it('loads the Alertmanager API client (and its retry policy) when ALERTMANAGER_URL is set', async () => {
    // A closed loopback port: the client is built at start-up; reaching it is not needed for that.
    await expect(librariesLoadedAtStart(valid, { ALERTMANAGER_URL: 'http://127.0.0.1:9', ALERTMANAGER_RECONCILE_INTERVAL: '0' })).resolves.toEqual({ yaml: false, cockatiel: true, alertmanagerApi: true });
  }, 90_000);

  it('loads yaml when a playbook is refused, to say where (so the first check can see a library loaded)', async () => {
    const refused = valid.replace('action: wait', 'action: no_such_action');
    await expect(librariesLoadedAtStart(refused)).resolves.toEqual({ yaml: true, cockatiel: false, alertmanagerApi: false });
  }, 90_000);
});
