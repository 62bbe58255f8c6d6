import axios from 'axios';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import { createPagerDutyEventsClient } from './create-pagerduty-events-client';
import { createPagerDutyTriggerAction } from './create-pagerduty-trigger-action';
import { createPagerDutyUpdateAction } from './create-pagerduty-update-action';
import { pagerDutyTestContext } from '../../test/fakes/pagerduty-test-context';
import { startFakeEventsApi } from '../../test/fakes/start-fake-events-api';

const ROUTING_KEY = 'R0UT1NGKEY0000000000000000000000';

describe.each(['acknowledge', 'resolve'] as const)('pagerduty.%s', (eventAction) => {
  let api: Awaited<ReturnType<typeof startFakeEventsApi>>;
  let client: ReturnType<typeof createPagerDutyEventsClient>;
  let action: ReturnType<typeof createPagerDutyUpdateAction>;

  beforeEach(async () => {
    api = await startFakeEventsApi();
    client = createPagerDutyEventsClient({ eventsUrl: api.eventsUrl, axios: axios.create({ proxy: false }) });
    action = createPagerDutyUpdateAction({ client, routingKey: ROUTING_KEY, eventAction });
  });
  afterEach(() => api.close());

  it('is idempotent', () => {
    expect(action).toMatchObject({ name: `pagerduty.${eventAction}`, idempotent: true });
  });

  it('sends exactly routing_key, event_action and dedup_key', async () => {
    await expect(action.execute(action.input.parse({ dedup_key: 'corr-7f3a' }), pagerDutyTestContext())).resolves.toEqual({
      eventAction,
      dedupKey: 'corr-7f3a',
      dedupKeyHashed: false,
    });
    expect(api.events()).toEqual([{ routing_key: ROUTING_KEY, event_action: eventAction, dedup_key: 'corr-7f3a' }]);
  });

  it('reaches the alert a long key opened, by hashing it the same way', async () => {
    const key = 'c'.repeat(400);
    const trigger = createPagerDutyTriggerAction({ client, routingKey: ROUTING_KEY });
    await trigger.execute(trigger.input.parse({ summary: 's', dedup_key: key }), pagerDutyTestContext());
    await action.execute(action.input.parse({ dedup_key: key }), pagerDutyTestContext());
    const [opened, updated] = api.events();
    expect(updated!.dedup_key).toBe(opened!.dedup_key);
  });

  it('requires dedup_key', () => {
    expect(action.input.safeParse({}).success).toBe(false);
  });

  it('fails a 5xx transiently', async () => {
    api.answerNext({ status: 500 });
    await expect(action.execute({ dedup_key: 'corr-7f3a' }, pagerDutyTestContext())).rejects.toBeInstanceOf(TransientStepError);
  });

  it('fails permanently without a routing key', async () => {
    const keyless = createPagerDutyUpdateAction({ client, eventAction });
    await expect(keyless.execute({ dedup_key: 'corr-7f3a' }, pagerDutyTestContext())).rejects.toThrow(PermanentStepError);
    expect(api.received).toHaveLength(0);
  });
});
