import { makeAlertmanagerBodies, makeAlertmanagerBody, type BodyShape, type GeneratedBody } from '../alertmanager-bodies';
import { ackTracker } from './ack-tracker';
import { allocateSeqs } from './allocate-seqs';
import { intakeSettings } from './intake-settings';

/** A stream of bodies for mendbot, each never sent before, pre-generated so measuring does not pay for it. */
export class DistinctBodies {
  private pool: GeneratedBody[];
  private index = 0;
  /** Bodies that had to be generated during a measurement because the pool ran out (should stay 0). */
  generatedLive = 0;

  constructor(
    readonly shape: BodyShape,
    poolSize: number,
  ) {
    this.pool = makeAlertmanagerBodies(intakeSettings.runId, allocateSeqs(poolSize), poolSize, shape);
  }

  next(): GeneratedBody {
    let body = this.pool[this.index];
    if (body) {
      this.pool[this.index++] = undefined as unknown as GeneratedBody; // let it be collected
    } else {
      body = makeAlertmanagerBody(intakeSettings.runId, allocateSeqs(1), this.shape);
      this.generatedLive++;
    }
    return ackTracker.handOut(body);
  }

  /** The next `n` bodies. */
  take(n: number): GeneratedBody[] {
    return Array.from({ length: n }, () => this.next());
  }

  /** For autocannon: the next body and its seq (so acknowledgements can be tracked). */
  nextForCannon(): () => { body: Buffer; seq: number } {
    return () => {
      const b = this.next();
      return { body: b.body, seq: b.seq };
    };
  }

  /** Drops the bodies generated ahead and not sent (their memory): later ones are generated as asked. */
  discardPool(): void {
    this.pool = [];
    this.index = 0;
  }

  /** Pre-generates more so the next measurement does not generate bodies while it runs. */
  topUp(wanted: number): void {
    const left = this.pool.length - this.index;
    if (left >= wanted) return;
    this.pool = this.pool.slice(this.index).concat(makeAlertmanagerBodies(intakeSettings.runId, allocateSeqs(wanted - left), wanted - left, this.shape));
    this.index = 0;
  }
}
