import pino from 'pino';

export type Logger = pino.Logger;

export interface CreateLoggerOptions {
  /** A pino level name (Config.logLevel). */
  level: string;
  /** Where JSON lines go; stdout when omitted. Tests pass an in-memory stream. */
  stream?: NodeJS.WritableStream | pino.DestinationStream;
}

// Secrets by key name, at the top level, one level down (`{ headers: { authorization } }`) and two levels
// down (`{ config: { slack: { botToken } } }`). pino's `*` matches exactly one level, hence the three forms.
const secretKeys = [
  'authorization',
  'cookie',
  'token',
  'password',
  'secret',
  'webhookSecrets',
  'botToken',
  'appToken',
  'signingSecret',
  'apiToken',
  'routingKey',
  'mongodbUri', // may embed a password
];
// Header names with dashes need bracket notation.
const secretHeaders = ['authorization', 'cookie', '["x-pagerduty-signature"]', '["x-slack-signature"]', '["x-api-key"]'];

/** Every path censored in log lines (exported so a test can check each one). */
const redactedPaths: readonly string[] = [
  ...secretKeys.flatMap((k) => [k, `*.${k}`, `*.*.${k}`]),
  ...secretHeaders.flatMap((h) => {
    const member = h.startsWith('[') ? h : `.${h}`;
    return [`headers${member}`, `*.headers${member}`, `req.headers${member}`, `request.headers${member}`];
  }),
  '["x-pagerduty-signature"]',
  // Playbook secret values from MENDBOT_SECRET_* (Config.secrets.variables), should a config object be logged.
  'secrets.variables',
  '*.secrets.variables',
];

/**
 * The paths that name a field, not "any field one or two levels down". A wildcard path makes pino walk
 * every line's object (≈ 30-90 µs a line against ≈ 6 µs, measured with the 57 paths above), which at one
 * line per delivery in a storm is most of what logging costs.
 */
const namedPaths: readonly string[] = redactedPaths.filter((p) => !p.startsWith('*'));

/**
 * JSON logs for production: one object per line, ISO timestamps, level as a name (`"level":"info"`, which
 * log pipelines index without a lookup table), `service: 'mendbot'` on every line, secrets censored.
 *
 * Without a `stream`, lines go to stdout through pino's default destination, which is asynchronous
 * (SonicBoom, `sync: false`): a line is queued and written when the event loop is free, and lines queued
 * together leave in one write. pino flushes that queue synchronously on process `exit` (a normal stop,
 * `process.exit` after a fatal error, an uncaught exception). A kill -9 or a power cut can lose the lines
 * still queued, at most the last event-loop turn or two; never a stored delivery, because the store commits
 * before the webhook is answered and before anything about it is logged.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const pinoOptions: pino.LoggerOptions = {
    level: options.level,
    base: { service: 'mendbot' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...redactedPaths], censor: '[redacted]' },
  };
  return options.stream === undefined ? pino(pinoOptions) : pino(pinoOptions, options.stream);
}

/**
 * For hot-path lines whose fields are all built by mendbot from ids, counts and enum values (one line per
 * webhook delivery, per-alert details at debug): the same logger with only the named secret paths
 * censored, so a storm does not pay the wildcard walk on every line. Never log a request, a config or an
 * error object through it: use the logger it was made from, which censors nested secrets too.
 */
export function hotPathLogger(log: Logger): Logger {
  return log.child({}, { redact: { paths: [...namedPaths], censor: '[redacted]' } });
}
