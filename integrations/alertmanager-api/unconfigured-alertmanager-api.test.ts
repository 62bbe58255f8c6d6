import pino from 'pino';
import { systemClock } from '../../src/core/clock';
import type { ActionContext } from '../../src/engine/action';
import { expectPermanentFailure } from '../../test/helpers/expect-permanent-failure';
import { createAlertmanagerExpireSilenceAction } from './create-alertmanager-expire-silence-action';
import { createAlertmanagerSilenceAction } from './create-alertmanager-silence-action';
import { unconfiguredAlertmanagerApi } from './unconfigured-alertmanager-api';

const ctx: ActionContext = {
  runId: 'run_1',
  incidentId: 'inc_1',
  stepId: 'silence',
  commonLabels: { alertname: 'DiskFull' },
  attempt: 1,
  signal: new AbortController().signal,
  log: pino({ level: 'silent' }),
  clock: systemClock,
  approval: { state: null, approvers: [], expiresMs: 0 },
};

describe('alertmanager.* actions without ALERTMANAGER_URL', () => {
  const api = unconfiguredAlertmanagerApi();

  it('fail permanently, saying which setting is missing, and have no breaker target', async () => {
    const silence = createAlertmanagerSilenceAction({ api });
    const error = await expectPermanentFailure(silence.execute(silence.input.parse({ duration: '30m' }), ctx));
    expect(error.message).toContain('set ALERTMANAGER_URL');
    expect(silence.target?.(silence.input.parse({ duration: '30m' }))).toBeUndefined();

    const expire = createAlertmanagerExpireSilenceAction({ api });
    const expireError = await expectPermanentFailure(expire.execute({ silence_id: 'abc' }, ctx));
    expect(expireError.message).toContain('set ALERTMANAGER_URL');
  });
});
