import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import { createPagerDutyEventsClient, type PagerDutyEvent } from './create-pagerduty-events-client';
import { startFakeEventsApi } from '../../test/fakes/start-fake-events-api';

// No proxy, whatever the environment says: test traffic never leaves 127.0.0.1.
const noProxy = axios.create({ proxy: false });
const ROUTING_KEY = 'R0UT1NGKEY0000000000000000000000';
const resolveEvent: PagerDutyEvent = { routing_key: ROUTING_KEY, event_action: 'resolve', dedup_key: 'corr-1' };

async function failure(promise: Promise<unknown>): Promise<PermanentStepError | TransientStepError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PermanentStepError || error instanceof TransientStepError) return error;
    throw error;
  }
  throw new Error('expected the send to fail');
}

describe('createPagerDutyEventsClient', () => {
  let api: Awaited<ReturnType<typeof startFakeEventsApi>>;
  const client = () => createPagerDutyEventsClient({ eventsUrl: api.eventsUrl, axios: noProxy });

  beforeEach(async () => {
    api = await startFakeEventsApi();
  });
  afterEach(() => api.close());

  it('sends to events.pagerduty.com unless told otherwise', () => {
    expect(createPagerDutyEventsClient().host).toBe('events.pagerduty.com');
  });

  it('POSTs the event as JSON, once, and returns the dedup key of the 202', async () => {
    await expect(client().send(resolveEvent)).resolves.toEqual({ dedupKey: 'corr-1' });
    expect(api.received).toHaveLength(1);
    expect(api.received[0]).toMatchObject({ method: 'POST', path: '/v2/enqueue', headers: expect.objectContaining({ 'content-type': 'application/json' }) });
    expect(api.events()).toEqual([resolveEvent]);
  });

  it('fails a 400 permanently with PagerDuty’s errors, and without the routing key', async () => {
    const error = await failure(client().send({ ...resolveEvent, dedup_key: undefined }));
    expect(error).toBeInstanceOf(PermanentStepError);
    expect(error.message).toBe("pagerduty: resolve answered 400: Event object is invalid; 'dedup_key' is missing or blank");
    expect(error.details).toMatchObject({ status: 400, errors: ["'dedup_key' is missing or blank"] });
    expect(JSON.stringify(error.details) + error.message).not.toContain(ROUTING_KEY);
  });

  it('fails a 429 transiently and passes Retry-After on', async () => {
    api.answerNext({ status: 429, body: { status: 'throttle event', message: 'Requests for this service are arriving too quickly.' }, headers: { 'retry-after': '30' } });
    const error = await failure(client().send(resolveEvent));
    expect(error).toBeInstanceOf(TransientStepError);
    expect(error.details).toMatchObject({ status: 429, retryAfter: '30' });
  });

  it.each([500, 502, 503])('fails a %i transiently', async (status) => {
    api.answerNext({ status });
    await expect(client().send(resolveEvent)).rejects.toBeInstanceOf(TransientStepError);
  });

  it('fails another 4xx (a wrong events URL) permanently', async () => {
    const wrongUrl = createPagerDutyEventsClient({ eventsUrl: api.eventsUrl.replace('/v2/', '/v1/'), axios: noProxy });
    await expect(wrongUrl.send(resolveEvent)).rejects.toMatchObject({ name: 'PermanentStepError', details: { status: 404 } });
  });

  it('fails a refused connection transiently', async () => {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const unreachable = createPagerDutyEventsClient({ eventsUrl: `http://127.0.0.1:${port}/v2/enqueue`, axios: noProxy });
    await expect(unreachable.send(resolveEvent)).rejects.toMatchObject({ name: 'TransientStepError', details: { code: 'ECONNREFUSED' } });
  });

  it('refuses an event over 512 KB without sending it', async () => {
    const huge: PagerDutyEvent = { ...resolveEvent, event_action: 'trigger', payload: { summary: 's', source: 'x', severity: 'info', custom_details: { log: 'x'.repeat(600_000) } } };
    await expect(client().send(huge)).rejects.toThrow(/over PagerDuty's 512 KB limit/);
    expect(api.received).toHaveLength(0);
  });
});
