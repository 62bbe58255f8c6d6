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
 * JSON logs for production: one object per line, ISO timestamps, level as a name (`"level":"info"`, which
 * log pipelines index without a lookup table), `service: 'mendbot'` on every line, secrets censored.
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
