import type { Store } from '../store';
import type { MongoCollections } from './mongo-collections';
import { mongoTimelineId } from './mongo-timeline-id';

/**
 * store.recordAlertmanagerState for MongoDB. The state (a sub-document `alertmanager`: fixed field names,
 * so no JSON string is needed) is set by the same single-document update that reserves the note's seq
 * ($inc timelineSeq, as TimelineBuffer does): of two concurrent writers, the one whose state stays is the
 * one whose note has the higher seq, and a crash before the note's insert leaves the state and a gap in
 * the seqs, never a note without its state. The insert's `_id` (incident|seq) makes a retry a duplicate.
 * An unknown id matches nothing: no state, no note.
 */
export function createMongoAlertmanagerState(c: MongoCollections): Pick<Store, 'recordAlertmanagerState'> {
  return {
    async recordAlertmanagerState(incidentId, state, note) {
      // Only the three known fields: whatever else a caller's object carries is not part of the port.
      const alertmanager = { active: state.active, checkedAt: state.checkedAt, missingSince: state.missingSince };
      if (note === undefined) {
        await c.incidents.updateOne({ _id: incidentId }, { $set: { alertmanager } });
        return;
      }
      const inc = await c.incidents.findOneAndUpdate(
        { _id: incidentId },
        { $set: { alertmanager }, $inc: { timelineSeq: 1 } },
        { returnDocument: 'after', projection: { timelineSeq: 1 } },
      );
      if (!inc) return;
      const seq = inc.timelineSeq as number;
      await c.timeline.insertOne({
        _id: mongoTimelineId(incidentId, seq),
        incidentId,
        seq,
        at: note.at,
        type: 'reconciliation',
        message: note.message,
        data: JSON.stringify(note.data ?? {}),
      });
    },
  };
}
