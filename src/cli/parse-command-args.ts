/** The options one command takes: `true` for an option with a value (`--format json`), `false` for a flag. */
type OptionSpec = Record<string, boolean>;

export type ParsedArgs =
  | { kind: 'help' }
  | { kind: 'usage'; message: string }
  | { kind: 'ok'; positionals: string[]; options: Record<string, string | true> };

/**
 * Splits a command's arguments into positionals and the options `spec` names (`--name value`,
 * `--name=value`, flags). `-h`/`--help` anywhere asks for the help; an unknown option or a missing value is
 * a usage error, never ignored: a mistyped `--fromat json` must not silently print text to a CI parser.
 */
export function parseCommandArgs(args: readonly string[], spec: OptionSpec): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '-h' || arg === '--help') return { kind: 'help' };
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--') || arg === '-') {
      if (arg.startsWith('-') && arg !== '-') return { kind: 'usage', message: `unknown option ${arg}` };
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    if (!Object.hasOwn(spec, name)) return { kind: 'usage', message: `unknown option --${name}` };
    if (!spec[name]) {
      if (eq >= 0) return { kind: 'usage', message: `--${name} takes no value` };
      options[name] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '') return { kind: 'usage', message: `--${name} needs a value` };
    options[name] = value;
  }
  return { kind: 'ok', positionals, options };
}
