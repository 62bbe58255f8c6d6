import type { GeneratedBody } from '../alertmanager-bodies';

type Sent = { groupKey: string; alerts: number };

/** What the current mendbot instance was sent and what it acknowledged, by seq → what must be stored. */
class AckTracker {
  readonly handedOut = new Map<number, Sent>();
  readonly acknowledged = new Map<number, Sent>();

  /** Forgets everything: called when a fresh mendbot instance starts. */
  reset(): void {
    this.handedOut.clear();
    this.acknowledged.clear();
  }

  handOut(body: GeneratedBody): GeneratedBody {
    this.handedOut.set(body.seq, { groupKey: body.groupKey, alerts: body.alertCount });
    return body;
  }

  /** A 2xx for body `seq`: from now on mendbot must have it stored. */
  acknowledge(seq: number): void {
    const sent = this.handedOut.get(seq);
    if (sent) this.acknowledged.set(seq, sent);
  }
}

/** One tracker for the whole run: the load generators report into it, checkStored reads it. */
export const ackTracker = new AckTracker();
