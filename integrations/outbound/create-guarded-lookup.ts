import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { OutboundDeniedError } from './outbound-denied-error';
import type { OutboundPolicy } from './outbound-policy';

/** How names are resolved; tests inject a hosts-style function instead of DNS. */
const systemLookup: LookupFunction = (hostname, options, callback) => dns.lookup(hostname, options, callback);

/**
 * A `lookup` for sockets: resolves the name, then checks every address it got against the policy before
 * the socket may connect. The socket connects to exactly what this returns, so there is no window between
 * check and use for a DNS answer to change (no rebinding gap). With `all: true` (Happy Eyeballs) one denied
 * address refuses the whole name rather than leaving it to chance which one is tried.
 */
export function createGuardedLookup(policy: OutboundPolicy, lookup: LookupFunction = systemLookup): LookupFunction {
  return (hostname, options, callback) => {
    const byName = policy.checkHostName(hostname);
    if (byName !== undefined) {
      process.nextTick(() => callback(new OutboundDeniedError(hostname, byName), ''));
      return;
    }
    lookup(hostname, options, (error, address, family) => {
      if (error) return callback(error, address, family);
      const addresses = Array.isArray(address) ? address.map((a) => a.address) : [address];
      for (const a of addresses) {
        const why = policy.checkAddress(a);
        if (why !== undefined) return callback(new OutboundDeniedError(`${hostname} (${a})`, why), '');
      }
      callback(null, address, family);
    });
  };
}
