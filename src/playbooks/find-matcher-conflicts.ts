import type { Playbook } from '../core/playbooks/playbook';
import { parseMatcher, type Matcher } from './parse-matcher';
import type { PlaybookIssue } from './playbook-issue';

/**
 * Matchers that no alert can satisfy together, so the playbook can never run: an `=` matcher fixes the
 * label's value, and another matcher on the same label refuses that value (`a="x"` with `a="y"`,
 * `a!="x"`, `a=~"y|z"` or `a!~"x.*"`). Reported at the later matcher of the pair. Regex against regex is
 * not compared (whether two regexes share a value is not worth deciding here).
 */
export function findMatcherConflicts(playbook: Playbook): PlaybookIssue[] {
  const parsed: Array<{ matcher: Matcher; index: number }> = [];
  playbook.match.forEach((text, index) => {
    try {
      parsed.push({ matcher: parseMatcher(text), index });
    } catch {
      // the schema already rejected it
    }
  });
  const out: PlaybookIssue[] = [];
  for (const [j, later] of parsed.entries()) {
    for (const earlier of parsed.slice(0, j)) {
      if (earlier.matcher.name !== later.matcher.name) continue;
      const conflict = conflictBetween(earlier.matcher, later.matcher, `match[${earlier.index}] `);
      if (conflict === undefined) continue;
      out.push({ path: ['match', later.index], rule: 'matcher', message: `can never match: ${conflict}` });
      break; // one conflict per matcher is enough to act on
    }
  }
  return out;
}

/** Why `earlier` and `later` exclude each other, naming the earlier one by its place in `match:`. */
function conflictBetween(earlier: Matcher, later: Matcher, earlierPlace: string): string | undefined {
  const fixed = earlier.op === '=' ? earlier : later.op === '=' ? later : undefined;
  if (fixed === undefined) return undefined;
  const other = fixed === earlier ? later : earlier;
  if (other.matches({ [fixed.name]: fixed.value })) return undefined;
  const name = (m: Matcher) => (m === earlier ? `${earlierPlace}${m.text}` : m.text);
  return `${name(fixed)} requires ${fixed.name} to be ${JSON.stringify(fixed.value)}, which ${name(other)} refuses`;
}
