/** What mendbot last learned from Alertmanager about an incident's alerts (reconciliation writes it). */
export interface AlertmanagerState {
  /** At least one of the incident's alerts is still reported firing by some Alertmanager. */
  active: boolean;
  /** When Alertmanager was last asked. */
  checkedAt: string;
  /**
   * Since when no Alertmanager reports any of them (null while active); reconciliation resolves the
   * incident once this is older than its grace period.
   */
  missingSince: string | null;
}
