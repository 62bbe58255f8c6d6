
import type { KeyedDoc, MongoCollections } from './mongo-collections';
import { mongoTimelineId } from './mongo-timeline-id';

interface PendingEvent {
  incidentId: string;
  at: string;
  type: string;
  message: string;
  data: Record<string, unknown>;
}

/**
 * Collects one write's timeline events and appends them per incident at the end: one
 * findOneAndUpdate($inc timelineSeq by n) reserves n consecutive seq numbers atomically (so concurrent
 * writers never share a seq, without a transaction), then one insertMany writes them. `_id` =
 * incident|seq, so a retried insert of the same reserved seqs is a duplicate, not a second copy.
 */
export class TimelineBuffer {
  private events: PendingEvent[] = [];

  constructor(private readonly c: MongoCollections) {}

  append(incidentId: string, at: string, e: { type: string; message: string; data?: Record<string, unknown> }): void {
    this.events.push({ incidentId, at, type: e.type, message: e.message, data: e.data ?? {} });
  }

  async flush(): Promise<void> {
    const byIncident = new Map<string, PendingEvent[]>();
    for (const e of this.events) byIncident.set(e.incidentId, [...(byIncident.get(e.incidentId) ?? []), e]);
    this.events = [];
    for (const [incidentId, events] of byIncident) {
      const inc = await this.c.incidents.findOneAndUpdate(
        { _id: incidentId },
        { $inc: { timelineSeq: events.length } },
        { returnDocument: 'after', projection: { timelineSeq: 1 } },
      );
      if (!inc) continue; // the incident does not exist (a run of a deleted incident): nothing to annotate
      const first = (inc.timelineSeq as number) - events.length + 1;
      const docs: KeyedDoc[] = events.map((e, i) => ({
        _id: mongoTimelineId(incidentId, first + i),
        incidentId,
        seq: first + i,
        at: e.at,
        type: e.type,
        message: e.message,
        data: JSON.stringify(e.data),
      }));
      await this.c.timeline.insertMany(docs, { ordered: true });
    }
  }
}
