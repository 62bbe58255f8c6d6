import type { Executor } from '../engine/create-executor';
import type { Store } from '../store/store';
import type { Logger } from '../telemetry/create-logger';
import type { SlackIntegration } from '../../integrations/slack/create-slack-integration';
import type { HttpServer } from './start-http-server';

export interface ShutdownDeps {
  log: Logger;
  /** MENDBOT_SHUTDOWN_TIMEOUT: the whole drain must fit in it (Kubernetes kills the pod after its grace period). */
  shutdownTimeoutMs: number;
  http: HttpServer;
  executor: Executor;
  stopSchedules(): Promise<void>;
  /** Stops the services' background refreshes. */
  stopServices(): void;
  slack: SlackIntegration | undefined;
  store: Store;
}

/**
 * Graceful shutdown, once however often it is asked for: refuse new requests (503), stop the schedules, let
 * in-flight requests and the steps in hand finish within the timeout, then drop what is left and close
 * Slack and the store.
 */
export function createShutdown(deps: ShutdownDeps): (reason: string) => Promise<void> {
  const { log, http, executor } = deps;
  let closing: Promise<void> | undefined;
  return (reason) => {
    closing ??= (async () => {
      log.info({ reason }, 'shutting down: no new requests, finishing in-flight ones');
      http.refuseNewRequests();
      await deps.stopSchedules();
      deps.stopServices();
      const httpDrained = http.drain();
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, deps.shutdownTimeoutMs).unref());
      // Steps in flight get the timeout minus 5 s; the rest is for aborting what still runs and closing Slack
      // and the store before the deadline.
      const executorGraceMs = Math.max(0, deps.shutdownTimeoutMs - 5_000);
      await Promise.race([Promise.all([httpDrained, executor.stop(executorGraceMs)]), timeout]);
      http.closeAllConnections();
      await deps.slack?.stop();
      await deps.store.close();
      log.info('stopped');
    })();
    return closing;
  };
}
