import { z } from 'zod';
import type { Logger } from '../../telemetry/create-logger';
import type { Action } from '../action';
import { PermanentStepError, TransientStepError } from '../step-errors';

/**
 * The slice of a chat integration (Slack) that `notify` needs. It may throw PermanentStepError for what
 * no retry fixes (channel not found, bad token); any other error counts as transient.
 */
export interface ChatPort {
  post(message: { text: string; incidentId?: string }): Promise<void>;
}

export interface NotifyActionDeps {
  /** Absent when no chat is configured: messages then go to the log only. */
  chat?: ChatPort;
  log: Logger;
}

const inputSchema = z.object({ text: z.string().trim().min(1, 'text must not be empty') }).strict();

/**
 * `notify`: posts a message to the incident's chat, or logs it when there is none, so a playbook works
 * the same with or without Slack. Idempotent: a repeated message after a crash is a nuisance, not harm.
 */
export function createNotifyAction(deps: NotifyActionDeps): Action<{ text: string }> {
  return {
    name: 'notify',
    description: 'Posts a message to chat (or logs it when no chat is configured)',
    input: inputSchema,
    idempotent: true,
    async execute(input, ctx) {
      if (!deps.chat) {
        deps.log.info({ runId: ctx.runId, stepId: ctx.stepId, text: input.text }, 'notify (no chat configured)');
        return { delivered: false, logged: true };
      }
      // The port takes no signal, so this is the last point where an abort can stop the message.
      if (ctx.signal.aborted) throw new TransientStepError('notify: aborted', { aborted: true });
      try {
        await deps.chat.post({ text: input.text, incidentId: ctx.incidentId });
      } catch (error) {
        if (error instanceof PermanentStepError || error instanceof TransientStepError) throw error;
        // Rate limits and outages pass; the step's retry policy decides how often to try.
        throw new TransientStepError('notify: chat post failed', { error: error instanceof Error ? error.message : String(error) });
      }
      return { delivered: true, logged: false };
    },
  };
}
