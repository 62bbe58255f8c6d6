/** `timeline._id`: incident and zero-padded seq, so ids sort in seq order and a retried insert is a duplicate. */
export const mongoTimelineId = (incidentId: string, seq: number): string => `${incidentId}|${String(seq).padStart(10, '0')}`;
