import { backtestCommand } from './backtest-command';
import type { CliCommand } from './cli-command';
import { migrateCommand } from './migrate-command';
import { serveCommand } from './serve-command';
import { simulateCommand } from './simulate-command';
import { testCommand } from './test-command';
import { validateCommand } from './validate-command';

/** Every `mendbot <command>`, in the order `mendbot --help` lists them. src/cli.ts dispatches over this table. */
export const cliCommands: readonly CliCommand[] = [serveCommand, validateCommand, testCommand, simulateCommand, backtestCommand, migrateCommand];
