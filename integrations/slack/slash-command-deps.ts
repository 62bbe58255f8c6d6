import type { Clock } from '../../src/core/clock';
import type { PlaybookCatalog } from '../../src/playbooks/create-playbook-catalog';
import type { IncidentResolver } from '../../src/runs/create-incident-resolver';
import type { RunService } from '../../src/runs/create-run-service';
import type { Store } from '../../src/store/store';
import type { Logger } from '../../src/telemetry/create-logger';
import type { ApproverDirectory } from './create-approver-directory';
import type { SlackRoles } from './slack-roles';

/** What the slash command's subcommands work with; no Bolt, no request: testable without Slack. */
export interface SlashCommandDeps {
  store: Store;
  runs: RunService;
  catalog: Pick<PlaybookCatalog, 'get' | 'list'>;
  clock: Clock;
  log: Logger;
  roles: SlackRoles;
  directory: ApproverDirectory;
  /** As registered in Slack, e.g. `/mendbot`: quoted back in help and errors. */
  commandName: string;
  /** Closes incidents by hand (`resolve`); without it the subcommand says it is not available. */
  resolver?: IncidentResolver;
  /** Look for runnable runs now (after a manual run was created). */
  wake(): void;
  /** The incident changed (a manual run was added): refresh its thread. */
  touch(incidentId: string): void;
}

/** An answer to the person who typed the command; `in_channel` for changes the channel should see. */
export interface SlashReply {
  text: string;
  visibility: 'ephemeral' | 'in_channel';
}
