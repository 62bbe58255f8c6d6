import type http from 'node:http';
import type https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { createGuardedAgents } from './create-guarded-agents';
import { createGuardedLookup } from './create-guarded-lookup';
import { OutboundDeniedError } from './outbound-denied-error';
import { createOutboundPolicy, type OutboundPolicyOptions } from './outbound-policy';

export interface OutboundGuardOptions extends OutboundPolicyOptions {
  /** Name resolution; default the system resolver (dns.lookup). Tests pass a hosts-style function. */
  lookup?: LookupFunction;
}

/** What an action merges into each axios request so that request is guarded. */
interface GuardedRequestConfig {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
  /**
   * Never through a proxy taken from HTTP(S)_PROXY: the proxy would make the connection, and the guard
   * could then only see the proxy's address, not the target's.
   */
  proxy: false;
}

export interface OutboundGuard {
  /** Per-request axios config (agents + no proxy). Request-level, so it holds for any client passed in. */
  requestConfig: GuardedRequestConfig;
  /**
   * A quick look at the URL before sending, for a clear error without a connection attempt: IP literals
   * (decimal and octal forms are already normalised by URL parsing) and metadata names. The agents check
   * again at connect time, which is what actually protects.
   */
  check(url: URL): OutboundDeniedError | undefined;
}

/**
 * The shared guard for every request a playbook step makes (`http`, `prometheus.check`, any future
 * action): link-local, metadata and unspecified addresses are denied unless allowed, an optional
 * allowlist narrows everything, and the check runs on the resolved address each socket connects to,
 * redirects included.
 */
export function createOutboundGuard(options: OutboundGuardOptions = {}): OutboundGuard {
  const policy = createOutboundPolicy(options);
  const lookup = createGuardedLookup(policy, options.lookup);
  const agents = createGuardedAgents(policy, lookup);
  return {
    requestConfig: { ...agents, proxy: false },
    check(url) {
      const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
      const why = isIP(host) !== 0 ? policy.checkAddress(host) : policy.checkHostName(host);
      return why === undefined ? undefined : new OutboundDeniedError(host, why);
    },
  };
}
