import type { CliCommand, CliIo } from './cli-command';
import { createHelpCommand } from './help-command';

/**
 * `mendbot <command> [args…]`: picks the command by name and runs it. No command, `--help` or `-h` is
 * `mendbot help`; an unknown command is a usage error (64) that shows the list. Resolves with the exit
 * code, or -1 when the command keeps the process running (serve).
 */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly CliCommand[]): Promise<number> {
  const help = createHelpCommand(() => commands);
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') return help.run([], io);
  const command = name === help.name ? help : commands.find((c) => c.name === name);
  // The help command reports the unknown name with the list of commands.
  if (command === undefined) return help.run([name], io);
  // `mendbot <command> --help` is the same for every command, so it is answered here, not in each one.
  if (command !== help && (rest.includes('--help') || rest.includes('-h'))) {
    io.out(command.help);
    return 0;
  }
  return command.run(rest, io);
}
