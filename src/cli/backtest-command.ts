import path from 'node:path';
import { BacktestWindowError } from '../backtest/parse-backtest-window';
import { createBacktester, UnknownPlaybookError } from '../backtest/create-backtester';
import { formatBacktestTable } from '../backtest/format-backtest-table';
import { parseDuration } from '../config/parse-duration';
import { loadPlaybooks } from '../playbooks/load-playbooks';
import { formatPlaybookError } from '../playbooks/playbook-error';
import { deliveryParsers } from '../wiring/delivery-parsers';
import { openHistoryReader } from '../wiring/open-history-reader';
import type { CliCommand } from './cli-command';

const help = `usage: mendbot backtest [--since 7d] [--until TIME] [--playbook NAME]… [--playbooks DIR] [--format table|json]
                        [--run-duration DURATION] [--data-dir DIR] [--mongodb-uri URI]

Replays the deliveries stored in a window through the current playbooks and guardrails, without running
anything, and compares with the runs that actually happened. Reads the store only: safe beside a running
server (SQLite is opened read-only; MongoDB is only queried).

options:
  --since VALUE        start of the window: a duration before now (30d, 12h, 1h30m) or an ISO 8601 time (default 7d)
  --until VALUE        end of the window, same forms (default now)
  --playbook NAME      replay only this playbook; repeat for several (default: every playbook in the directory)
  --playbooks DIR      where the playbooks are (default PLAYBOOKS_DIR or ./playbooks)
  --format table|json  a table for people (default) or the JSON report for scripts
  --run-duration D     how long each simulated run holds its lock (default 0: locks never contend)
  --data-dir DIR       the SQLite data directory (default MENDBOT_DATA_DIR or ./data)
  --mongodb-uri URI    read MongoDB instead (default MONGODB_URI)

exit codes: 0 report written, 1 the store could not be read, 64 usage error (bad option, window or playbook name)`;

interface Options {
  since?: string;
  until?: string;
  playbooks: string[];
  dir?: string;
  format: 'table' | 'json';
  runDurationMs?: number;
  dataDir?: string;
  mongodbUri?: string;
}

/** `mendbot backtest`: see help above and docs/backtest.md. */
export const backtestCommand: CliCommand = {
  name: 'backtest',
  summary: 'replay stored deliveries through the current playbooks and guardrails; compare with what ran',
  help,
  async run(args, io) {
    const options = parseArgs(args);
    if (typeof options === 'string') {
      io.err(`mendbot backtest: ${options}\n\n${help}`);
      return 64;
    }
    const dir = path.resolve(io.cwd, options.dir ?? io.env.PLAYBOOKS_DIR ?? './playbooks');
    const loaded = loadPlaybooks(dir);
    for (const e of loaded.errors) io.err(`warning: ${formatPlaybookError(e)}`);
    let reader;
    try {
      reader = openHistoryReader({
        mongodbUri: options.mongodbUri ?? io.env.MONGODB_URI,
        dataDir: path.resolve(io.cwd, options.dataDir ?? io.env.MENDBOT_DATA_DIR ?? './data'),
      });
    } catch (error) {
      io.err(`mendbot backtest: cannot open the store: ${(error as Error).message}`);
      return 1;
    }
    try {
      const backtester = createBacktester({ store: reader, parsers: deliveryParsers, playbooks: () => loaded.playbooks, now: () => new Date() });
      const report = await backtester.run({ since: options.since, until: options.until, playbooks: options.playbooks, runDurationMs: options.runDurationMs });
      if (options.format === 'json') io.out(JSON.stringify(report, null, 2));
      else formatBacktestTable(report).forEach((line) => io.out(line));
      return 0;
    } catch (error) {
      if (error instanceof BacktestWindowError || error instanceof UnknownPlaybookError) {
        io.err(`mendbot backtest: ${error.message}`);
        return 64;
      }
      io.err(`mendbot backtest: cannot read the store: ${(error as Error).message}`);
      return 1;
    } finally {
      await reader.close();
    }
  },
};

function parseArgs(args: string[]): Options | string {
  const options: Options = { playbooks: [], format: 'table' };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const value = args[i + 1];
    if (!flag.startsWith('--')) return `unexpected argument ${JSON.stringify(flag)}`;
    if (value === undefined || value.startsWith('--')) return `${flag} needs a value`;
    i++;
    switch (flag) {
      case '--since':
        options.since = value;
        break;
      case '--until':
        options.until = value;
        break;
      case '--playbook':
        options.playbooks.push(value);
        break;
      case '--playbooks':
        options.dir = value;
        break;
      case '--format':
        if (value !== 'table' && value !== 'json') return `--format must be table or json, not ${JSON.stringify(value)}`;
        options.format = value;
        break;
      case '--run-duration': {
        const ms = parseDuration(value);
        if (ms === undefined) return `--run-duration: ${JSON.stringify(value)} is not a duration (30s, 5m)`;
        options.runDurationMs = ms;
        break;
      }
      case '--data-dir':
        options.dataDir = value;
        break;
      case '--mongodb-uri':
        options.mongodbUri = value;
        break;
      default:
        return `unknown option ${flag}`;
    }
  }
  return options;
}
