/** The `code` a denied connection carries through axios (AxiosError copies it from the socket error). */
const outboundDeniedCode = 'EOUTBOUND_DENIED';

/**
 * A playbook request was refused before any byte left the process: its target (or the address its name
 * resolved to) is one mendbot never connects to unless told to. Permanent: a retry would be refused too.
 */
export class OutboundDeniedError extends Error {
  override readonly name = 'OutboundDeniedError';
  readonly code = outboundDeniedCode;

  constructor(
    /** What was asked for: `169.254.169.254`, or `name (address)` after a lookup. */
    readonly target: string,
    /** Why: which rule refused it. */
    readonly reason: string,
  ) {
    super(`outbound request to ${target} denied: ${reason}`);
  }
}

/** The denial inside `error` (an AxiosError wrapping the socket's error, or the error itself), if any. */
export function findOutboundDenial(error: unknown): OutboundDeniedError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if (current instanceof OutboundDeniedError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
