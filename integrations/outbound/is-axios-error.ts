import type { AxiosError } from 'axios';

/**
 * `axios.isAxiosError` without loading axios (see lazyAxios): axios marks its errors with
 * `isAxiosError: true`, and its own check is exactly this.
 */
export function isAxiosError(error: unknown): error is AxiosError {
  return typeof error === 'object' && error !== null && (error as { isAxiosError?: unknown }).isAxiosError === true;
}
