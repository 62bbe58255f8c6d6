#!/usr/bin/env node
import { ConfigError } from './config/config-error';
import { startServer } from './main';

const usage = `usage: mendbot <command>

commands:
  serve        start the HTTP service (webhooks, API, metrics) on the configured store
  help         show this text

Configuration comes from environment variables (see README.md).`;

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case 'serve': {
      const server = await startServer(process.env);
      for (const signal of ['SIGTERM', 'SIGINT'] as const) {
        process.once(signal, () => {
          server.shutdown(signal).then(
            () => process.exit(0),
            (error: unknown) => {
              server.log.error({ err: error }, 'shutdown failed');
              process.exit(1);
            },
          );
        });
      }
      return -1; // keep running
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(usage + '\n');
      return 0;
    default:
      process.stderr.write(`mendbot: unknown command "${command}"\n\n${usage}\n`);
      return 64;
  }
}

main(process.argv.slice(2)).then(
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
