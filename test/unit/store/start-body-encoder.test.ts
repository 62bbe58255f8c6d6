import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { encodeBody } from '../../../src/store/sqlite/body-encoding';
import { bodyEncoderThreadCode, startBodyEncoder, type BodyEncoder } from '../../../src/store/sqlite/start-body-encoder';
import { fixture } from '../../helpers/start-test-app';

const short = '{"status":"firing","alerts":[]}';
const single = fixture('alertmanager-firing.wire.json').toString('utf8');
const storm = fixture('alertmanager-storm.json').toString('utf8');

/** The module itself, for the tests that load it in a child process. */
const encoderModule = path.join(__dirname, '..', '..', '..', 'src', 'store', 'sqlite', 'start-body-encoder.ts');
const channelModule = path.join(__dirname, '..', '..', '..', 'src', 'store', 'heap-settle-channel.ts');

/** What the main thread makes of a body: the encoder must answer exactly that, from whichever thread. */
const onMainThread = encodeBody;

describe('the body encoder thread (startBodyEncoder)', () => {
  let encoder: BodyEncoder | undefined;
  afterEach(async () => {
    await encoder?.stop();
    encoder = undefined;
  });

  it('answers each body with the hash and stored form the main thread would make, byte for byte', async () => {
    expect(single.length).toBeGreaterThan(1024);
    expect(single.length).toBeLessThan(8192);
    expect(storm.length).toBeGreaterThan(8192);
    encoder = startBodyEncoder();
    const texts = [short, single, storm, `${single} `];
    const encoded = await Promise.all(texts.map((t) => encoder!.encode(t)));
    encoded.forEach((e, i) => expect(e).toEqual(onMainThread(texts[i]!)));
    expect(typeof encoded[0]!.stored).toBe('string');
    expect(Buffer.isBuffer(encoded[1]!.stored)).toBe(true);
  });

  /** The thread's code with one part swapped; the part must be there (else the test tests nothing). */
  const threadCodeWith = (part: string, replacement: string) => {
    expect(bodyEncoderThreadCode).toContain(part);
    return bodyEncoderThreadCode.replace(part, replacement);
  };
  // The fallback made recognisable: what it stored says the thread took it (and did not fail, which the main
  // thread would have covered for with the same bytes).
  const viaFallback = (code: string) => {
    const part = 'const fallback = (input) => deflateRawSync(input, options);';
    expect(code).toContain(part);
    return code.replace(part, "const fallback = () => Buffer.from('fallback');");
  };
  const fallbackForm = Buffer.concat([Buffer.of(1), Buffer.from('fallback')]);

  it('keeps answering byte for byte with the zlib state it keeps: body after body, small and large, growing its buffer', async () => {
    // ~300 KB that deflate cannot shrink much: the thread's output buffer grows to hold its stored form.
    let seed = 7;
    const noise = Array.from({ length: 40_000 }, () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed.toString(36))).join(',');
    const texts = [noise, ...Array.from({ length: 20 }, (_, i) => single.replace('"status"', `"n":${i},"status"`)), storm, noise.slice(1000), single];
    // With the fallback marked, every body must have come from the kept state: a broken reuse would otherwise
    // go unseen, the fallback making the same bytes.
    encoder = startBodyEncoder(viaFallback(bodyEncoderThreadCode));
    const encoded = await Promise.all(texts.map((t) => encoder!.encode(t)));
    expect((encoded[0]!.stored as Buffer).length).toBeGreaterThan(64 * 1024);
    // Compared with Buffer#equals: a deep equality walks a 200 KB buffer index by index, for seconds.
    const same = encoded.map((e, i) => {
      const main = onMainThread(texts[i]!);
      return e.hash === main.hash && Buffer.from(e.stored as Buffer).equals(main.stored as Buffer);
    });
    expect(same).toEqual(texts.map(() => true));
  });

  it('deflates through deflateRawSync in the thread when the stream lacks the parts it drives', async () => {
    encoder = startBodyEncoder(viaFallback(threadCodeWith('const handle = engine._handle;', 'const handle = null;')));
    const encoded = await Promise.all([single, storm].map((t) => encoder!.encode(t)));
    expect(encoded.map((e) => e.stored)).toEqual([fallbackForm, fallbackForm]);
    expect(encoded.map((e) => e.hash)).toEqual([onMainThread(single).hash, onMainThread(storm).hash]);
  });

  it('deflates a body over 1 MiB through deflateRawSync in the thread (its kept buffer would stay that large)', async () => {
    encoder = startBodyEncoder(viaFallback(bodyEncoderThreadCode));
    const huge = JSON.stringify({ alerts: 'x'.repeat(1024 * 1024) });
    const [first, next] = await Promise.all([huge, single].map((t) => encoder!.encode(t)));
    expect(first!.stored).toEqual(fallbackForm);
    expect(next).toEqual(onMainThread(single));
  });

  it('after a call that leaves the stream destroyed, deflates that body and every later one through deflateRawSync', async () => {
    encoder = startBodyEncoder(viaFallback(threadCodeWith('if (engine.destroyed) throw', 'engine.destroyed = true;\n        if (engine.destroyed) throw')));
    const first = await encoder.encode(single);
    const later = await encoder.encode(storm);
    expect([first.stored, later.stored]).toEqual([fallbackForm, fallbackForm]);
  });

  it('answers in the order asked, though short bodies are made at once and long ones on the thread', async () => {
    encoder = startBodyEncoder();
    const answered: number[] = [];
    const texts = [storm, short, single, short, storm];
    await Promise.all(texts.map((t, i) => encoder!.encode(t).then(() => answered.push(i))));
    expect(answered).toEqual([0, 1, 2, 3, 4]);
  });

  it('encodes on the main thread, in order, what a failing thread never answered', async () => {
    // A thread that throws on its first message: the 'error' event ends it with the bodies still out.
    encoder = startBodyEncoder("require('node:worker_threads').parentPort.on('message', () => { throw new Error('boom'); });");
    const answered: number[] = [];
    const texts = [single, short, storm];
    const encoded = await Promise.all(texts.map((t, i) => encoder!.encode(t).then((e) => (answered.push(i), e))));
    expect(answered).toEqual([0, 1, 2]);
    encoded.forEach((e, i) => expect(e).toEqual(onMainThread(texts[i]!)));
    // And everything after it too.
    await expect(encoder.encode(single)).resolves.toEqual(onMainThread(single));
  });

  it('takes over from a thread that stops answering without failing', async () => {
    encoder = startBodyEncoder("require('node:worker_threads').parentPort.on('message', () => {});", 200);
    const started = Date.now();
    await expect(Promise.all([single, storm].map((t) => encoder!.encode(t)))).resolves.toEqual([onMainThread(single), onMainThread(storm)]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    await expect(encoder.encode(single)).resolves.toEqual(onMainThread(single));
  });

  it('answers the bodies still out when stopped, and encodes later ones on the main thread', async () => {
    encoder = startBodyEncoder();
    const out = [single, storm].map((t) => encoder!.encode(t));
    await encoder.stop();
    await expect(Promise.all(out)).resolves.toEqual([onMainThread(single), onMainThread(storm)]);
    await expect(encoder.encode(storm)).resolves.toEqual(onMainThread(storm));
  });

  it('does not keep an otherwise finished process alive while idle, and does while a body is out', () => {
    const run = (script: string) =>
      spawnSync(process.execPath, ['-r', '@swc-node/register', '-e', `const e = require(${JSON.stringify(encoderModule)}).startBodyEncoder(); ${script}`], { encoding: 'utf8', timeout: 20_000 });
    const idle = run("console.log('idle')");
    expect([idle.status, idle.stdout.trim()]).toEqual([0, 'idle']);
    // Nothing but the encoder's answer is pending here: exiting before it would lose it.
    const busy = run("e.encode('x'.repeat(5000)).then((b) => console.log(b.stored.length))");
    expect(busy.status).toBe(0);
    expect(Number(busy.stdout.trim())).toBeGreaterThan(0);
  });

  it('with --expose-gc, collects the heap a storm of bodies grew when the process settles its heap, and only then', () => {
    // ~25 MB of distinct ~50 KB bodies, then quiet: nothing collected until the settle channel says so, then once.
    const script = `
      const { BroadcastChannel } = require('node:worker_threads');
      const { heapSettleChannel } = require(${JSON.stringify(channelModule)});
      const settled = [];
      const e = require(${JSON.stringify(encoderModule)}).startBodyEncoder(undefined, 5000, (b, a) => settled.push([b, a]));
      const bodies = Array.from({ length: 500 }, (_, i) => JSON.stringify({ i, alerts: Array.from({ length: 50 }, (_, j) => ({ j, text: String(i * 50 + j).repeat(200) })) }));
      const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
      (async () => {
        for (let i = 0; i < bodies.length; i += 20) await Promise.all(bodies.slice(i, i + 20).map((b) => e.encode(b)));
        await sleep(500);
        const untold = settled.length;
        const channel = new BroadcastChannel(heapSettleChannel);
        channel.postMessage('settle');
        for (const until = Date.now() + 10_000; settled.length === 0 && Date.now() < until; ) await sleep(20);
        // A second collection would have been asked for by nobody.
        await sleep(300);
        channel.close();
        console.log(JSON.stringify({ untold, settled }));
        await e.stop();
      })();`;
    const child = spawnSync(process.execPath, ['--expose-gc', '-r', '@swc-node/register', '-e', script], { encoding: 'utf8', timeout: 30_000 });
    expect(child.status).toBe(0);
    const { untold, settled } = JSON.parse(child.stdout.trim()) as { untold: number; settled: Array<[number, number]> };
    expect(untold).toBe(0);
    expect(settled).toHaveLength(1);
    const [before, after] = settled[0]!;
    expect(after).toBeLessThan(before);
  });
});
