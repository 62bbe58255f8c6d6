import fs from 'node:fs';
import path from 'node:path';
import { parseAlertmanagerWebhook } from '../../integrations/alertmanager/parse-alertmanager-webhook';
import { parsePagerDutyWebhook } from '../../integrations/pagerduty/parse-pagerduty-webhook';
import { MendbotError } from '../core/errors';
import { loadPlaybooks } from '../playbooks/load-playbooks';
import { formatPlaybookError } from '../playbooks/playbook-error';
import { simulateAlerts } from '../runs/simulate-alerts';
import type { CliCommand } from './cli-command';
import { parseCommandArgs } from './parse-command-args';

const help = `Usage: mendbot simulate <alert.json> [--playbooks <dir>]

Shows which playbooks match the alerts in a webhook body and why the others do not, with each step's
input rendered as it would run. Runs nothing, stores nothing, contacts nothing.

  <alert.json>         an Alertmanager webhook body, or a PagerDuty V3 webhook envelope, as the webhook
                       endpoints would receive it
  --playbooks <dir>    playbook directory (default PLAYBOOKS_DIR, else ./playbooks)
  -h, --help           show this help

Playbook files with errors are reported as warnings and left out.

Exit codes: 0 simulated, 1 the alert file is not a webhook body mendbot accepts, 64 usage error.`;

/** `mendbot simulate`: matching and rendering without executing. */
export const simulateCommand: CliCommand = {
  name: 'simulate',
  summary: 'show which playbooks an alert file would run, with rendered steps; executes nothing',
  help,
  async run(args, io) {
    const parsed = parseCommandArgs(args, { playbooks: true });
    if (parsed.kind === 'help') {
      io.out(help);
      return 0;
    }
    if (parsed.kind === 'usage' || parsed.positionals.length !== 1) {
      const message = parsed.kind === 'usage' ? parsed.message : parsed.positionals.length === 0 ? 'which alert file?' : 'one alert file at a time';
      io.err(`mendbot simulate: ${message}\n\n${help}`);
      return 64;
    }
    const file = path.resolve(io.cwd, parsed.positionals[0]!);
    const option = parsed.options.playbooks;
    const dir = path.resolve(io.cwd, typeof option === 'string' ? option : io.env.PLAYBOOKS_DIR || './playbooks');
    let raw: Buffer;
    try {
      raw = fs.readFileSync(file);
    } catch (error) {
      io.err(`mendbot simulate: cannot read ${parsed.positionals[0]}: ${(error as Error).message}`);
      return 64;
    }
    let delivery;
    try {
      // An Alertmanager webhook body or a PagerDuty V3 envelope, as the webhooks would receive them.
      delivery = raw.includes('"event"') && !raw.includes('"alerts"') ? parsePagerDutyWebhook(raw) : parseAlertmanagerWebhook(raw);
    } catch (error) {
      if (error instanceof MendbotError) {
        io.err(`mendbot simulate: ${parsed.positionals[0]}: ${error.code} ${error.path ?? ''} ${error.message}`);
        return 1;
      }
      throw error;
    }
    const { playbooks, errors } = loadPlaybooks(dir);
    for (const e of errors) io.err(`warning: ${formatPlaybookError(e)}`);
    const matches = simulateAlerts(delivery.alerts, playbooks, io.out);
    io.out(`${delivery.alerts.length} alert(s), ${playbooks.length} playbook(s), ${matches} match(es); nothing was executed`);
    return 0;
  },
};
