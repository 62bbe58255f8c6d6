import type { LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';

/**
 * A resolver like /etc/hosts, for tests: each name maps to an address, or to a function giving the next
 * answer (a DNS-rebinding server changes its answer between lookups). Unknown names fail like NXDOMAIN.
 * `calls` records every name asked, so a test can prove a name was refused without being looked up.
 */
export function hostsLookup(table: Record<string, string | (() => string)>): LookupFunction & { calls: string[] } {
  const calls: string[] = [];
  const lookup: LookupFunction = (hostname, options, callback) => {
    calls.push(hostname);
    const entry = table[hostname.toLowerCase()];
    process.nextTick(() => {
      if (entry === undefined) {
        const error = Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
        return callback(error, '');
      }
      const address = typeof entry === 'function' ? entry() : entry;
      const family = isIP(address);
      if (options.all) return callback(null, [{ address, family } satisfies LookupAddress]);
      callback(null, address, family);
    });
  };
  return Object.assign(lookup, { calls });
}
