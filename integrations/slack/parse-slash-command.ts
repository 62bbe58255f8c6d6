import { parseDuration } from '../../src/config/parse-duration';
import { parseMatcher } from '../../src/playbooks/parse-matcher';
import { commandUsage, type CommandName } from './command-usage';
import { tokenizeCommandText, unquoteToken, type CommandToken } from './tokenize-command-text';

export type SlashCommand =
  | { name: 'help' | 'status' | 'incidents' }
  | { name: 'show'; incidentId: string }
  | { name: 'why'; target: string }
  | { name: 'run'; playbook: string; params: Record<string, string>; incidentId?: string }
  | { name: 'approve' | 'reject'; runId: string }
  /** No playbook: the global kill switch. */
  | { name: 'pause'; playbook?: string; reason?: string }
  | { name: 'resume'; playbook?: string }
  | { name: 'silence'; matchers: string[]; durationMs: number; duration: string; reason?: string }
  | { name: 'unsilence'; silenceId: string }
  | { name: 'resolve'; incidentId: string; reason: string };

export type ParsedSlashCommand = { ok: true; command: SlashCommand } | { ok: false; error: string; usage?: string };

const paramKey = /^[A-Za-z_][A-Za-z0-9_]*$/;
const looksLikeMatcher = /^[A-Za-z_][A-Za-z0-9_]*(=~|!~|!=|=)/;

/**
 * Parses the text after the command name into one of the subcommands, or says what is wrong and how the
 * subcommand is used. Pure: what a command may do and whether its targets exist is decided on execution.
 */
export function parseSlashCommand(raw: string): ParsedSlashCommand {
  const tokenized = tokenizeCommandText(raw);
  if (!tokenized.ok) return { ok: false, error: tokenized.error };
  const { text, tokens } = tokenized;
  const [first, ...args] = tokens;
  if (!first) return { ok: true, command: { name: 'help' } };
  const name = first.text.toLowerCase();
  if (!Object.hasOwn(commandUsage, name)) return { ok: false, error: `unknown subcommand \`${first.text}\`` };
  const fail = (error: string): ParsedSlashCommand => ({ ok: false, error, usage: commandUsage[name as CommandName] });
  const rest = (from: CommandToken | undefined) => (from ? text.slice(from.start).trim() : undefined);

  switch (name as CommandName) {
    case 'help':
    case 'status':
    case 'incidents':
      return args.length ? fail(`\`${name}\` takes no arguments`) : { ok: true, command: { name: name as 'help' } };
    case 'show':
    case 'why':
    case 'approve':
    case 'reject':
    case 'unsilence': {
      if (args.length !== 1) return fail(args.length ? 'expected exactly one argument' : 'missing argument');
      const value = unquoteToken(args[0]!.text);
      if (name === 'show') return { ok: true, command: { name, incidentId: value } };
      if (name === 'why') return { ok: true, command: { name, target: value } };
      if (name === 'unsilence') return { ok: true, command: { name, silenceId: value } };
      return { ok: true, command: { name: name as 'approve' | 'reject', runId: value } };
    }
    case 'run': {
      const [playbook, ...pairs] = args;
      if (!playbook || playbook.text.includes('=')) return fail('missing the playbook name');
      const params: Record<string, string> = {};
      let incidentId: string | undefined;
      for (const pair of pairs) {
        const eq = pair.text.indexOf('=');
        const key = pair.text.slice(0, eq);
        if (eq < 0 || !paramKey.test(key)) return fail(`expected param=value, got \`${pair.text}\``);
        const value = unquoteToken(pair.text.slice(eq + 1));
        if (key === 'incident') incidentId = value;
        else if (Object.hasOwn(params, key)) return fail(`param \`${key}\` given twice`);
        else params[key] = value;
      }
      return { ok: true, command: { name: 'run', playbook: playbook.text, params, incidentId } };
    }
    case 'pause': {
      const target = args[0]?.text;
      const playbook = target === undefined || target.toLowerCase() === 'all' ? undefined : unquoteToken(target);
      return { ok: true, command: { name: 'pause', playbook, reason: rest(args[1]) } };
    }
    case 'resume': {
      if (args.length > 1) return fail('expected at most one playbook');
      const target = args[0]?.text;
      return { ok: true, command: { name: 'resume', playbook: target === undefined || target.toLowerCase() === 'all' ? undefined : unquoteToken(target) } };
    }
    case 'resolve': {
      const [incident, reason] = args;
      if (!incident) return fail('missing the incident id');
      if (!reason) return fail('say why, e.g. `resolve inc_… fixed by hand, alert is stuck`: the reason goes into the timeline');
      return { ok: true, command: { name: 'resolve', incidentId: unquoteToken(incident.text), reason: rest(reason)! } };
    }
    case 'silence': {
      const matchers: string[] = [];
      let i = 0;
      for (; i < args.length && looksLikeMatcher.test(args[i]!.text); i++) {
        try {
          matchers.push(parseMatcher(args[i]!.text).text);
        } catch (error) {
          return fail((error as Error).message);
        }
      }
      if (matchers.length === 0) return fail('expected at least one matcher, e.g. alertname="DiskFull"');
      const duration = args[i]?.text;
      if (duration === undefined) return fail('missing the duration, e.g. 2h');
      const durationMs = /[a-z]$/i.test(duration) ? parseDuration(duration) : undefined;
      if (!durationMs) return fail(`\`${duration}\` is not a duration like 30m, 2h or 1d`);
      return { ok: true, command: { name: 'silence', matchers, durationMs, duration, reason: rest(args[i + 1]) } };
    }
  }
}
