import fs from 'node:fs';

/** CPU time (user + system, in clock ticks of 10 ms) each thread of a process has used so far, by thread id. */
type Ticks = Map<string, number>;

function ticksOf(pid: number): Ticks {
  const out: Ticks = new Map();
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tasks) {
    try {
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      out.set(tid, Number(fields[11]) + Number(fields[12]));
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

export interface ThreadCpu {
  /** CPU time per request across all threads of the process, µs. */
  usPerRequest: number;
  /** CPU time per request of the main thread alone (the one whose id is the process id), µs. */
  mainThreadUsPerRequest: number;
  /** Busy share of the busiest threads over the window, % of one core, largest first (at most 3). */
  busiestThreadsPct: number[];
}

/**
 * Per-thread CPU of process `pid` over a window (Linux /proc, 10 ms resolution): start before the load, call
 * the returned function after it with the requests served and the window's length. Tells whether a server is
 * bound by one thread (its main thread at ~100 %) or by the machine, and what a request costs in CPU —
 * throughput alone cannot, on a 2-core machine whose load generator shares the cores.
 */
export function threadCpu(pid: number): (requests: number, seconds: number) => ThreadCpu {
  const before = ticksOf(pid);
  return (requests, seconds) => {
    const after = ticksOf(pid);
    const used = [...after].map(([tid, t]) => t - (before.get(tid) ?? 0)).sort((a, b) => b - a);
    const totalMs = used.reduce((sum, t) => sum + t, 0) * 10;
    const mainMs = ((after.get(String(pid)) ?? 0) - (before.get(String(pid)) ?? 0)) * 10;
    return {
      usPerRequest: requests > 0 ? Math.round((totalMs * 1000) / requests) : NaN,
      mainThreadUsPerRequest: requests > 0 ? Math.round((mainMs * 1000) / requests) : NaN,
      // A tick is 10 ms, so ticks per second are the % of one core.
      busiestThreadsPct: used.slice(0, 3).map((t) => Math.round(t / seconds)),
    };
  };
}
