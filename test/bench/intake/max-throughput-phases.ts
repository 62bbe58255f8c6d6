import { lowerMedian } from '../lower-median';
import { cannon, type LoadFigures, type ServerName } from './cannon';
import { cyclingBodies } from './cycling-bodies';
import type { DistinctBodies } from './distinct-bodies';
import { intakeSettings } from './intake-settings';
import { log } from './log';
import { medianFigures } from './median-figures';
import { rssOf } from './rss-of';
import type { Peer } from './start-bare-express';
import { startWarnMendbot } from './start-warn-mendbot';
import { threadCpu } from './thread-cpu';
import { tenThousandAlerts, type TenKFigures } from './ten-thousand-alerts';
import { withMendbot, type PhaseStorage } from './with-mendbot';

export interface ThroughputInput {
  single: DistinctBodies;
  storm: DistinctBodies;
  peers: Array<{ name: ServerName; peer: Peer }>;
  alertsPerBody: { single: number; storm: number };
  bytesPerBody: { single: number; storm: number };
  phases: PhaseStorage[];
}

/** Memory of each server around the storm load (MiB): mendbot idle, right after, and after the settle wait. */
export interface MemoryFigures {
  loadS: number;
  mendbotIdle: number;
  mendbotAfterLoad: number;
  settleS: number;
  mendbotSettled: number | null;
  peersAfterLoad: Array<{ server: ServerName; rssMb: number }>;
}

export interface ThroughputFigures {
  /** Medians over the rounds, per scenario and server. */
  load: LoadFigures[];
  /** Every round. */
  runs: LoadFigures[];
  aged: TenKFigures | undefined;
  memory: MemoryFigures;
  /** The storm scenario on a second mendbot at LOG_LEVEL=warn, in the same rounds (medians): target 4. */
  quietStorm: LoadFigures;
  /** Target 4 in CPU: each storm round's main-thread CPU per delivery (µs) of mendbot at its level and at warn. */
  loggingCpu: LoggingCpu;
  /** Bodies the load generator had to make while a mendbot run was measured (its pool ran out): should be 0. */
  generatedWhileMeasured: number;
}

export interface LoggingCpu {
  /** Per round. */
  loud: number[];
  quiet: number[];
}

/**
 * Target 4 in CPU: with the main thread the bound, throughput goes as 1 / its CPU per delivery, so logging costs
 * 1 − quiet/loud of the throughput (loud: at the default level; quiet: at warn).
 */
export function loggingCpuCost(c: LoggingCpu): { loudUs: number; quietUs: number; cost: number } {
  // Rounds are paired (same round, same drift): the median of the per-round costs, not a ratio of medians.
  const costs = c.loud.map((loud, i) => 1 - c.quiet[i]! / loud);
  return { loudUs: lowerMedian(c.loud), quietUs: lowerMedian(c.quiet), cost: lowerMedian(costs) };
}

/**
 * (a) and (b): max throughput with autocannon against a fresh mendbot and each "parse and answer" peer,
 * each warmed up once, then `rounds` rounds with the servers' order rotated (the machine is shared: a
 * neighbour's burst should not always hit the same server). (a) also runs (c) on the database it filled;
 * (b) reads mendbot's RSS and has a second fresh mendbot at LOG_LEVEL=warn in its rounds (what logging
 * costs, measured side by side rather than minutes apart; its answers are not checked against its store).
 */
