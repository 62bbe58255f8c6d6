import { round } from './round';

/** A figure for a report table: whole numbers with thousands separators from 100 up, else two decimals. */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : String(round(n, 2));
}
