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
 * alerts per body. Prints req/s per round, the median and its ratio to express, p99 per round.
 */
import fs from 'node:fs';
import path from 'node:path';
import { cannon } from './intake/cannon';
import { DistinctBodies } from './intake/distinct-bodies';
import { startBareExpress } from './intake/start-bare-express';
import { intEnv } from './int-env';
import { startQuietMendbot } from './start-quiet-mendbot';

interface Server {
  name: string;
  url: string;
  stop?: () => Promise<unknown>;
  reqPerSec: number[];
  p99: number[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const clis = process.argv.slice(2);
  if (clis.length === 0) throw new Error('usage: npm run bench:ab -- <cli.js> [<cli.js> …]');
  const durationS = intEnv('AB_DURATION', 8);
  const rounds = intEnv('AB_ROUNDS', 3);
  const alerts = intEnv('AB_ALERTS', 1);
  const connections = 32;
  // Enough distinct bodies for every mendbot at ~4,000 req/s (single) or ~400 req/s (groups) for the whole run.
  const perServer = (alerts === 1 ? 4_500 : 500) * (durationS * rounds + 3);
  const bodies = new DistinctBodies(alerts === 1 ? 'single' : 'storm', perServer * clis.length);
  const cycling = bodies.take(500);
  let next = 0;
  const express = await startBareExpress();
  const servers: Server[] = [{ name: 'bare express', url: express.url, reqPerSec: [], p99: [] }];
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
    servers.push({ name: cli, url: m.url, stop: () => m.stop(30_000), reqPerSec: [], p99: [] });
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
      const f = await load(s, durationS);
      s.reqPerSec.push(Math.round(f.reqPerSecMean));
      s.p99.push(f.latencyMs.p99);
    }
  }
  const base = median(servers[0]!.reqPerSec);
  for (const s of servers) {
    const m = median(s.reqPerSec);
    console.log(`${s.name.padEnd(36)} req/s ${s.reqPerSec.join(' ').padEnd(20)} median ${String(m).padEnd(6)} ×express ${(m / base).toFixed(3)}  p99 ms ${s.p99.join(' ')}`);
  }
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
