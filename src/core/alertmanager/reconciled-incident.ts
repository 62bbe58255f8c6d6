import type { StoredAlert } from '../incidents/incident';
import type { AlertmanagerState } from './alertmanager-state';

/** An open incident as reconciliation sees it: its id, what was last recorded about it, and its alerts. */
export interface ReconciledIncident {
  id: string;
  /** The Alertmanager group key by default: its group labels tell which alerts belong to the incident. */
  correlationId?: string;
  alertmanager?: AlertmanagerState | null;
  alerts: ReadonlyArray<Pick<StoredAlert, 'source' | 'fingerprint' | 'status' | 'labels'>>;
}
