import type { IncomingAlert } from '../core/alerts/alert';
import { parseMatcher, type Matcher } from './parse-matcher';
import type { Playbook } from '../core/playbooks/playbook';

export type PlaybookMatch = { matched: true } | { matched: false; reason: string };

type MatchablePlaybook = Pick<Playbook, 'match' | 'source' | 'status' | 'name'>;

/** Matchers, or why they could not be built (kept so every alert gets the same explanation). */
type Compiled = { match: readonly string[]; matchers: Matcher[] } | { match: readonly string[]; error: string };

// This runs for every alert × playbook: parse each playbook's matchers once. Keyed by the playbook object so a
// reloaded playbook (a new object) is compiled afresh and the old entry is collected with it.
const compiledByPlaybook = new WeakMap<MatchablePlaybook, Compiled>();

/**
 * Decides whether a playbook applies to an alert, and if not, names the first condition that failed, so the
 * timeline and `simulate` can say why a playbook did not run. Order: source, status, then matchers as written.
 */
export function matchPlaybook(
  playbook: MatchablePlaybook,
  alert: Pick<IncomingAlert, 'source' | 'status' | 'labels'>,
): PlaybookMatch {
  if (playbook.source !== undefined && alert.source !== playbook.source) {
    return { matched: false, reason: `source is ${alert.source}, playbook wants ${playbook.source}` };
  }
  if (alert.status === null) {
    // Acknowledgements and notes change nothing about whether an alert fires: never a reason to remediate.
    return { matched: false, reason: `alert reports activity without a status, playbook wants ${playbook.status}` };
  }
  if (alert.status !== playbook.status) {
    return { matched: false, reason: `status is ${alert.status}, playbook wants ${playbook.status}` };
  }
  const compiled = compile(playbook);
  // Playbook loading validates matchers, so this is a bug guard: one bad playbook must not break matching for
  // all the others on the alert path, so it reports rather than throws.
  if ('error' in compiled) return { matched: false, reason: compiled.error };
  for (const m of compiled.matchers) {
    if (!m.matches(alert.labels)) {
      return { matched: false, reason: `matcher ${m.text} failed: ${describeLabel(alert.labels, m.name)}` };
    }
  }
  return { matched: true };
}

function compile(playbook: MatchablePlaybook): Compiled {
  const cached = compiledByPlaybook.get(playbook);
  if (cached && cached.match === playbook.match) return cached;
  let compiled: Compiled;
  try {
    compiled = { match: playbook.match, matchers: playbook.match.map(parseMatcher) };
  } catch (err) {
    compiled = { match: playbook.match, error: `playbook ${playbook.name} has an invalid matcher: ${(err as Error).message}` };
  }
  compiledByPlaybook.set(playbook, compiled);
  return compiled;
}

function describeLabel(labels: Readonly<Record<string, string>>, name: string): string {
  return Object.hasOwn(labels, name) ? `${name}=${JSON.stringify(labels[name])}` : `${name} is not set`;
}
