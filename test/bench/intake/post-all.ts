import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { GeneratedBody } from '../alertmanager-bodies';
import { ackTracker } from './ack-tracker';
import { intakeSettings } from './intake-settings';
import { postBody, type PostResult } from './post-body';

/** POSTs every body with `concurrency` in flight; resolves with the results in body order. */
export async function postAll(url: string, bodies: GeneratedBody[], concurrency: number): Promise<{ results: PostResult[]; ms: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const base = new URL(url);
  const results: PostResult[] = new Array<PostResult>(bodies.length);
  let i = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (i < bodies.length) {
        const index = i++;
        const b = bodies[index]!;
        const r = await postBody(agent, base, intakeSettings.webhookPath, b.body);
        results[index] = r;
        if (r.status >= 200 && r.status < 300) ackTracker.acknowledge(b.seq);
      }
    }),
  );
  const end = Math.max(...results.map((r) => r.doneAt));
  agent.destroy();
  return { results, ms: end - start };
}
