/**
 * The fingerprint Prometheus and Alertmanager give a label set: FNV-1a 64 over the label names in sorted
 * order, each name and each value followed by a 0xFF byte, printed as 16 lower-case hex digits. Written
 * here independently of mendbot's own implementation, so the e2e suite checks mendbot against the algorithm
 * rather than against itself.
 */
export function prometheusFingerprint(labels: Record<string, string>): string {
  const mask = (1n << 64n) - 1n;
  let h = 14695981039346656037n;
  const feed = (bytes: Iterable<number>) => {
    for (const b of bytes) h = ((h ^ BigInt(b)) * 1099511628211n) & mask;
  };
  for (const name of Object.keys(labels).sort()) {
    feed(Buffer.from(name, 'utf8'));
    feed([0xff]);
    feed(Buffer.from(labels[name]!, 'utf8'));
    feed([0xff]);
  }
  return h.toString(16).padStart(16, '0');
}
