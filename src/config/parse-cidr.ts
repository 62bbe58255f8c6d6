import { isIP } from 'node:net';

/** An address block: `10.0.0.0/8`, `fd00::/8`, or one address (`169.254.169.254` = /32, `::1` = /128). */
export interface Cidr {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** Parses one CIDR (or a bare address); undefined when it is not one. Host names are not accepted. */
export function parseCidr(text: string): Cidr | undefined {
  const [address = '', prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return undefined;
  const version = isIP(address);
  if (version === 0) return undefined;
  const max = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return undefined;
  const prefix = prefixText === undefined ? max : Number(prefixText);
  if (prefix > max) return undefined;
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}

/** MENDBOT_OUTBOUND_ALLOW / MENDBOT_OUTBOUND_ONLY: comma-separated CIDRs; throws naming the first bad entry. */
export function parseCidrList(value: string): string[] {
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const item of items) {
    if (!parseCidr(item)) throw new Error(`${JSON.stringify(item)} is not an address or CIDR block (host names are not accepted: the check is on addresses)`);
  }
  return items;
}
