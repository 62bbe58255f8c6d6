import { createOutboundPolicy } from './outbound-policy';

describe('createOutboundPolicy', () => {
  const policy = createOutboundPolicy();

  it.each([
    ['169.254.169.254', /link-local/],
    ['169.254.0.1', /link-local/],
    ['fe80::1', /IPv6 link-local/],
    ['fe80::1%eth0', /IPv6 link-local/],
    ['fd00:ec2::254', /AWS IPv6 metadata/],
    ['100.100.100.200', /Alibaba/],
    ['168.63.129.16', /Azure/],
    ['0.0.0.0', /unspecified/],
    ['0.1.2.3', /unspecified/],
    ['::', /unspecified/],
    // IPv4 hidden in IPv6: mapped (both spellings), NAT64 and 6to4 all route to the IPv4 address.
    ['::ffff:169.254.169.254', /link-local/],
    ['::ffff:a9fe:a9fe', /link-local/],
    ['[::ffff:a9fe:a9fe]', /link-local/],
    ['64:ff9b::a9fe:a9fe', /link-local/],
    ['64:ff9b::169.254.169.254', /link-local/],
    ['2002:a9fe:a9fe::1', /link-local/],
    ['::ffff:0.0.0.0', /unspecified/],
  ])('denies %s by default', (address, why) => {
    expect(policy.checkAddress(address)).toMatch(why);
    expect(policy.checkAddress(address)).toMatch(/MENDBOT_OUTBOUND_ALLOW/);
  });

  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1', '10.0.0.1', '192.168.1.10', '93.184.216.34', '2001:db8::1', '64:ff9b::a00:1', '169.253.255.255', '169.255.0.0'])(
    'allows %s by default (loopback included: tests and sidecars use it)',
    (address) => {
      expect(policy.checkAddress(address)).toBeUndefined();
    },
  );

  it('refuses something that is not an IP address at all', () => {
    expect(policy.checkAddress('metadata')).toMatch(/not an IP address/);
  });

  it.each(['metadata', 'metadata.google.internal', 'METADATA.Google.Internal.', 'metadata.goog', 'instance-data', 'instance-data.ec2.internal'])('denies the metadata name %s', (name) => {
    expect(policy.checkHostName(name)).toMatch(/metadata service name/);
  });

  it.each(['prometheus', 'deployer.internal', 'metadata.example.com', 'google.internal'])('allows the name %s (its address is checked later)', (name) => {
    expect(policy.checkHostName(name)).toBeUndefined();
  });

  it('MENDBOT_OUTBOUND_ALLOW exempts exactly the blocks it names from the denials', () => {
    const allowing = createOutboundPolicy({ allow: ['169.254.169.254/32', 'fd00:ec2::/32'] });
    expect(allowing.checkAddress('169.254.169.254')).toBeUndefined();
    expect(allowing.checkAddress('::ffff:169.254.169.254')).toBeUndefined();
    expect(allowing.checkAddress('fd00:ec2::254')).toBeUndefined();
    expect(allowing.checkAddress('169.254.169.253')).toMatch(/link-local/);
    expect(allowing.checkAddress('0.0.0.0')).toMatch(/unspecified/);
  });

  it('MENDBOT_OUTBOUND_ONLY narrows everything to its blocks, and the denials still apply inside them', () => {
    const only = createOutboundPolicy({ only: ['10.0.0.0/8', '169.254.0.0/16', '2001:db8::/32'] });
    expect(only.checkAddress('10.1.2.3')).toBeUndefined();
    expect(only.checkAddress('::ffff:10.1.2.3')).toBeUndefined();
    expect(only.checkAddress('2001:db8::5')).toBeUndefined();
    expect(only.checkAddress('127.0.0.1')).toMatch(/not in MENDBOT_OUTBOUND_ONLY/);
    expect(only.checkAddress('8.8.8.8')).toMatch(/not in MENDBOT_OUTBOUND_ONLY/);
    expect(only.checkAddress('169.254.169.254')).toMatch(/link-local/);
  });

  it('refuses a block that is not a CIDR', () => {
    expect(() => createOutboundPolicy({ allow: ['metadata.google.internal'] })).toThrow(/not an address or CIDR/);
    expect(() => createOutboundPolicy({ only: ['10.0.0.0/33'] })).toThrow(/not an address or CIDR/);
  });
});
