/**
 * The Dockerfile is not built in CI (no Docker engine on the CI machines), so these are static checks of its
 * text: what the image runs, as whom, and that its defaults cannot start an unauthenticated network service.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cliCommands } from '../../../src/cli/cli-commands';
import { ConfigError } from '../../../src/config/config-error';
import { loadConfig } from '../../../src/config/load-config';
import { servedNodeFlags } from '../../helpers/served-node-flags';
import { deploymentPaths } from './deployment-paths';
import { loadK8sManifests } from './load-k8s-manifests';
import { parseDockerfile, runtimeEnv } from './parse-dockerfile';

const instructions = parseDockerfile(fs.readFileSync(deploymentPaths.dockerfile, 'utf8'));
const runtime = instructions.slice(instructions.map((i) => i.keyword).lastIndexOf('FROM'));
const last = (keyword: string) => runtime.filter((i) => i.keyword === keyword).at(-1);
const env = runtimeEnv(instructions);

describe('Dockerfile (static checks: no Docker engine here)', () => {
  it('is the CLI: ENTRYPOINT node dist/src/cli.js, CMD serve, so `docker run … mendbot validate /playbooks` works', () => {
    expect(JSON.parse(last('ENTRYPOINT')?.args ?? 'null')).toEqual(['node', ...servedNodeFlags, 'dist/src/cli.js']);
    expect(JSON.parse(last('CMD')?.args ?? 'null')).toEqual(['serve']);
    expect(cliCommands.map((c) => c.name)).toEqual(expect.arrayContaining(['serve', 'validate', 'test', 'backtest']));
  });

  it('runs as the unprivileged node user (uid 1000, as the manifests require), set after every RUN', () => {
    const userIndex = runtime.findIndex((i) => i.keyword === 'USER');
    expect(runtime[userIndex]?.args).toBe('node');
    expect(runtime.slice(userIndex + 1).some((i) => i.keyword === 'RUN' || i.keyword === 'USER')).toBe(false);
    expect(runtime.filter((i) => i.keyword === 'USER').map((i) => i.args)).toEqual(['node']);
  });

  it('writes only to /data (the volume), so a read-only root filesystem works', () => {
    expect(env.MENDBOT_DATA_DIR).toBe('/data');
    expect(env.POSTMORTEM_DIR?.startsWith('/data/')).toBe(true);
    expect(last('VOLUME')?.args).toBe('["/data"]');
  });

  it('listens on all interfaces, and its defaults alone fail fast (exit 78) instead of serving without credentials', () => {
    expect(env.MENDBOT_HOST).toBe('0.0.0.0');
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([expect.stringMatching(/^MENDBOT_HOST: "0.0.0.0" accepts connections from other machines, but an API token .* and a webhook credential .* are not set/)]);
  });

  it('starts with the credentials the Kubernetes manifests configure (ConfigMap + Secret over the image defaults)', () => {
    const { mendbotConfig, exampleSecret, container } = loadK8sManifests();
    const podEnv: Record<string, string> = { ...env, ...mendbotConfig };
    for (const e of container.env ?? []) if (e.value !== undefined) podEnv[e.name] = e.value;
    for (const [key, value] of Object.entries(exampleSecret.stringData)) podEnv[key] = value;
    // The pod mounts the playbook-secrets volume at MENDBOT_SECRETS_DIR; here a temp dir stands in.
    podEnv.MENDBOT_SECRETS_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-k8s-secrets-'));
    const config = loadConfig(podEnv);
    expect(config.host).toBe('0.0.0.0');
    expect(config.apiTokens.map((t) => [t.name, t.role])).toEqual([['default', 'admin']]);
    expect(config.alertmanager.token).toBeDefined();
  });
});
