// Preloaded into the benchmarked mendbot (`node -r …/event-loop-probe.cjs`): samples its main thread's
// event-loop delay with perf_hooks.monitorEventLoopDelay (10 ms resolution would hide short stalls: 1 ms)
// and, on SIGUSR2, writes what it saw since the previous signal to <MENDBOT_DATA_DIR>/event-loop-delay.json
// (when BENCH_ELD=1) and starts afresh.
// Plain CommonJS so the server needs no TypeScript loader (which would add to its memory).
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { monitorEventLoopDelay } = require('node:perf_hooks');

if (process.env.BENCH_ELD === '1' && process.env.MENDBOT_DATA_DIR) {
  const file = path.join(process.env.MENDBOT_DATA_DIR, 'event-loop-delay.json');
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  let seq = 0;
  process.on('SIGUSR2', () => {
    const ms = (ns) => Math.round((ns / 1e6) * 100) / 100;
    const report = { seq: ++seq, count: h.count, maxMs: ms(h.max), p99Ms: ms(h.percentile(99)), p50Ms: ms(h.percentile(50)), meanMs: ms(h.mean) };
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(report));
    fs.renameSync(`${file}.tmp`, file); // the bench never reads half a file
    h.reset();
  });
}