export async function maxThroughputPhases(input: ThroughputInput): Promise<ThroughputFigures> {
  const { connections, warmupS, durationS, rounds, rssSettleS, bodyPoolMb } = intakeSettings;
  const { single, storm, peers, alertsPerBody, bytesPerBody, phases } = input;
  const runs: LoadFigures[] = [];
  let aged: TenKFigures | undefined;
  let memory: MemoryFigures | undefined;
  const loggingCpu: LoggingCpu = { loud: [], quiet: [] };
  let generatedWhileMeasured = 0;
  const scenarios = [
    { stream: single, peerBodies: cyclingBodies('single', 500), alerts: alertsPerBody.single, label: `(a) single alert, ~${Math.round(bytesPerBody.single / 1024)} KB` },
    { stream: storm, peerBodies: cyclingBodies('storm', 100), alerts: alertsPerBody.storm, label: `(b) ${alertsPerBody.storm}-alert group, ~${Math.round(bytesPerBody.storm / 1024)} KB` },
  ];
  for (const { stream, peerBodies, alerts, label } of scenarios) {
    const isStorm = stream === storm;
    // Bodies are generated ahead of each mendbot run: twice what the best rate so far needs, within bodyPoolMb.
    const poolCap = Math.floor((bodyPoolMb * 1024 * 1024) / (isStorm ? bytesPerBody.storm : bytesPerBody.single));
    let bestRate = isStorm ? 1_000 : 5_000;
    stream.topUp(Math.ceil(bestRate * warmupS * 3)); // the warm-ups: two mendbots for groups, with a margin
    await withMendbot(label, phases, async (mendbot) => {
      const mendbotIdle = rssOf(mendbot.pid);
      const quiet = isStorm ? await startWarnMendbot(`${label}, LOG_LEVEL=warn`) : undefined;
      const targets: Array<{ server: ServerName; url: string; pid?: number; track?: boolean; next: () => { body: Buffer; seq?: number } }> = [
        { server: 'mendbot', url: mendbot.url, pid: mendbot.pid, next: stream.nextForCannon() },
        ...(quiet ? [{ server: 'mendbot, LOG_LEVEL=warn' as const, url: quiet.url, pid: quiet.pid, track: false, next: stream.nextForCannon() }] : []),
        ...peers.map((p) => ({ server: p.name, url: p.peer.url, next: () => ({ body: peerBodies() }) })),
      ];
      try {
        for (const t of targets) {
          log(`${label}: ${t.server} warm-up`);
          const w = await cannon({ ...t, label, alertsPerRequest: alerts, durationS: warmupS, connections });
          if (t.server === 'mendbot') bestRate = Math.max(bestRate, w.reqPerSecMean);
        }
        let loadS = 0;
        for (let r = 0; r < rounds; r++) {
          for (let i = 0; i < targets.length; i++) {
            const t = targets[(i + r) % targets.length]!;
            log(`${label}: ${t.server}, round ${r + 1}/${rounds}`);
            if (t.server.startsWith('mendbot')) stream.topUp(Math.min(Math.ceil(bestRate * 2 * durationS) + 100, poolCap));
            const cpu = isStorm && t.pid !== undefined ? threadCpu(t.pid) : undefined;
            const liveBefore = stream.generatedLive;
            const f = await cannon({ ...t, label, alertsPerRequest: alerts, durationS, connections });
            const live = stream.generatedLive - liveBefore;
            generatedWhileMeasured += live;
            if (live > 0) log(`  WARNING: ${live} bodies were generated while measured (pool ran out; raise BENCH_BODY_POOL_MB)`);
            runs.push(f);
            if (cpu) (t.server === 'mendbot' ? loggingCpu.loud : loggingCpu.quiet).push(cpu(f.reqPerSecMean * durationS, durationS).mainThreadUsPerRequest);
            if (t.server === 'mendbot') {
              loadS += durationS;
              bestRate = Math.max(bestRate, f.reqPerSecMean);
            }
            log(`  ${f.reqPerSec} req/s, p99 ${f.latencyMs.p99} ms, ${f.non2xx} non-2xx, ${f.errors} errors`);
          }
        }
        if (isStorm) {
          const mendbotAfterLoad = rssOf(mendbot.pid);
          const peersAfterLoad = peers.map((p) => ({ server: p.name, rssMb: rssOf(p.peer.pid) }));
          let mendbotSettled: number | null = null;
          if (rssSettleS > 0) {
            log(`${label}: ${rssSettleS} s without load, then mendbot's RSS again`);
            await new Promise((resolve) => setTimeout(resolve, rssSettleS * 1000));
            mendbotSettled = rssOf(mendbot.pid);
          }
          memory = { loadS, mendbotIdle, mendbotAfterLoad, settleS: rssSettleS, mendbotSettled, peersAfterLoad };
          log(`  mendbot RSS ${mendbotIdle} MiB idle, ${mendbotAfterLoad} MiB after the load, ${mendbotSettled ?? '-'} MiB ${rssSettleS} s later`);
        } else {
          aged = await tenThousandAlerts(mendbot, `(c) on the DB left by (a)`);
        }
      } finally {
        await quiet?.remove();
      }
    });
  }
  const load = medianFigures(runs);
  const quietStorm = load.find((l) => l.server === 'mendbot, LOG_LEVEL=warn')!;
  return { load: load.filter((l) => l !== quietStorm), runs, aged, memory: memory!, quietStorm, loggingCpu, generatedWhileMeasured };
}
