import { closestName } from './closest-name';

/**
 * Kubernetes injects `<SERVICE>_SERVICE_HOST`, `<SERVICE>_PORT=tcp://…` and friends for every Service in the
 * namespace, so a Service named `mendbot` would otherwise crash-loop the pod on start-up.
 * https://kubernetes.io/docs/concepts/services-networking/service/#environment-variables
 */
function isKubernetesServiceLink(name: string, value: string): boolean {
  // Services named `mendbot`, `alertmanager-api` or `alertmanager-reconcile` inject names with our prefixes.
  for (const stem of ['MENDBOT', 'ALERTMANAGER_API', 'ALERTMANAGER_RECONCILE']) {
    if (new RegExp(`^${stem}_SERVICE_(HOST|PORT(_[A-Z0-9_]+)?)$`).test(name)) return true;
    if (new RegExp(`^${stem}_PORT_\\d+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?$`).test(name)) return true;
    if (name === `${stem}_PORT` && /^(tcp|udp|sctp):\/\//.test(value)) return true;
  }
  return false;
}

/** Prefixes only mendbot uses: ALERTMANAGER_API_* and ALERTMANAGER_RECONCILE_* are ours, unlike ALERTMANAGER_* at large. */
const ownPrefixes = ['MENDBOT_', 'ALERTMANAGER_API_', 'ALERTMANAGER_RECONCILE_'];

/**
 * One problem per variable with one of our prefixes that mendbot does not know, naming the closest known
 * variable: a typo such as MENDBOT_REOPEN_WINDOWS would otherwise silently leave the default in force. SLACK_*,
 * GITHUB_* and the rest are shared with other tools (GitHub Actions sets many GITHUB_*).
 */
export function findUnknownEnvVars(env: Record<string, string | undefined>, known: readonly string[]): string[] {
  const knownSet = new Set(known);
  // `MENDBOT_LOG_LEVEL` should suggest LOG_LEVEL, so unprefixed names are also compared with the prefix on.
  const aliases = new Map<string, string>();
  for (const name of known) {
    aliases.set(name, name);
    if (!name.startsWith('MENDBOT_')) aliases.set(`MENDBOT_${name}`, name);
  }
  const problems: string[] = [];
  for (const [name, value] of Object.entries(env)) {
    if (!ownPrefixes.some((p) => name.startsWith(p)) || knownSet.has(name) || value === undefined) continue;
    if (isKubernetesServiceLink(name, value)) continue;
    // Playbook secrets (`{{ secrets.NAME }}`) are named by the playbooks, not by mendbot.
    if (name.startsWith('MENDBOT_SECRET_')) continue;
    const alias = closestName(name, [...aliases.keys()]);
    const suggestion = alias === undefined ? '' : `; did you mean ${aliases.get(alias)}?`;
    problems.push(`${name}: not a mendbot setting${suggestion} (rename or remove it)`);
  }
  return problems;
}
