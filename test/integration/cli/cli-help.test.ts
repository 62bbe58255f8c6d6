import type { CliCommand, CliIo } from '../../../src/cli/cli-command';
import { cliCommands } from '../../../src/cli/cli-commands';
import { migrateCommand } from '../../../src/cli/migrate-command';
import { runCli } from '../../../src/cli/run-cli';
import { serveCommand } from '../../../src/cli/serve-command';
import { simulateCommand } from '../../../src/cli/simulate-command';
import { validateCommand } from '../../../src/cli/validate-command';

const commands: CliCommand[] = [serveCommand, validateCommand, simulateCommand, migrateCommand];

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), env: {}, cwd: process.cwd() };
  const code = await runCli(argv, io, commands);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('mendbot --help and mendbot <command> --help', () => {
  it('dispatches every command, those of the playbook tests and backtests included', () => {
    expect(cliCommands.map((c) => c.name)).toEqual(['serve', 'validate', 'test', 'simulate', 'backtest', 'migrate']);
    for (const c of cliCommands) expect({ name: c.name, summary: c.summary.length > 0, help: c.help.length > c.summary.length }).toEqual({ name: c.name, summary: true, help: true });
  });

  it.each([[], ['help'], ['--help'], ['-h']])('lists every command with its summary: %p', async (...argv) => {
    const { code, out } = await cli(...argv);
    expect(code).toBe(0);
    for (const c of commands) expect(out).toContain(`  ${c.name.padEnd(10)}${c.summary}`);
    expect(out).toMatch(/Run `mendbot <command> --help`/);
  });

  it.each(commands.map((c) => [c.name, c] as const))('%s --help prints its full help, as does help %s', async (name, command) => {
    expect(await cli(name, '--help')).toEqual({ code: 0, out: command.help, err: '' });
    expect(await cli('help', name)).toEqual({ code: 0, out: command.help, err: '' });
    expect(command.help).toMatch(new RegExp(`^Usage: mendbot ${name}`));
    expect(command.help).toMatch(/Exit codes: /);
  });

  it('help --help describes the help command itself', async () => {
    expect(await cli('help', '--help')).toEqual({ code: 0, out: expect.stringMatching(/^Usage: mendbot help \[command\]/), err: '' });
  });

  it('documents every option a command accepts', () => {
    expect(validateCommand.help).toMatch(/--format text/);
    expect(validateCommand.help).toMatch(/--format json/);
    expect(simulateCommand.help).toMatch(/--playbooks <dir>/);
    for (const option of ['--from sqlite', '--to mongodb', '--data-dir <dir>', '--mongodb-uri <uri>']) expect(migrateCommand.help).toContain(option);
  });

  it('refuses an unknown command with exit 64 and the list', async () => {
    const { code, err } = await cli('vaildate');
    expect(code).toBe(64);
    expect(err).toMatch(/^mendbot: unknown command "vaildate"; did you mean "validate"\?\n\nUsage: mendbot <command>/);
  });

  it('gives usage errors exit 64 with the command help', async () => {
    for (const argv of [['simulate'], ['migrate', '--from', 'mongodb', '--to', 'sqlite'], ['migrate', '--nope'], ['serve', 'now']]) {
      const { code, err } = await cli(...argv);
      expect({ argv, code }).toEqual({ argv, code: 64 });
      expect(err).toContain(`Usage: mendbot ${argv[0]}`);
    }
  });
});
