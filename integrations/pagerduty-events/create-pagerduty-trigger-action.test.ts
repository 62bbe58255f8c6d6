import { createHash } from 'node:crypto';
import axios from 'axios';
import { createStepPolicy } from '../../src/engine/create-step-policy';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import { createPagerDutyEventsClient } from './create-pagerduty-events-client';
import { createPagerDutyTriggerAction } from './create-pagerduty-trigger-action';
import { pagerDutyTestContext } from '../../test/fakes/pagerduty-test-context';
import { startFakeEventsApi } from '../../test/fakes/start-fake-events-api';

const ROUTING_KEY = 'R0UT1NGKEY0000000000000000000000';
/** The executor's policy for `retry: { attempts: 3, backoff: fixed, initial: 1ms }`. */
const retryThrice = createStepPolicy({ attempts: 3, backoff: 'fixed', initialMs: 1, maxMs: 1 }, 5_000, undefined);

describe('pagerduty.trigger', () => {
  let api: Awaited<ReturnType<typeof startFakeEventsApi>>;
  let action: ReturnType<typeof createPagerDutyTriggerAction>;
  const run = (input: Record<string, unknown>) => action.execute(action.input.parse(input), pagerDutyTestContext());
  const minimal = { summary: 'Restarting prod/checkout did not stop the crash loop', dedup_key: 'corr-7f3a' };

  beforeEach(async () => {
    api = await startFakeEventsApi();
    const client = createPagerDutyEventsClient({ eventsUrl: api.eventsUrl, axios: axios.create({ proxy: false }) });
    action = createPagerDutyTriggerAction({ client, routingKey: ROUTING_KEY });
  });
  afterEach(() => api.close());

  describe('its declaration', () => {
    it('is idempotent, since PagerDuty folds repeats of a dedup_key into one alert', () => {
      expect(action).toMatchObject({ name: 'pagerduty.trigger', idempotent: true });
      expect(action.target?.(action.input.parse(minimal))).toBe(new URL(api.eventsUrl).host);
    });

    it('is registered a second time as pagerduty.escalate', () => {
      expect(createPagerDutyTriggerAction({ routingKey: ROUTING_KEY, name: 'pagerduty.escalate' })).toMatchObject({ name: 'pagerduty.escalate', idempotent: true });
    });

    it('defaults the severity to error', () => {
      expect(action.input.parse(minimal)).toEqual({ ...minimal, severity: 'error' });
    });

    it('requires dedup_key and names the correlation-ID idiom', () => {
      const result = action.input.safeParse({ summary: 's' });
      expect(result.error?.issues[0]?.message).toMatch(/dedup_key is required; use "\{\{ incident.correlationId \}\}"/);
    });

    it.each([
      ['an unknown severity', { ...minimal, severity: 'page' }],
      ['an empty summary', { ...minimal, summary: '  ' }],
      ['a link that is not a URL', { ...minimal, links: [{ href: 'runbook' }] }],
      ['a misspelt field', { ...minimal, dedupKey: 'x' }],
    ])('rejects %s', (_name, input) => {
      expect(action.input.safeParse(input).success).toBe(false);
    });
  });

  describe('when PagerDuty accepts the event', () => {
    it('sends exactly the Events API v2 trigger body', async () => {
      await run({
        ...minimal,
        severity: 'critical',
        source: 'prod-eu-1/checkout',
        component: 'checkout',
        group: 'payments',
        class: 'crashloop',
        custom_details: { runId: 'run_1', restarts: 14 },
        links: [{ href: 'https://mendbot.example/runs/run_1', text: 'mendbot run' }],
      });
      expect(api.events()).toEqual([
        {
          routing_key: ROUTING_KEY,
          event_action: 'trigger',
          dedup_key: 'corr-7f3a',
          payload: {
            summary: 'Restarting prod/checkout did not stop the crash loop',
            source: 'prod-eu-1/checkout',
            severity: 'critical',
            timestamp: '2026-03-14T09:41:07.314Z',
            component: 'checkout',
            group: 'payments',
            class: 'crashloop',
            custom_details: { runId: 'run_1', restarts: 14 },
          },
          links: [{ href: 'https://mendbot.example/runs/run_1', text: 'mendbot run' }],
          client: 'mendbot',
        },
      ]);
    });

    it('returns the dedup key PagerDuty answered with', async () => {
      await expect(run(minimal)).resolves.toEqual({ eventAction: 'trigger', dedupKey: 'corr-7f3a', dedupKeyHashed: false, summaryTruncated: false });
    });

    it('names mendbot as the source when the step does not', async () => {
      await run(minimal);
      expect(api.events()[0]).toMatchObject({ payload: { source: 'mendbot', severity: 'error' } });
    });

    it('cuts a summary to 1024 characters, ending in …, and says so', async () => {
      await expect(run({ ...minimal, summary: 'x'.repeat(5000) })).resolves.toMatchObject({ summaryTruncated: true });
      const summary = (api.events()[0]!.payload as { summary: string }).summary;
      expect(summary).toHaveLength(1024);
      expect(summary.endsWith('x…')).toBe(true);
    });

    it('hashes a dedup_key longer than 255 characters with sha256', async () => {
      const key = 'k'.repeat(300);
      await expect(run({ ...minimal, dedup_key: key })).resolves.toMatchObject({ dedupKeyHashed: true });
      expect(api.events()[0]!.dedup_key).toBe(createHash('sha256').update(key).digest('hex'));
    });
  });

  describe('when PagerDuty refuses or is unavailable', () => {
    it('does not retry a 400: the executor stops after one attempt', async () => {
      api.answerNext({ status: 400, body: { status: 'invalid event', message: 'Event object is invalid', errors: ["Length of 'routing_key' is incorrect (should be 32 characters)"] } });
      const input = action.input.parse(minimal);
      const error = await retryThrice.execute(({ signal }) => action.execute(input, pagerDutyTestContext({ signal }))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermanentStepError);
      expect((error as PermanentStepError).details).toMatchObject({ errors: ["Length of 'routing_key' is incorrect (should be 32 characters)"] });
      expect(api.received).toHaveLength(1);
    });

    it('fails a 429 transiently, so the executor retries and the next 202 succeeds', async () => {
      api.answerNext({ status: 429, body: { status: 'throttle event' }, headers: { 'retry-after': '1' } });
      await expect(run(minimal)).rejects.toBeInstanceOf(TransientStepError);
      api.answerNext({ status: 429, body: { status: 'throttle event' } });
      const input = action.input.parse(minimal);
      await expect(retryThrice.execute(({ signal }) => action.execute(input, pagerDutyTestContext({ signal })))).resolves.toMatchObject({ dedupKey: 'corr-7f3a' });
      expect(api.received).toHaveLength(3);
    });

    it('fails a 5xx transiently', async () => {
      api.answerNext({ status: 503 });
      await expect(run(minimal)).rejects.toBeInstanceOf(TransientStepError);
    });

    it('fails permanently, sending nothing, without a routing key', async () => {
      const client = createPagerDutyEventsClient({ eventsUrl: api.eventsUrl, axios: axios.create({ proxy: false }) });
      const keyless = createPagerDutyTriggerAction({ client });
      const error = await keyless.execute(keyless.input.parse(minimal), pagerDutyTestContext()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PermanentStepError);
      expect((error as Error).message).toMatch(/PAGERDUTY_ROUTING_KEY is not set/);
      expect(api.received).toHaveLength(0);
    });
  });
});

