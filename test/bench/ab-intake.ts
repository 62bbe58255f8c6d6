/**
 * A/B intake benchmark: several mendbot builds side by side with bare express in the same run, to tell whether a
 * change helped when the machine's own speed drifts more than the change (it does on a shared VM).
 *
 *   npm run bench:ab -- <cli.js> [<cli.js> …]       e.g. a copy of dist/ built before the change, and dist/
 *
 * Each argument is a built CLI (`…/src/cli.js`, started with `serve`; a copy of dist/ inside the repository so it
 * finds node_modules). All servers run at once, each with a fresh data dir, no playbooks and LOG_LEVEL=info; each
 * is warmed up, then gets AB_ROUNDS (3) rounds of AB_DURATION (8) s of autocannon (32 connections), the order
 * rotated each round, so every server sees the same drift and a store of about the same size. mendbot gets bodies
 * it never saw (every request a new incident); express gets a cycling set (it only parses). AB_ALERTS (1, or 50)
 * alerts per body. Prints req/s per round, the median and its ratio to express, p99 per round; then each server's
 * CPU per request (all its threads, from /proc: what a request costs, whatever the VM's speed does), the busy
 * share of its busiest threads (one at ~100 % means bound by that thread; none means bound by the machine) and
 * the load generator's own CPU per request (it shares the cores).
 */
import fs from 'node:fs';
import path from 'node:path';
import { cannon } from './intake/cannon';
import { DistinctBodies } from './intake/distinct-bodies';
import { startBareExpress } from './intake/start-bare-express';
import { intEnv } from './int-env';
import { startQuietMendbot } from './start-quiet-mendbot';
import { threadCpu, type ThreadCpu } from './intake/thread-cpu';

interface Server {
  name: string;
  url: string;
  pid: number;
  stop?: () => Promise<unknown>;
  reqPerSec: number[];
  p99: number[];
  /** Per round: the server's CPU per request (all threads), its busiest threads, the load generator's CPU per request. */
  cpu: Array<ThreadCpu & { loadUsPerRequest: number }>;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const clis = process.argv.slice(2);
  if (clis.length === 0) throw new Error('usage: npm run bench:ab -- <cli.js> [<cli.js> …]');
  const durationS = intEnv('AB_DURATION', 8);
  const rounds = intEnv('AB_ROUNDS', 3);
  const alerts = intEnv('AB_ALERTS', 1);
  const connections = 32;
  // Enough distinct bodies for every mendbot at ~7,500 req/s (single) or ~1,400 req/s (groups) for the whole run
  // (mendbot answered up to ~6,800 and ~1,250 here in December 2026; at the older 4,500 and 1,000 a 5-round run
  // generated thousands while measured): one generated while measured costs the load generator ~1 ms (groups) on
  // the server's two cores. Bodies are Buffers, off the heap: a 3-round group run of two builds holds ~3.5 GB.
  const perServer = (alerts === 1 ? 7_500 : 1_400) * (durationS * rounds + 3);
  const bodies = new DistinctBodies(alerts === 1 ? 'single' : 'storm', perServer * clis.length);
  const cycling = bodies.take(500);
  let next = 0;
  const express = await startBareExpress();
  const servers: Server[] = [{ name: 'bare express', url: express.url, pid: express.pid, reqPerSec: [], p99: [], cpu: [] }];
  for (const cli of clis) {
    process.env.BENCH_MENDBOT_CLI = path.resolve(cli);
    const m = await startQuietMendbot({
      name: cli,
      dataDirPrefix: 'mendbot-ab-',
      playbooksDir: (dataDir) => {
        const dir = path.join(dataDir, 'no-playbooks');
        fs.mkdirSync(dir, { recursive: true });
        return dir;
      },
      logToFile: true,
      env: { LOG_LEVEL: 'info' },
    });
    servers.push({ name: cli, url: m.url, pid: m.pid, stop: () => m.stop(30_000), reqPerSec: [], p99: [], cpu: [] });
  }
  const load = (s: Server, seconds: number) =>
    cannon({
      server: 'mendbot',
      label: 'ab',
      url: s.url,
      alertsPerRequest: alerts,
      durationS: seconds,
      connections,
      track: false,
      next: s.stop ? bodies.nextForCannon() : () => ({ body: cycling[next++ % cycling.length]!.body }),
    });
  for (const s of servers) await load(s, 2);
  for (let r = 0; r < rounds; r++) {
    for (const s of [...servers.slice(r % servers.length), ...servers.slice(0, r % servers.length)]) {
      const server = threadCpu(s.pid);
      const loadGenerator = threadCpu(process.pid);
      const f = await load(s, durationS);
      const requests = f.reqPerSecMean * durationS;
      s.reqPerSec.push(Math.round(f.reqPerSecMean));
      s.p99.push(f.latencyMs.p99);
      s.cpu.push({ ...server(requests, durationS), loadUsPerRequest: loadGenerator(requests, durationS).usPerRequest });
    }
  }
  const base = median(servers[0]!.reqPerSec);
  for (const s of servers) {
    const m = median(s.reqPerSec);
    console.log(`${s.name.padEnd(36)} req/s ${s.reqPerSec.join(' ').padEnd(20)} median ${String(m).padEnd(6)} ×express ${(m / base).toFixed(3)}  p99 ms ${s.p99.join(' ')}`);
  }
  // CPU per request tells a change that made the work cheaper from one that only moved it (or a drifting VM).
  const baseCpu = median(servers[0]!.cpu.map((c) => c.usPerRequest));
  for (const s of servers) {
    const us = median(s.cpu.map((c) => c.usPerRequest));
    const threads = s.cpu.map((c) => c.busiestThreadsPct.join('/')).join(' ');
    const load = median(s.cpu.map((c) => c.loadUsPerRequest));
    console.log(`${s.name.padEnd(36)} CPU µs/req ${s.cpu.map((c) => c.usPerRequest).join(' ').padEnd(16)} median ${String(us).padEnd(5)} ×express ${(us / baseCpu).toFixed(2)}  busiest threads % ${threads}  load generator µs/req ${load}`);
  }
  // The main thread alone: what bounds a server whose main thread is ~100 % busy (mendbot's), so the figure a
  // change to its work moves most directly; CPU moved to another thread leaves it.
  for (const s of servers) {
    const main = s.cpu.map((c) => c.mainThreadUsPerRequest);
    console.log(`${s.name.padEnd(36)} main thread µs/req ${main.join(' ').padEnd(24)} median ${median(main)}`);
  }
  console.log(`mendbot bodies generated during the runs, warm-ups included (the pool ran out; should be 0): ${bodies.generatedLive}`);
  for (const s of servers) await s.stop?.();
  await express.stop();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`[bench:ab] failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
