import { isLoopback } from '../../../src/intake/is-loopback';

describe('isLoopback (the peer check behind every "loopback only" default)', () => {
  it.each(['127.0.0.1', '::1', '::ffff:127.0.0.1'])('accepts exactly %s', (address) => {
    expect(isLoopback(address)).toBe(true);
  });

  // A sidecar proxy (Istio: 127.0.0.6) forwards every cluster client from inside 127.0.0.0/8.
  it.each(['127.0.0.6', '127.0.0.53', '127.1.1.1', '127.255.255.254', '::ffff:127.0.0.6', '0:0:0:0:0:0:0:1', '::ffff:7f00:1', 'localhost', '', '10.0.0.1', '::', '0.0.0.0', ' 127.0.0.1'])(
    'refuses %p',
    (address) => {
      expect(isLoopback(address)).toBe(false);
    },
  );
});
