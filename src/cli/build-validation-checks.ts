import { Writable } from 'node:stream';
import { loadConfig } from '../config/load-config';
import { systemClock } from '../core/clock';
import { builtInActionNames } from '../engine/built-in-action-names';
import { secretSourceFromEnv } from '../engine/secrets/create-secret-source';
import type { PlaybookChecks } from '../playbooks/playbook-checks';
import { secretsMounted } from '../playbooks/validate-playbooks-command';
import { createLogger } from '../telemetry/create-logger';
import { createIntegrations } from '../wiring/create-integrations';

/**
 * The deployment-dependent checks of `mendbot validate`, from the same configuration `serve` reads
 * (environment and MENDBOT_CONFIG): the real actions with their input schemas, exec.allowlist, and the
 * secrets where some are mounted. Validation must know every action even where an optional integration
 * is not configured (a CI job has no ALERTMANAGER_URL), so the registry is built as if Alertmanager's API
 * were set; building actions contacts nothing. Validation listens on nothing either, so the rule that
 * refuses a non-loopback MENDBOT_HOST without credentials (the container image's defaults) is serve's,
 * not validate's: `docker run … mendbot validate /playbooks` must work with the image as it is.
 * Throws ConfigError on any other invalid configuration.
 */
export function buildValidationChecks(env: Readonly<Record<string, string | undefined>>): PlaybookChecks {
  const config = loadConfig({ ...env, MENDBOT_HOST: '127.0.0.1', ALERTMANAGER_URL: env.ALERTMANAGER_URL || 'http://127.0.0.1:9093' });
  const log = createLogger({ level: 'silent', stream: new Writable({ write: (_chunk, _encoding, done) => done() }) });
  const registry = createIntegrations({ config, kubernetes: undefined, chat: undefined, clock: systemClock, log }).actions;
  // The known-name list also covers actions the composition root registers only under conditions.
  const names = new Set([...registry.names(), ...builtInActionNames]);
  return {
    actions: { names: () => names, get: (name) => registry.get(name) },
    execAllowlist: config.exec.allowlist,
    secrets: secretsMounted(env) ? secretSourceFromEnv(env) : undefined,
  };
}
