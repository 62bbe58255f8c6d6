import { MongoError } from 'mongodb';
import { StoreUnavailableError } from '../../core/errors';
import { LeaseLostError } from '../store';

/** True for MongoDB's duplicate-key error: how `_id`-keyed claim documents say "taken". */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number } | null)?.code === 11000;
}

/**
 * Maps driver failures (server selection timeout, network errors, a closed client, write concern
 * errors) to StoreUnavailableError, so HTTP answers 503 and never a 2xx for what was not stored.
 * Domain errors (LeaseLostError) and bugs pass through unchanged.
 */
export function toStoreError(error: unknown, what: string): unknown {
  if (error instanceof StoreUnavailableError || error instanceof LeaseLostError) return error;
  if (error instanceof MongoError) return new StoreUnavailableError(`MongoDB store: could not ${what}`, error);
  return error;
}

/** Wraps every method of a store fragment with toStoreError. */
export function guardMethods<T extends object>(methods: T, ready: () => Promise<void>): T {
  const out: Record<string, unknown> = {};
  for (const [name, fn] of Object.entries(methods)) {
    out[name] = async (...args: unknown[]) => {
      try {
        await ready();
        return await (fn as (...a: unknown[]) => Promise<unknown>)(...args);
      } catch (error) {
        throw toStoreError(error, name);
      }
    };
  }
  return out as T;
}
