import { closestName } from './closest-name';

/**
 * Kubernetes injects `<SERVICE>_SERVICE_HOST`, `<SERVICE>_PORT=tcp://…` and friends for every Service in the
 * namespace, so a Service named `mendbot` would otherwise crash-loop the pod on start-up.
 * https://kubernetes.io/docs/concepts/services-networking/service/#environment-variables
 */
function isKubernetesServiceLink(name: string, value: string): boolean {
  if (/^MENDBOT_SERVICE_(HOST|PORT(_[A-Z0-9_]+)?)$/.test(name)) return true;
  if (/^MENDBOT_PORT_\d+_(TCP|UDP|SCTP)(_PROTO|_PORT|_ADDR)?$/.test(name)) return true;
  return name === 'MENDBOT_PORT' && /^(tcp|udp|sctp):\/\//.test(value);
}

/**
 * One problem per MENDBOT_* variable mendbot does not know, naming the closest known variable: a typo such
 * as MENDBOT_REOPEN_WINDOWS would otherwise silently leave the default in force. Only the MENDBOT_ prefix is
 * ours; SLACK_*, GITHUB_* and the rest are shared with other tools (GitHub Actions sets many GITHUB_*).
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
    if (!name.startsWith('MENDBOT_') || knownSet.has(name) || value === undefined) continue;
    if (isKubernetesServiceLink(name, value)) continue;
    // Playbook secrets (`{{ secrets.NAME }}`) are named by the playbooks, not by mendbot.
    if (name.startsWith('MENDBOT_SECRET_')) continue;
    const alias = closestName(name, [...aliases.keys()]);
    const suggestion = alias === undefined ? '' : `; did you mean ${aliases.get(alias)}?`;
    problems.push(`${name}: not a mendbot setting${suggestion} (rename or remove it)`);
  }
  return problems;
}
