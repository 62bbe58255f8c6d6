/**
 * The peer addresses that count as "this machine": exactly 127.0.0.1, ::1 and the IPv4-mapped form
 * ::ffff:127.0.0.1 a dual-stack socket reports for it. Nothing else in 127.0.0.0/8: a service-mesh sidecar
 * forwards every client of the cluster from such an address (Istio uses 127.0.0.6), so the whole range
 * would make anyone who can reach the pod look local.
 */
const loopbackPeers: ReadonlySet<string> = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/** True only for a true loopback peer: the safe default when no credential is configured (laptop mode). */
export function isLoopback(address: string): boolean {
  return loopbackPeers.has(address);
}
