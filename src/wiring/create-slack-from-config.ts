import type { Config } from '../config/config';
import type { Clock } from '../core/clock';
import type { Store } from '../store/store';
import type { Logger } from '../telemetry/create-logger';
import type { SlackIntegration } from '../../integrations/slack/create-slack-integration';
import type { Services } from './create-services';
import { isSlackConfigured } from './is-slack-configured';

export interface SlackDeps {
  slack: Config['slack'];
  store: Store;
  services: Pick<Services, 'runs' | 'resolver' | 'catalog' | 'hub' | 'executor'>;
  clock: Clock;
  log: Logger;
}

/**
 * Slack ChatOps (approvals, the slash command, incident threads), or undefined when Slack is not configured.
 * Bolt is loaded only when Slack is configured: it is a quarter of a second of start-up otherwise spent for nothing.
 */
export async function createSlackFromConfig({ slack, store, services, clock, log }: SlackDeps): Promise<SlackIntegration | undefined> {
  if (!isSlackConfigured(slack)) return undefined;
  const { createSlackIntegration } = await import('../../integrations/slack/create-slack-integration');
  return createSlackIntegration({
    botToken: slack.botToken,
    signingSecret: slack.signingSecret,
    appToken: slack.appToken,
    apiUrl: slack.apiUrl,
    channel: slack.channel,
    commandName: slack.commandName,
    roles: slack.roles,
    store,
    runs: services.runs,
    resolver: services.resolver,
    catalog: services.catalog,
    hub: services.hub,
    clock,
    log,
    wake: () => services.executor.wake(),
  });
}
