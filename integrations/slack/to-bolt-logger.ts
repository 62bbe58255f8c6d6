import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../src/telemetry/create-logger';

/**
 * Bolt's and the WebClient's logger interface on top of mendbot's pino logger, so their lines come out as
 * structured JSON with `component: "slack"` (and pino's redaction), not on stdout in their own format.
 */
export function toBoltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'slack' });
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  const errorOf = (msg: unknown[]) => msg.find((m): m is Error => m instanceof Error);
  return {
    debug: (...msg: unknown[]) => child.debug(text(msg)),
    info: (...msg: unknown[]) => child.info(text(msg)),
    warn: (...msg: unknown[]) => child.warn({ err: errorOf(msg) }, text(msg)),
    error: (...msg: unknown[]) => child.error({ err: errorOf(msg) }, text(msg)),
    // The level is mendbot's LOG_LEVEL; Bolt asking for INFO must not change it.
    setLevel: () => undefined,
    getLevel: () => (child.isLevelEnabled('debug') ? LogLevel.DEBUG : LogLevel.INFO),
    setName: () => undefined,
  };
}
