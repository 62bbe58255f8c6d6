import type { CircuitBreakerPolicy, IPolicy } from 'cockatiel';
import { BoundedMap } from '../core/retention/bounded-map';
import type { RetryPolicy } from '../core/playbooks/playbook';
import { cockatielLibrary } from './cockatiel-library';
import { PermanentStepError, SuspendForApproval } from './step-errors';

/** Only failures that may pass by themselves are retried: never a permanent error or an approval wait. */
const retryable = () => cockatielLibrary().handleWhen((e) => !(e instanceof PermanentStepError) && !(e instanceof SuspendForApproval));

/**
 * One circuit breaker per target host, shared by every run of the process: five consecutive failures
 * against a host open it for 30 s, so a storm of runs doesn't hammer a target that is already down.
 * Hosts come from rendered URLs (`https://{{ labels.instance }}/…`), so the map is bounded: past
 * `maxHosts` the least recently used closed breaker goes (it only forgets a few failures); open or
 * half-open ones are kept while a closed one can go.
 */
export function createBreakers(options: { threshold?: number; halfOpenAfterMs?: number; maxHosts?: number } = {}) {
  const breakers = new BoundedMap<string, CircuitBreakerPolicy>({ maxEntries: options.maxHosts ?? 1_000, keep: (b) => b.state !== cockatielLibrary().CircuitState.Closed });
  return (target: string | undefined): IPolicy | undefined => {
    if (!target) return undefined;
    let b = breakers.get(target);
    if (!b) {
      const { circuitBreaker, ConsecutiveBreaker } = cockatielLibrary();
      b = circuitBreaker(retryable(), {
        halfOpenAfter: options.halfOpenAfterMs ?? 30_000,
        breaker: new ConsecutiveBreaker(options.threshold ?? 5),
      });
      breakers.set(target, b);
    }
    return b;
  };
}

/** retry(backoff with jitter) ∘ breaker(target) ∘ timeout(per attempt), built from the step's declaration. */
export function createStepPolicy(policy: RetryPolicy, timeoutMs: number, breaker: IPolicy | undefined): IPolicy {
  const { ConstantBackoff, ExponentialBackoff, retry, timeout, TimeoutStrategy, wrap } = cockatielLibrary();
  const backoff =
    policy.backoff === 'fixed'
      ? new ConstantBackoff(policy.initialMs)
      : new ExponentialBackoff({ initialDelay: policy.initialMs, maxDelay: policy.maxMs });
  const retries = retry(retryable(), { maxAttempts: Math.max(0, policy.attempts - 1), backoff });
  const perAttempt = timeout(timeoutMs, TimeoutStrategy.Aggressive);
  return breaker ? wrap(retries, breaker, perAttempt) : wrap(retries, perAttempt);
}
