import type { Config } from '../config/config';
import type { AlertmanagerApi } from '../core/alertmanager/alertmanager-api';
import type { Clock } from '../core/clock';
import type { Tracker } from '../core/postmortems/tracker';
import { createApprovalAction } from '../engine/actions/approval-action';
import { createNotifyAction, type ChatPort } from '../engine/actions/notify-action';
import { createWaitAction } from '../engine/actions/wait-action';
import { createActionRegistry, type ActionRegistry } from '../engine/create-action-registry';
import { createSecretSource } from '../engine/secrets/create-secret-source';
import type { AlertSource } from '../intake/alert-source';
import type { Logger } from '../telemetry/create-logger';
import { createAlertmanagerSource } from '../../integrations/alertmanager/create-alertmanager-source';
import { createAlertmanagerExpireSilenceAction } from '../../integrations/alertmanager-api/create-alertmanager-expire-silence-action';
import { createAlertmanagerSilenceAction } from '../../integrations/alertmanager-api/create-alertmanager-silence-action';
import { unconfiguredAlertmanagerApi } from '../../integrations/alertmanager-api/unconfigured-alertmanager-api';
import { createExecAction } from '../../integrations/exec/create-exec-action';
import { createHttpAction } from '../../integrations/http/create-http-action';
import { createOutboundGuard } from '../../integrations/outbound/create-outbound-guard';
import { createKubernetesClient } from '../../integrations/kubernetes/create-kubernetes-client';
import { createKubernetesCordonNodeAction } from '../../integrations/kubernetes/create-kubernetes-cordon-node-action';
import { createKubernetesDeletePodAction } from '../../integrations/kubernetes/create-kubernetes-delete-pod-action';
import { createKubernetesRolloutRestartAction } from '../../integrations/kubernetes/create-kubernetes-rollout-restart-action';
import { createKubernetesScaleAction } from '../../integrations/kubernetes/create-kubernetes-scale-action';
import type { KubernetesConnection } from '../../integrations/kubernetes/load-kubernetes-config';
import { createPagerDutySource } from '../../integrations/pagerduty/create-pagerduty-source';
import { createPagerDutyEventsClient } from '../../integrations/pagerduty-events/create-pagerduty-events-client';
import { createPagerDutyTriggerAction } from '../../integrations/pagerduty-events/create-pagerduty-trigger-action';
import { createPagerDutyUpdateAction } from '../../integrations/pagerduty-events/create-pagerduty-update-action';
import { createPrometheusCheckAction } from '../../integrations/prometheus/create-prometheus-check-action';
import { createTrackerFromConfig } from './create-tracker-from-config';

export interface Integrations {
  /** Webhook senders mendbot accepts alerts from. */
  sources: AlertSource[];
  /** Where postmortems are filed. */
  tracker: Tracker;
  /** Every action a playbook step may name. */
  actions: ActionRegistry;
  /** Alertmanager's v2 API (reconciliation, `still_firing`); undefined when ALERTMANAGER_URL is unset. */
  alertmanager?: AlertmanagerApi;
}

export interface IntegrationDeps {
  config: Readonly<Config>;
  kubernetes: KubernetesConnection | undefined;
  /** Undefined when no chat is configured: notify then logs. */
  chat: ChatPort | undefined;
  clock: Clock;
  log: Logger;
}

/** The outside world mendbot talks to: alert sources in, the postmortem tracker and playbook actions out. */
export function createIntegrations({ config, kubernetes: connection, chat, clock, log }: IntegrationDeps): Integrations {
  const sources = [createAlertmanagerSource(config.alertmanager), createPagerDutySource({ webhookSecrets: config.pagerduty.webhookSecrets })];
  const kubernetes = connection && createKubernetesClient(connection);
  const pagerduty = createPagerDutyEventsClient({ eventsUrl: config.pagerduty.eventsUrl });
  const routingKey = config.pagerduty.routingKey;
  // One guard for every request a playbook makes: the same denials and allowlist whichever action asks.
  const outbound = createOutboundGuard(config.outbound);
  // Operator-configured like PROMETHEUS_URL: the same guard (loopback allowed, metadata denied).
  const alertmanager = config.alertmanagerApi && alertmanagerApiModule().createAlertmanagerApi(config.alertmanagerApi, { outbound });
  // Registered without ALERTMANAGER_URL too, so playbooks using them load everywhere; they then fail saying why.
  const silenceApi = alertmanager ?? unconfiguredAlertmanagerApi();
  const alertmanagerActions = [createAlertmanagerSilenceAction({ api: silenceApi }), createAlertmanagerExpireSilenceAction({ api: silenceApi })];
  const actions = createActionRegistry([
    createKubernetesRolloutRestartAction({ client: kubernetes }),
    createKubernetesScaleAction({ client: kubernetes }),
    createKubernetesDeletePodAction({ client: kubernetes }),
    createKubernetesCordonNodeAction({ client: kubernetes }),
    createPagerDutyTriggerAction({ client: pagerduty, routingKey }),
    createPagerDutyTriggerAction({ client: pagerduty, routingKey, name: 'pagerduty.escalate' }),
    createPagerDutyUpdateAction({ client: pagerduty, routingKey, eventAction: 'acknowledge' }),
    createPagerDutyUpdateAction({ client: pagerduty, routingKey, eventAction: 'resolve' }),
    createHttpAction({ allowedHosts: [...config.http.allowedHosts], outbound }),
    createExecAction({ allowlist: [...config.exec.allowlist] }),
    createPrometheusCheckAction({ baseUrl: config.prometheusUrl, clock, outbound }),
    createWaitAction({}),
    createNotifyAction({ log, chat }),
    createApprovalAction(),
    ...alertmanagerActions,
  ], { secrets: createSecretSource({ dir: config.secrets?.dir, env: config.secrets?.variables ?? {} }) });
  log.info(
    { kubernetes: kubernetes ? 'configured' : 'not configured', pagerdutyEvents: routingKey ? 'configured' : 'not configured', alertmanagerApi: alertmanager ? alertmanager.urls.length : 'not configured' },
    'integrations',
  );
  return { sources, tracker: createTrackerFromConfig(config, log), actions, ...(alertmanager ? { alertmanager } : {}) };
}

/**
 * The Alertmanager API client (its schemas, peer clients and retry policy), loaded only when ALERTMANAGER_URL is
 * set: ~25 ms of start-up otherwise, as the MongoDB driver is only loaded with MONGODB_URI.
 */
function alertmanagerApiModule(): typeof import('../../integrations/alertmanager-api/create-alertmanager-api') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when configured (see above)
  return require('../../integrations/alertmanager-api/create-alertmanager-api') as typeof import('../../integrations/alertmanager-api/create-alertmanager-api');
}
