import net from 'node:net';
import pino from 'pino';
import { createManualClock } from '../../src/core/clock';
import type { ActionContext } from '../../src/engine/action';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import { startFakeAlertmanagerApi } from '../../test/fakes/start-fake-alertmanager-api';
import { createAlertmanagerApi } from './create-alertmanager-api';
import { createAlertmanagerExpireSilenceAction } from './create-alertmanager-expire-silence-action';
import { createAlertmanagerSilenceAction } from './create-alertmanager-silence-action';

type Fake = Awaited<ReturnType<typeof startFakeAlertmanagerApi>>;

const commonLabels = { alertname: 'HighErrorRate', service: 'checkout', namespace: 'prod' };

function contextFor(overrides: Partial<ActionContext> = {}): ActionContext {
  return {
    runId: 'run_7',
    incidentId: 'inc_3',
    stepId: 'silence',
    commonLabels,
    attempt: 1,
    signal: new AbortController().signal,
    log: pino({ level: 'silent' }),
    // Real "now": the fake, like Alertmanager, expires silences by the wall clock.
    clock: createManualClock(new Date()),
    approval: { state: null, approvers: [], expiresMs: 0 },
    ...overrides,
  };
}

describe('alertmanager.silence and alertmanager.expire_silence', () => {
  let am: Fake;
  let silence: ReturnType<typeof createAlertmanagerSilenceAction>;
  let expire: ReturnType<typeof createAlertmanagerExpireSilenceAction>;
  const run = (input: Record<string, unknown>, ctx = contextFor()) => silence.execute(silence.input.parse(input), ctx);

  beforeEach(async () => {
    am = await startFakeAlertmanagerApi();
    const api = createAlertmanagerApi({ urls: [am.url], externalUrl: 'https://am.example.com', timeoutMs: 2_000, reconcileIntervalMs: 60_000, reconcileGraceMs: 300_000 }, { backoffMs: 1 });
    silence = createAlertmanagerSilenceAction({ api });
    expire = createAlertmanagerExpireSilenceAction({ api });
  });
  afterEach(() => am.close());

  it('declares itself idempotent, aimed at the first Alertmanager', () => {
    expect(silence).toMatchObject({ name: 'alertmanager.silence', idempotent: true });
    expect(expire).toMatchObject({ name: 'alertmanager.expire_silence', idempotent: true });
    expect(silence.target?.(silence.input.parse({ duration: '30m' }))).toBe(new URL(am.url).host);
  });

  it("silences the incident's alerts by their common labels, saying who and why", async () => {
    const ctx = contextFor();
    const output = await run({ duration: '30m', comment: 'restarting checkout' }, ctx);
    const [created] = am.silences();
    expect(created).toMatchObject({
      createdBy: 'mendbot',
      comment: 'mendbot run run_7 step silence (incident inc_3): restarting checkout',
      matchers: [
        { name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true },
        { name: 'namespace', value: 'prod', isRegex: false, isEqual: true },
        { name: 'service', value: 'checkout', isRegex: false, isEqual: true },
      ],
      status: { state: 'active' },
    });
    const startsAt = ctx.clock.now().getTime();
    expect(Date.parse(created!.endsAt) - Date.parse(created!.startsAt)).toBe(30 * 60_000);
    expect(Date.parse(created!.startsAt)).toBe(startsAt);
    expect(output).toEqual({ silence_id: created!.id, link: `https://am.example.com/#/silences/${created!.id}`, ends_at: created!.endsAt, keep: false });
  });

  it('uses the matchers the step gives instead', async () => {
    await run({ duration: '10m', matchers: ['alertname="HighErrorRate"', 'pod=~"checkout-.*"', 'env!=staging'] });
    expect(am.silences()[0]!.matchers).toEqual([
      { name: 'alertname', value: 'HighErrorRate', isRegex: false, isEqual: true },
      { name: 'pod', value: 'checkout-.*', isRegex: true, isEqual: true },
      { name: 'env', value: 'staging', isRegex: false, isEqual: false },
    ]);
  });

  it('finds its own silence on a retry or a replay instead of creating a second', async () => {
    const first = await run({ duration: '30m' });
    const again = await run({ duration: '30m' }, contextFor({ attempt: 2 }));
    expect(again.silence_id).toBe(first.silence_id);
    expect(am.silences()).toHaveLength(1);
    expect(am.requests('/api/v2/silences', 'GET')[0]!.query.getAll('filter')).toEqual(['alertname="HighErrorRate"', 'namespace="prod"', 'service="checkout"']);
  });

  it("does not take another step's or another run's silence for its own", async () => {
    await run({ duration: '30m' }, contextFor({ stepId: 'silence1' }));
    await run({ duration: '30m' }, contextFor({ stepId: 'silence10' }));
    await run({ duration: '30m' }, contextFor({ runId: 'run_8', stepId: 'silence1' }));
    expect(am.silences()).toHaveLength(3);
  });

  it('creates a new silence when its earlier one was expired', async () => {
    const first = await run({ duration: '30m' });
    await expire.execute({ silence_id: String(first.silence_id) }, contextFor());
    const second = await run({ duration: '30m' });
    expect(second.silence_id).not.toBe(first.silence_id);
  });

  it('refuses to run with no matchers: a silence without any would silence everything', async () => {
    const error = await run({ duration: '30m' }, contextFor({ commonLabels: {} })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentStepError);
    expect((error as Error).message).toMatch(/no matchers/);
    expect(am.received).toEqual([]);
    expect(silence.input.safeParse({ duration: '30m', matchers: [] }).success).toBe(false);
  });

  it('validates its input: a duration of at most 24h, matchers in Alertmanager syntax, nothing else', () => {
    expect(silence.input.parse({ duration: '2h' })).toEqual({ duration: 7_200_000, keep: false });
    expect(silence.input.safeParse({ duration: '25h' }).success).toBe(false);
    expect(silence.input.safeParse({}).success).toBe(false);
    expect(silence.input.safeParse({ duration: '1h', matchers: ['not a matcher'] }).success).toBe(false);
    expect(silence.input.safeParse({ duration: '1h', matchers: ['job=~"("'] }).success).toBe(false);
    expect(silence.input.safeParse({ duration: '1h', until: 'later' }).success).toBe(false);
  });

  it('expires the silence when the run ends', async () => {
    const output = await run({ duration: '30m' });
    await silence.onRunEnd!(output, contextFor());
    expect(am.silences()[0]!.status.state).toBe('expired');
    // A crash can repeat the call.
    await silence.onRunEnd!(output, contextFor());
  });

  it('keeps the silence at the end of the run with keep: true', async () => {
    const output = await run({ duration: '30m', keep: true });
    expect(output.keep).toBe(true);
    await silence.onRunEnd!(output, contextFor());
    expect(am.silences()[0]!.status.state).toBe('active');
    expect(am.requests(`/api/v2/silence/${String(output.silence_id)}`)).toEqual([]);
  });

  it('expire_silence is idempotent: an expired or unknown silence is done', async () => {
    const output = await run({ duration: '30m' });
    const input = expire.input.parse({ silence_id: output.silence_id });
    expect(await expire.execute(input, contextFor())).toMatchObject({ silence_id: output.silence_id, expired: true });
    await expire.execute(input, contextFor());
    await expire.execute(expire.input.parse({ silence_id: '00000000-0000-0000-0000-000000000000' }), contextFor());
    expect(am.silences()[0]!.status.state).toBe('expired');
  });

  it('fails transiently while Alertmanager is unreachable, permanently when it refuses', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const down = createAlertmanagerApi({ urls: [`http://127.0.0.1:${port}`], timeoutMs: 1_000, reconcileIntervalMs: 0, reconcileGraceMs: 0 }, { backoffMs: 1 });
    const offline = createAlertmanagerSilenceAction({ api: down });
    await expect(offline.execute(offline.input.parse({ duration: '5m' }), contextFor())).rejects.toBeInstanceOf(TransientStepError);

    am.answerNext({ status: 200, body: [] }, { status: 400, body: 'Failed to create silence: invalid matcher' });
    await expect(run({ duration: '5m' })).rejects.toBeInstanceOf(PermanentStepError);
  });
});
