import type http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import type { AlertmanagerApiTls } from '../../src/config/alertmanager-api-settings';
import type { OutboundGuard } from '../outbound/create-outbound-guard';

/**
 * An https agent carrying the TLS options (Node merges an agent's options into every connection it
 * makes) whose connections are opened by the outbound guard's agent, so the guard still checks the
 * address actually connected to.
 */
class TlsAgent extends https.Agent {
  constructor(
    options: https.AgentOptions,
    private readonly guarded: https.Agent,
  ) {
    super(options);
  }
  override createConnection(options: https.RequestOptions, callback?: (err: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    return (this.guarded as unknown as { createConnection: TlsAgent['createConnection'] }).createConnection(options, callback);
  }
}

export interface AlertmanagerAgents {
  httpAgent: http.Agent;
  httpsAgent: https.Agent;
}

/**
 * The agents every request to Alertmanager goes through: the guard's own, plus CA / client certificate /
 * skip-verify when ALERTMANAGER_API_* TLS settings are given. The files are read once, here.
 */
export function createAlertmanagerAgents(guard: OutboundGuard, tls: AlertmanagerApiTls | undefined, readFile: (path: string) => Buffer): AlertmanagerAgents {
  const { httpAgent, httpsAgent } = guard.requestConfig;
  if (!tls) return { httpAgent, httpsAgent };
  const options: https.AgentOptions = {
    keepAlive: true,
    ...(tls.caFile ? { ca: readFile(tls.caFile) } : {}),
    ...(tls.certFile && tls.keyFile ? { cert: readFile(tls.certFile), key: readFile(tls.keyFile) } : {}),
    ...(tls.insecureSkipVerify ? { rejectUnauthorized: false } : {}),
  };
  return { httpAgent, httpsAgent: new TlsAgent(options, httpsAgent) };
}
