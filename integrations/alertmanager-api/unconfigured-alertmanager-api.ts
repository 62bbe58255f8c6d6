import type { AlertmanagerApi } from '../../src/core/alertmanager/alertmanager-api';
import { PermanentStepError } from '../../src/engine/step-errors';

/**
 * Stands in for the client when ALERTMANAGER_URL is unset, so the `alertmanager.*` actions stay registered and
 * playbooks using them validate and load everywhere (as the Kubernetes actions do); running one then fails
 * permanently and says how to fix it. Never given to reconciliation or `still_firing`: those stay off.
 */
export function unconfiguredAlertmanagerApi(): AlertmanagerApi {
  const refuse = (): never => {
    throw new PermanentStepError('Alertmanager is not configured: set ALERTMANAGER_URL (see integrations/alertmanager-api/README.md)');
  };
  return {
    urls: [],
    listAlerts: async () => refuse(),
    status: async () => [],
    listSilences: async () => refuse(),
    createSilence: async () => refuse(),
    expireSilence: async () => refuse(),
    silenceLink: (id) => `#/silences/${id}`,
  };
}
