import { preparsePlaybookYaml } from '../playbooks/preparse-playbook-yaml';
import { loadStartupSettings } from '../wiring/load-startup-settings';
import type { CliCommand } from './cli-command';

const help = `Usage: mendbot serve

Starts the service: webhooks (POST /webhooks/<source>), the incident and run API, metrics, health
checks, the Slack integration when configured, and the executor that runs playbooks. It takes no
options: everything comes from environment variables and the MENDBOT_CONFIG file (README.md,
"Configuration"), and playbooks from PLAYBOOKS_DIR (default ./playbooks). A playbook with errors
(every check of \`mendbot validate\`) is not loaded; its errors are logged.

SIGTERM or SIGINT drains in-flight webhooks and runs, then exits 0.

Exit codes: runs until stopped; 1 on a failed start or shutdown, 78 on invalid configuration.`;

/** `mendbot serve`: the long-running service. */
export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'start the service: webhooks, API, metrics, Slack, the executor',
  help,
  async run(args, io) {
    if (args.length > 0) {
      io.err(`mendbot serve: takes no arguments (got ${args.join(' ')}); configure it with environment variables\n\n${help}`);
      return 64;
    }
    // Configuration first: a mistake stops start-up before anything is loaded or opened.
    const settings = await loadStartupSettings(io.env);
    // Start-up to /readyz counts (< 1 s with 100 playbooks): the playbooks' YAML is parsed on a worker
    // thread while the rest of mendbot loads here.
    const playbookYaml = preparsePlaybookYaml(settings.config.playbooksDir);
    const { startServer } = await import('../main');
    const server = await startServer(settings, playbookYaml);
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
  },
};
