// prometheus/common model/fnv.go: FNV-1a 64. BigInt because the multiply must wrap at 2^64.
const OFFSET_BASIS = 14695981039346656037n;
const PRIME = 1099511628211n;
const MASK = (1n << 64n) - 1n;
const SEPARATOR = Buffer.from([0xff]);

/**
 * Alertmanager's alert fingerprint, `LabelSet.Fingerprint()` printed `%016x`: FNV-1a 64 over the label names
 * sorted byte-wise, each fed as `name 0xFF value 0xFF` (annotations excluded). Used when a payload omits
 * `fingerprint`, so firing and resolved notifications of one label set still match.
 */
export function computeFingerprint(labels: Record<string, string>): string {
  // Go sorts names byte-wise; JS's default sort compares UTF-16 units, which differs for non-BMP names.
  const pairs = Object.entries(labels)
    .map(([name, value]) => [Buffer.from(name, 'utf8'), Buffer.from(value, 'utf8')] as const)
    .sort(([a], [b]) => Buffer.compare(a, b));
  let hash = OFFSET_BASIS;
  const feed = (bytes: Buffer) => {
    for (const byte of bytes) hash = ((hash ^ BigInt(byte)) * PRIME) & MASK;
  };
  for (const [name, value] of pairs) {
    feed(name);
    feed(SEPARATOR);
    feed(value);
    feed(SEPARATOR);
  }
  return hash.toString(16).padStart(16, '0');
}
