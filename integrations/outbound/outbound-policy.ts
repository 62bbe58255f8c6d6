import { BlockList, isIP } from 'node:net';
import { parseCidr } from '../../src/config/parse-cidr';

export interface OutboundPolicyOptions {
  /** CIDR blocks exempt from the default denials (MENDBOT_OUTBOUND_ALLOW). */
  allow?: readonly string[];
  /** When non-empty, the only address space allowed at all (MENDBOT_OUTBOUND_ONLY). */
  only?: readonly string[];
}

export interface OutboundPolicy {
  /** Why connecting to this IP address is refused, or undefined when it is allowed. */
  checkAddress(address: string): string | undefined;
  /** Why this host name is refused before it is even looked up (metadata names), or undefined. */
  checkHostName(hostname: string): string | undefined;
}

/**
 * Denied unless MENDBOT_OUTBOUND_ALLOW covers them: where a playbook request has no business going. A
 * playbook can be edited by more people than hold the cloud credentials these endpoints hand out.
 */
const deniedBlocks: ReadonlyArray<[cidr: string, why: string]> = [
  ['169.254.0.0/16', 'link-local address (cloud metadata lives at 169.254.169.254)'],
  ['fe80::/10', 'IPv6 link-local address'],
  ['fd00:ec2::254/128', 'the AWS IPv6 metadata address'],
  ['100.100.100.200/32', 'the Alibaba Cloud metadata address'],
  ['168.63.129.16/32', 'the Azure platform (wire server) address'],
  ['0.0.0.0/8', 'unspecified address (0.0.0.0 reaches this host)'],
  ['::/128', 'unspecified address (:: reaches this host)'],
];

/** Names of metadata services, refused by name too (a proxy or a custom resolver could map them anywhere). */
const deniedNames: ReadonlySet<string> = new Set(['metadata', 'metadata.google.internal', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal']);

const allowHint = 'set MENDBOT_OUTBOUND_ALLOW to a block covering it if this is intended';

function blockListOf(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const text of cidrs) {
    const cidr = parseCidr(text);
    if (!cidr) throw new Error(`outbound policy: ${JSON.stringify(text)} is not an address or CIDR block`);
    list.addSubnet(cidr.address, cidr.prefix, cidr.family);
  }
  return list;
}

const nat64 = blockListOf(['64:ff9b::/96']);
const sixToFour = blockListOf(['2002::/16']);

/** The IPv4 address inside NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses, which route to it. */
function embeddedIpv4(address: string): string | undefined {
  if (isIP(address) !== 6) return undefined;
  const groups = expandIpv6(address);
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  if (nat64.check(address, 'ipv6')) return v4(groups[6]!, groups[7]!);
  if (sixToFour.check(address, 'ipv6')) return v4(groups[1]!, groups[2]!);
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (dotted IPv4 tails included). */
function expandIpv6(address: string): number[] {
  let text = address;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  return [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
}

const familyOf = (address: string): 'ipv4' | 'ipv6' => (isIP(address) === 4 ? 'ipv4' : 'ipv6');

/**
 * The rules every playbook request is held to, on the address actually connected to. Loopback stays
 * allowed by default (a sidecar, a local agent); MENDBOT_OUTBOUND_ONLY can narrow everything further.
 */
export function createOutboundPolicy(options: OutboundPolicyOptions = {}): OutboundPolicy {
  const denied = deniedBlocks.map(([cidr, why]) => ({ list: blockListOf([cidr]), why }));
  const allow = blockListOf(options.allow ?? []);
  const only = options.only && options.only.length > 0 ? blockListOf(options.only) : undefined;

  return {
    checkAddress(raw) {
      const address = raw.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
      if (isIP(address) === 0) return `${JSON.stringify(raw)} is not an IP address`;
      const candidates = [address, embeddedIpv4(address)].filter((a): a is string => a !== undefined);
      const allowed = candidates.some((a) => allow.check(a, familyOf(a)));
      if (!allowed) {
        for (const { list, why } of denied) {
          if (candidates.some((a) => list.check(a, familyOf(a)))) return `${why}; ${allowHint}`;
        }
      }
      if (only && !candidates.some((a) => only.check(a, familyOf(a)))) {
        return 'not in MENDBOT_OUTBOUND_ONLY, the only address space playbook requests may reach';
      }
      return undefined;
    },
    checkHostName(hostname) {
      const name = hostname.toLowerCase().replace(/\.$/, '');
      return deniedNames.has(name) ? `${JSON.stringify(name)} is a cloud metadata service name; use its address with MENDBOT_OUTBOUND_ALLOW if this is intended` : undefined;
    },
  };
}
