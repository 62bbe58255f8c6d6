import type { Logger } from '../../telemetry/create-logger';
import { redactSecrets } from './redact-secrets';

const logMethods = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);

/**
 * The logger an action gets while its input holds rendered secrets: every argument of every line (message,
 * merged object, error) and of its children is scrubbed of the values first. pino's own redaction works by
 * key path and cannot know that a URL or an error message quotes a secret.
 */
export function redactingLogger(log: Logger, secretValues: readonly string[]): Logger {
  if (secretValues.length === 0) return log;
  return new Proxy(log, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      if (property === 'child') {
        return (bindings: Record<string, unknown>) => redactingLogger(target.child(redactSecrets(bindings, secretValues)), secretValues);
      }
      if (typeof property === 'string' && logMethods.has(property)) {
        return (...args: unknown[]) => (value as (...a: unknown[]) => void).apply(target, redactSecrets(args, secretValues));
      }
      return value.bind(target) as unknown;
    },
  });
}
