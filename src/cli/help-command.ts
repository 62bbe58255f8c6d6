import { closestName } from '../config/closest-name';
import type { CliCommand } from './cli-command';

/**
 * `mendbot help [command]` (also `mendbot`, `mendbot --help`): the list of commands with their summaries,
 * or one command's full help. Built over the dispatcher's table so the list can never miss a command.
 */
export function createHelpCommand(commands: () => readonly CliCommand[]): CliCommand {
  const self: CliCommand = {
    name: 'help',
    summary: 'list the commands, or `help <command>` for every option of one',
    help: `Usage: mendbot help [command]

Without a command, lists every command with a one-line summary (as \`mendbot --help\` does). With one,
prints its full help: usage, every option, exit codes (as \`mendbot <command> --help\` does).

Exit codes: 0 help printed, 64 unknown command.`,
    async run(args, io) {
      const [topic] = args;
      if (topic === undefined) {
        io.out(overview([...commands(), self]));
        return 0;
      }
      const command = [...commands(), self].find((c) => c.name === topic || (topic === '--help' && c === self));
      if (command === undefined) {
        const hint = closestName(topic, [...commands(), self].map((c) => c.name), 2);
        io.err(`mendbot: unknown command "${topic}"${hint ? `; did you mean "${hint}"?` : ''}\n\n${overview([...commands(), self])}`);
        return 64;
      }
      io.out(command.help);
      return 0;
    },
  };
  return self;
}

function overview(commands: readonly CliCommand[]): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'Usage: mendbot <command> [options]',
    '',
    'mendbot receives alerts, folds them into incidents and runs remediation playbooks.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run `mendbot <command> --help` for every option of a command. From a checkout: `npx mendbot <command>`;',
    'in the container image: `docker run … mendbot <command>`. Configuration comes from environment',
    'variables and MENDBOT_CONFIG (see README.md, "Command line" and "Configuration").',
  ].join('\n');
}
