#!/usr/bin/env -S node --max-semi-space-size=32 --expose-gc
import type { CliCommand } from './cli/cli-command';
import { runCli } from './cli/run-cli';
import { ConfigError } from './config/config-error';
import { StoreUnavailableError } from './core/errors';

const argv = process.argv.slice(2);

/**
 * `serve` loads only its own command: the others pull in modules the server never uses (backtest the MongoDB
 * driver, test and simulate the playbook runner), and start-up to /readyz is measured in the benchmark.
 * `mendbot serve --help` and every usage error behave as with the full table, which runCli needs only for
 * `mendbot help` and unknown commands.
 */
async function commandsFor(name: string | undefined): Promise<readonly CliCommand[]> {
  if (name === 'serve') return [(await import('./cli/serve-command')).serveCommand];
  return (await import('./cli/cli-commands')).cliCommands;
}

commandsFor(argv[0])
  .then((commands) =>
    runCli(
      argv,
      {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`),
        env: process.env,
        cwd: process.cwd(),
      },
      commands,
    ),
  )
  .then(
    (code) => {
      if (code >= 0) process.exitCode = code;
    },
    (error: unknown) => {
      if (error instanceof ConfigError) {
        process.stderr.write(`mendbot: invalid configuration\n${error.problems.map((p) => `  - ${p}`).join('\n')}\n`);
        process.exit(78); // EX_CONFIG
      }
      if (error instanceof StoreUnavailableError) {
        // A store that cannot be opened (or is refused: written by a newer mendbot) says what to do; no stack.
        const cause = error.cause === undefined ? '' : ` (${error.cause instanceof Error ? error.cause.message : String(error.cause)})`;
        process.stderr.write(`mendbot: the store cannot be used: ${error.message}${cause}\n`);
        process.exit(1);
      }
      process.stderr.write(`mendbot: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
