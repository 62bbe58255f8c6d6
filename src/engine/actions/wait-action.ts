import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { durationString } from '../../playbooks/duration-string';
import type { Action } from '../action';
import { TransientStepError } from '../step-errors';

export interface WaitActionDeps {
  /** Must reject when `signal` aborts. Tests pass one that returns at once. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

// A unit is required (`30s`, not `30`), as everywhere in playbooks.
const inputSchema = z.object({ duration: durationString({ min: 0 }) }).strict();

/**
 * `wait`: pauses the run, e.g. to let a restarted service warm up before a check. Idempotent: waiting
 * again after a crash costs only time. The step's `timeout:` must be longer than `duration`.
 */
export function createWaitAction(deps: WaitActionDeps = {}): Action<{ duration: number }> {
  const sleep = deps.sleep ?? ((ms: number, signal: AbortSignal) => delay(ms, undefined, { signal }));
  return {
    name: 'wait',
    description: 'Waits for a duration (e.g. "30s") before the next step',
    input: inputSchema,
    idempotent: true,
    async execute(input, ctx) {
      try {
        await sleep(input.duration, ctx.signal);
      } catch (error) {
        if (ctx.signal.aborted) throw new TransientStepError('wait: aborted', { aborted: true });
        throw error;
      }
      return { waitedMs: input.duration };
    },
  };
}
