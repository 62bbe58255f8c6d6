/** `alerts._id`: an alert exists once per incident, so a retried insert is a duplicate, not a second copy. */
export const mongoAlertId = (incidentId: string, key: string): string => `${incidentId}|${key}`;
