import path from 'node:path';
import type { CliCommand } from './cli-command';
import { parseCommandArgs } from './parse-command-args';

const help = `Usage: mendbot migrate --from sqlite --to mongodb [--data-dir <dir>] [--mongodb-uri <uri>]

Copies the SQLite store into MongoDB, for moving from one replica to several. Idempotent: run it again
after an interruption and it continues. Stop mendbot first; start it on MongoDB once this succeeded.

  --from sqlite          the store to copy from (only sqlite)
  --to mongodb           the store to copy into (only mongodb)
  --data-dir <dir>       the SQLite data directory holding mendbot.db (default MENDBOT_DATA_DIR, else ./data)
  --mongodb-uri <uri>    the MongoDB connection string (default MONGODB_URI)
  -h, --help             show this help

Exit codes: 0 copied and verified (counts match), 1 verification failed, 64 usage error.`;

/** `mendbot migrate`: SQLite → MongoDB. */
export const migrateCommand: CliCommand = {
  name: 'migrate',
  summary: 'copy the SQLite store into MongoDB (idempotent, verified)',
  help,
  async run(args, io) {
    const parsed = parseCommandArgs(args, { from: true, to: true, 'data-dir': true, 'mongodb-uri': true });
    if (parsed.kind === 'help') {
      io.out(help);
      return 0;
    }
    const usage = (message: string): number => {
      io.err(`mendbot migrate: ${message}\n\n${help}`);
      return 64;
    };
    if (parsed.kind === 'usage') return usage(parsed.message);
    if (parsed.positionals.length > 0) return usage(`unexpected argument ${parsed.positionals[0]}`);
    const { from, to } = parsed.options;
    const dataDir = String(parsed.options['data-dir'] ?? (io.env.MENDBOT_DATA_DIR || './data'));
    const mongoUri = parsed.options['mongodb-uri'] ?? io.env.MONGODB_URI;
    if (from !== 'sqlite' || to !== 'mongodb') return usage('only --from sqlite --to mongodb is supported');
    if (typeof mongoUri !== 'string' || mongoUri === '') return usage('a MongoDB URI is required (--mongodb-uri or MONGODB_URI)');
    // Loaded on demand: the MongoDB driver is not needed by any other command.
    const { migrateSqliteToMongo, formatCounts } = await import('../store/migrate/migrate-sqlite-to-mongo');
    const sqliteFile = path.join(path.resolve(io.cwd, dataDir), 'mendbot.db');
    const result = await migrateSqliteToMongo({ sqliteFile, mongoUri, log: io.out });
    formatCounts(result.counts).forEach(io.out);
    return result.ok ? 0 : 1;
  },
};
