/** Which of `fingerprints` Alertmanager still reports firing (`firing`) and which it no longer has (`gone`). */
export function firingVerdict(
  fingerprints: readonly string[],
  active: ReadonlyArray<{ fingerprint: string }>,
): { firing: string[]; gone: string[] } {
  const reported = new Set(active.map((a) => a.fingerprint));
  const unique = [...new Set(fingerprints)];
  return { firing: unique.filter((f) => reported.has(f)), gone: unique.filter((f) => !reported.has(f)) };
}
