/**
 * One Alertmanager peer did not give a usable answer. `transient` failures (network, timeout, 5xx, 429)
 * may pass by themselves and are retried; the others (4xx, an answer that is not Alertmanager's, an
 * outbound denial) would fail the same way again.
 */
export class PeerRequestError extends Error {
  override readonly name = 'PeerRequestError';
  constructor(
    message: string,
    readonly transient: boolean,
    readonly status?: number,
  ) {
    super(message);
  }
}
