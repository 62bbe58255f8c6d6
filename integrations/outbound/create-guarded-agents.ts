import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Duplex } from 'node:stream';
import { OutboundDeniedError } from './outbound-denied-error';
import type { OutboundPolicy } from './outbound-policy';

type Connect = (options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void) => Duplex | null | undefined;

/**
 * The check every new connection passes. An IP literal (Node does not look those up) is checked as is;
 * a name gets the guarded lookup, so the address the socket really connects to is the one checked.
 * Refusing through the callback is how Node's own agent reports a connection that could not be made.
 */
function guardedConnect(policy: OutboundPolicy, lookup: LookupFunction, connect: Connect): Connect {
  return (options, callback) => {
    const host = (options.host ?? options.hostname ?? '').replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) !== 0) {
      const why = policy.checkAddress(host);
      if (why !== undefined) {
        // Node's agent calls back with an error and no socket the same way when it cannot create one.
        (callback as ((err: Error) => void) | undefined)?.(new OutboundDeniedError(host, why));
        return undefined;
      }
    }
    return connect({ ...options, lookup }, callback);
  };
}

class GuardedHttpAgent extends http.Agent {
  private readonly guarded: Connect;
  constructor(policy: OutboundPolicy, lookup: LookupFunction) {
    super();
    this.guarded = guardedConnect(policy, lookup, (o, cb) => super.createConnection(o, cb));
  }
  override createConnection(options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    return this.guarded(options, callback);
  }
}

class GuardedHttpsAgent extends https.Agent {
  private readonly guarded: Connect;
  constructor(policy: OutboundPolicy, lookup: LookupFunction) {
    super();
    this.guarded = guardedConnect(policy, lookup, (o, cb) => super.createConnection(o, cb));
  }
  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    return this.guarded(options, callback);
  }
}

/** http and https agents whose every connection, redirects included, is held to the policy. */
export function createGuardedAgents(policy: OutboundPolicy, lookup: LookupFunction): { httpAgent: http.Agent; httpsAgent: https.Agent } {
  return { httpAgent: new GuardedHttpAgent(policy, lookup), httpsAgent: new GuardedHttpsAgent(policy, lookup) };
}
