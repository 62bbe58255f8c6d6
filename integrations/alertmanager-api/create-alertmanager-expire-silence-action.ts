import { z } from 'zod';
import type { AlertmanagerApi } from '../../src/core/alertmanager/alertmanager-api';
import type { Action } from '../../src/engine/action';
import { toStepError } from './to-step-error';

const NAME = 'alertmanager.expire_silence';

const inputSchema = z.object({ silence_id: z.string().trim().min(1).max(100) }).strict();

/**
 * `alertmanager.expire_silence`: ends a silence now, typically in `compensate:` with
 * `silence_id: "{{ steps.<silence step>.output.silence_id }}"`. An already expired or unknown silence is
 * done, so it is safe to run again.
 */
export function createAlertmanagerExpireSilenceAction(deps: { api: AlertmanagerApi }): Action<{ silence_id: string }> {
  const { api } = deps;
  return {
    name: NAME,
    description: 'Expires an Alertmanager silence (an already expired or unknown one is not an error)',
    input: inputSchema,
    idempotent: true,
    target: () => (api.urls[0] ? new URL(api.urls[0]).host : undefined),
    async execute(input, ctx) {
      try {
        await api.expireSilence(input.silence_id, ctx.signal);
      } catch (error) {
        throw toStepError(NAME, error);
      }
      return { silence_id: input.silence_id, expired: true, link: api.silenceLink(input.silence_id) };
    },
  };
}
