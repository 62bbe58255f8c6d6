import type { SilenceMatcher } from '../../src/core/alertmanager/alertmanager-api';

const matcherPattern = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*(?:"((?:[^"\\]|\\.)*)"|([^"]*?))\s*$/s;

/**
 * One Alertmanager matcher as amtool and the UI write it (`alertname="X"`, `job=~"api|web"`,
 * `env!=prod`; the value may be quoted, with `\"`, `\\` and `\n` escapes), or undefined when it is not one.
 */
export function parseMatcher(text: string): SilenceMatcher | undefined {
  const m = matcherPattern.exec(text);
  if (!m) return undefined;
  const [, name, op, quoted, bare] = m;
  const value = quoted !== undefined ? quoted.replace(/\\(.)/gs, (_, c: string) => (c === 'n' ? '\n' : c)) : bare!;
  if (op === '=~' || op === '!~') {
    try {
      new RegExp(value);
    } catch {
      return undefined;
    }
  }
  return { name: name!, value, isRegex: op === '=~' || op === '!~', isEqual: op === '=' || op === '=~' };
}
