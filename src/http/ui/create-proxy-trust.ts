import { BlockList, isIP } from 'node:net';
import { parseCidr } from '../../config/parse-cidr';

/**
 * Whether a peer address is one of MENDBOT_UI_TRUSTED_PROXIES. Checked on the socket's address, never on
 * X-Forwarded-For (which anyone can send). An IPv4-mapped IPv6 peer (`::ffff:10.0.0.5`, how dual-stack
 * sockets report IPv4 clients) is checked as its IPv4 address.
 */
export function createProxyTrust(cidrs: readonly string[]): (address: string) => boolean {
  const list = new BlockList();
  for (const text of cidrs) {
    const cidr = parseCidr(text);
    if (cidr) list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  return (address) => {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    const plain = mapped ? mapped[1]! : address;
    const family = isIP(plain);
    if (family === 0 || cidrs.length === 0) return false;
    return list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
  };
}
