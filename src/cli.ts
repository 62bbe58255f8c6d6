#!/usr/bin/env node
import fs from 'node:fs';
import { parseAlertmanagerWebhook } from '../integrations/alertmanager/parse-alertmanager-webhook';
import { parsePagerDutyWebhook } from '../integrations/pagerduty/parse-pagerduty-webhook';
import { ConfigError } from './config/config-error';
import { MendbotError } from './core/errors';
import { loadPlaybooks } from './playbooks/load-playbooks';
import { formatPlaybookError } from './playbooks/playbook-error';
import { validatePlaybooksCommand } from './playbooks/validate-playbooks-command';
import { builtInActionNames } from './engine/built-in-action-names';
import { simulateAlerts } from './runs/simulate-alerts';
import { startServer } from './main';

const usage = `usage: mendbot <command>

commands:
  serve                                   start the HTTP service (webhooks, API, metrics, executor)
  validate [dir]                          check playbooks (default PLAYBOOKS_DIR or ./playbooks); exit 1 on any error
  simulate <alert.json> [--playbooks dir] which playbooks match the alert(s) and why, with rendered steps; runs nothing
  migrate --from sqlite --to mongodb [--data-dir DIR] [--mongodb-uri URI]
                                          copy the SQLite store (MENDBOT_DATA_DIR) into MongoDB (MONGODB_URI); idempotent; exit 1 unless verified
  help                                    show this text

Configuration comes from environment variables (see README.md).`;

async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  switch (command) {
    case 'serve': {
      const server = await startServer(process.env);
      // A bug must leave a trace before the process dies (Node exits on an unhandled rejection).
      process.on('unhandledRejection', (reason) => {
        server.log.fatal({ err: reason }, 'unhandled promise rejection: exiting');
        process.exit(1);
      });
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
    case 'validate': {
      const dir = argv[1] ?? process.env.PLAYBOOKS_DIR ?? './playbooks';
      return validatePlaybooksCommand(dir, (line) => process.stdout.write(line + '\n'), builtInActionNames, process.env);
    }
    case 'simulate': {
      const file = argv[1];
      if (!file) {
        process.stderr.write(`mendbot simulate: which alert file?\n\n${usage}\n`);
        return 64;
      }
      const flag = argv.indexOf('--playbooks');
      const dir = flag > 0 && argv[flag + 1] ? argv[flag + 1]! : (process.env.PLAYBOOKS_DIR ?? './playbooks');
      const raw = fs.readFileSync(file);
      let parsed;
      try {
        // An Alertmanager webhook body or a PagerDuty V3 envelope, as the webhooks would receive them.
        parsed = raw.includes('"event"') && !raw.includes('"alerts"') ? parsePagerDutyWebhook(raw) : parseAlertmanagerWebhook(raw);
      } catch (error) {
        if (error instanceof MendbotError) {
          process.stderr.write(`mendbot simulate: ${file}: ${error.code} ${error.path ?? ''} ${error.message}\n`);
          return 1;
        }
        throw error;
      }
      const { playbooks, errors } = loadPlaybooks(dir);
      for (const e of errors) process.stderr.write(`warning: ${formatPlaybookError(e)}\n`);
      const matches = simulateAlerts(parsed.alerts, playbooks, (line) => process.stdout.write(line + '\n'));
      process.stdout.write(`${parsed.alerts.length} alert(s), ${playbooks.length} playbook(s), ${matches} match(es); nothing was executed\n`);
      return 0;
    }
    case 'migrate': {
      const flag = (name: string) => (argv.indexOf(name) > 0 ? argv[argv.indexOf(name) + 1] : undefined);
      const dataDir = flag('--data-dir') ?? process.env.MENDBOT_DATA_DIR ?? './data';
      const mongoUri = flag('--mongodb-uri') ?? process.env.MONGODB_URI;
      if (flag('--from') !== 'sqlite' || flag('--to') !== 'mongodb' || !mongoUri) {
        process.stderr.write(`mendbot migrate: only --from sqlite --to mongodb is supported, and a MongoDB URI is required (--mongodb-uri or MONGODB_URI)\n\n${usage}\n`);
        return 64;
      }
      const { migrateSqliteToMongo, formatCounts } = await import('./store/migrate/migrate-sqlite-to-mongo');
      const log = (line: string) => process.stdout.write(line + '\n');
      const result = await migrateSqliteToMongo({ sqliteFile: `${dataDir.replace(/\/+$/, '')}/mendbot.db`, mongoUri, log });
      formatCounts(result.counts).forEach(log);
      return result.ok ? 0 : 1;
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
