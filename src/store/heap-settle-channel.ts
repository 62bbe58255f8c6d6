/**
 * The name of the BroadcastChannel on which the process, once a storm is over and its own heap collected, tells
 * threads with a heap of their own (the SQLite store's body encoder) to collect theirs. One rule decides when
 * (src/telemetry/start-heap-settler.ts); a thread only listens, and only when started with `--expose-gc`.
 */
export const heapSettleChannel = 'mendbot:settle-heap';
