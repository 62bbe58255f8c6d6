import type { RunStatus } from './run';

/**
 * What a finished run does to its playbook's consecutive-failure counter: a success resets it; a failure,
 * a compensation or an escalation counts; anything else (cancelled, dry run) leaves it alone.
 */
export function breakerCounter(status: RunStatus): 'reset' | 'increment' | null {
  if (status === 'succeeded') return 'reset';
  if (status === 'failed' || status === 'compensated' || status === 'needs_attention') return 'increment';
  return null;
}
