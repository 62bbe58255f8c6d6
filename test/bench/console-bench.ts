/**
 * Web console benchmark: the first load of the incidents page (/ui/) with 10,000 stored incidents.
 * Targets (issue 17): under 100 KB of compressed bytes for the page and its assets, under 200 ms of
 * server time. Reported, not asserted: timings belong in a bench, not in a test.
 *
 *   npm run bench:console
 *   (bench:console = node -r @swc-node/register test/bench/console-bench.ts)
 *
 * Seeds BENCH_CONSOLE_INCIDENTS (10000) incidents through the store port (store.recordDelivery, one
 * correlation ID each, a tenth resolved), into the real app with the console mounted
 * (test/integration/ui/start-console-app.ts), signs in with an API token, then loads /ui/ the way a
 * browser does the first time: the page (gzip), then its stylesheet and script (gzip). Server time is the
 * wall time of the page request on loopback, BENCH_CONSOLE_REPEAT (30) times after 5 warm-ups: median
 * and p95. The filtered page (?source=…&label=…, which reads alert labels) is measured too.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { defaultLifecyclePolicy } from '../../src/core/incidents/lifecycle-policy';
import { buildAlert, buildDelivery } from '../helpers/build-delivery';
import { startConsoleApp } from '../integration/ui/start-console-app';
import { intEnv } from './int-env';
import { percentile } from './percentile';

const incidents = intEnv('BENCH_CONSOLE_INCIDENTS', 10_000);
const repeat = intEnv('BENCH_CONSOLE_REPEAT', 30);

async function main(): Promise<void> {
  const app = await startConsoleApp({ tokens: { bench: ['viewer', 'bench-token-0123456789'] } });
  try {
    const seedStart = performance.now();
    const base = Date.parse('2026-12-01T00:00:00Z');
    for (let i = 0; i < incidents; i++) {
      const receivedAt = new Date(base + i * 1000).toISOString();
      const fingerprint = i.toString(16).padStart(16, '0');
      const alert = buildAlert({ name: `Alert${i % 50}`, fingerprint, startsAt: receivedAt, correlationId: `bench-${i}`, labels: { alertname: `Alert${i % 50}`, service: `svc-${i % 20}`, namespace: 'prod' } });
      await app.store.recordDelivery(buildDelivery([alert], { receivedAt }), defaultLifecyclePolicy);
      if (i % 10 === 0) {
        await app.store.recordDelivery(buildDelivery([{ ...alert, status: 'resolved', endsAt: receivedAt }], { receivedAt: new Date(base + i * 1000 + 500).toISOString() }), defaultLifecyclePolicy);
      }
    }
    console.log(`seeded ${incidents} incidents in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (${await app.store.countOpenIncidents()} open)`);

    const login = await fetch(`${app.url}/ui/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.url }, body: 'token=bench-token-0123456789' });
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    // Compressed bytes on the wire: undici would decompress, so ask with a raw request.
    const get = async (path: string) => {
      return new Promise<{ ms: number; bytes: number; body: string }>((resolve, reject) => {
        const start = performance.now();
        const req = http.get(`${app.url}${path}`, { headers: { cookie, 'accept-encoding': 'gzip' } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const raw = Buffer.concat(chunks);
            const body = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
            if (res.statusCode !== 200) return reject(new Error(`${path} answered ${res.statusCode}`));
            resolve({ ms: performance.now() - start, bytes: raw.length, body });
          });
        });
        req.on('error', reject);
      });
    };

    for (const [label, path] of [['incidents page', '/ui/'], ['filtered (source + label)', '/ui/?status=all&source=alertmanager&label=service%3Dsvc-7']] as const) {
      for (let i = 0; i < 5; i++) await get(path);
      const times: number[] = [];
      let page = await get(path);
      for (let i = 0; i < repeat; i++) {
        page = await get(path);
        times.push(page.ms);
      }
      const assets = [...page.body.matchAll(/(?:href|src)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
      let assetBytes = 0;
      for (const a of assets) assetBytes += (await get(`/ui/${a}`)).bytes;
      times.sort((a, b) => a - b);
      const rows = (page.body.match(/<tr data-incident=/g) ?? []).length;
      const total = page.bytes + assetBytes;
      console.log(
        `${label}: ${rows} rows; server time median ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms (target < 200 ms); ` +
          `compressed page ${page.bytes} B + assets ${assetBytes} B = ${(total / 1024).toFixed(1)} KB (target < 100 KB)`,
      );
    }
  } finally {
    await app.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
