import type * as Cockatiel from 'cockatiel';

/**
 * The cockatiel package (retries, circuit breakers, timeouts), loaded when a step or an Alertmanager peer first
 * needs a policy rather than with the rest of the server (Node's module cache keeps it after): ~15 ms of start-up
 * that no request had asked for yet.
 */
export function cockatielLibrary(): typeof Cockatiel {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first needed (see above)
  return require('cockatiel') as typeof Cockatiel;
}
