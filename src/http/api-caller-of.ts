import type { Response } from 'express';
import { apiRoles } from '../config/api-token-entry';
import { ErrorCode, MendbotError } from '../core/errors';
import type { ApiCaller } from './authenticate-api-caller';

function isApiCaller(value: unknown): value is ApiCaller {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return typeof v.name === 'string' && (apiRoles as readonly unknown[]).includes(v.role) && typeof v.viaToken === 'boolean';
}

/**
 * The caller the API guard authenticated for this request. A route reached without the guard is a wiring
 * bug: it fails closed (500) rather than acting for nobody.
 */
export function apiCallerOf(res: Response): ApiCaller;
export function apiCallerOf(res: Response, options: { optional: true }): ApiCaller | undefined;
export function apiCallerOf(res: Response, options?: { optional: true }): ApiCaller | undefined {
  const caller: unknown = res.locals.apiCaller;
  if (isApiCaller(caller)) return caller;
  if (options?.optional) return undefined;
  throw new MendbotError(ErrorCode.Internal, 'API route reached without the API guard');
}
