#!/usr/bin/env node
import { cliCommands } from './cli/cli-commands';
import { runCli } from './cli/run-cli';
import { ConfigError } from './config/config-error';

runCli(
  process.argv.slice(2),
  {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    cwd: process.cwd(),
  },
  cliCommands,
).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ConfigError) {
      process.stderr.write(`mendbot: invalid configuration\n${error.problems.map((p) => `  - ${p}`).join('\n')}\n`);
      process.exit(78); // EX_CONFIG
    }
    process.stderr.write(`mendbot: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
