const hourMs = 3_600_000;

/**
 * What the guardrails would have read from the store, kept in memory for the runs the backtest starts:
 * starts per playbook (the budget's last hour), the last start per playbook and correlation ID (cooldown)
 * and who holds each lock key until when. Old starts are dropped as the replay moves on, so memory follows
 * the busiest hour, not the window.
 */
export class SimulatedHistory {
  private readonly starts = new Map<string, number[]>();
  private readonly lastStarts = new Map<string, number>();
  private readonly locks = new Map<string, { runId: string; untilMs: number }>();

  /** Starts of `playbook` at or after an hour before `nowMs` (later ones included: a lock wait ran ahead). */
  startedLastHour(playbook: string, nowMs: number): number {
    const list = this.starts.get(playbook);
    if (!list) return 0;
    const from = nowMs - hourMs;
    let drop = 0;
    while (drop < list.length && list[drop]! < from - hourMs) drop++; // older than any later query needs
    if (drop > 0) list.splice(0, drop);
    let n = 0;
    for (let i = list.length - 1; i >= 0 && list[i]! >= from; i--) n++;
    return n;
  }

  lastStartForCorrelation(playbook: string, correlationId: string): string | null {
    const at = this.lastStarts.get(`${playbook}\u0000${correlationId}`);
    return at === undefined ? null : new Date(at).toISOString();
  }

  /** The run holding `lockKey` at `nowMs`, with when it lets go. */
  lockHolder(lockKey: string | null, nowMs: number): { runId: string; untilMs: number } | null {
    if (lockKey === null) return null;
    const held = this.locks.get(lockKey);
    if (!held) return null;
    if (held.untilMs > nowMs) return held;
    this.locks.delete(lockKey);
    return null;
  }

  recordStart(run: { id: string; playbook: string; correlationId: string; lockKey: string | null }, atMs: number, durationMs: number): void {
    const list = this.starts.get(run.playbook) ?? [];
    // Starts arrive in time order except after a lock wait; keep the list sorted for the hour count.
    let i = list.length;
    while (i > 0 && list[i - 1]! > atMs) i--;
    list.splice(i, 0, atMs);
    this.starts.set(run.playbook, list);
    const key = `${run.playbook}\u0000${run.correlationId}`;
    if ((this.lastStarts.get(key) ?? -Infinity) < atMs) this.lastStarts.set(key, atMs);
    if (run.lockKey !== null && durationMs > 0) this.locks.set(run.lockKey, { runId: run.id, untilMs: atMs + durationMs });
  }
}
