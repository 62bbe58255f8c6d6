/** `run_scopes._id`: one claim per (incident, playbook, scope), so a second claim is a duplicate key. */
export const mongoRunScopeId = (incidentId: string, playbook: string, scopeKey: string): string => `${incidentId}|${playbook}|${scopeKey}`;
