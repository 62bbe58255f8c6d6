/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback: the safe default when no webhook credential is set. */
export function isLoopback(address: string): boolean {
  const a = address.startsWith('::ffff:') ? address.slice(7) : address;
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a);
}
