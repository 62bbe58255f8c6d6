// Binary multiples, as body-parser's `bytes` does: `5mb` here is the same 5 MiB Express would enforce.
const unitBytes: Record<string, number> = {
  b: 1,
  kb: 1024,
  kib: 1024,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

const pattern = /^(\d+(?:\.\d+)?)\s*([a-z]+)?$/;

/**
 * Parses `5mb`, `512kb`, `1.5mb`, `1gb`, `100b` or a plain byte count (`1048576`) into bytes, rounding down.
 * Case-insensitive. Returns undefined for anything else (negative, unknown unit, empty).
 */
export function parseByteSize(text: string): number | undefined {
  const m = pattern.exec(text.trim().toLowerCase());
  if (!m) return undefined;
  const [, amount, unit] = m;
  const multiplier = unit === undefined ? 1 : unitBytes[unit];
  if (multiplier === undefined) return undefined;
  const bytes = Math.floor(Number(amount) * multiplier);
  return Number.isSafeInteger(bytes) ? bytes : undefined;
}
