import fs from 'node:fs';
import path from 'node:path';
import { computeFingerprint } from './compute-fingerprint';

interface FixtureAlert {
  labels: Record<string, string>;
  fingerprint: string;
}

function fixtureAlerts(name: string): FixtureAlert[] {
  const text = fs.readFileSync(path.join(__dirname, '../../test/fixtures', name), 'utf8');
  return (JSON.parse(text) as { alerts: FixtureAlert[] }).alerts;
}

const ff = Buffer.from([0xff]);
const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** An independent FNV-1a 64 over bytes in the order given, for checking the sort. */
function fnv1a64(bytes: Buffer): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of bytes) hash = BigInt.asUintN(64, (hash ^ BigInt(byte)) * 0x100000001b3n);
  return hash.toString(16).padStart(16, '0');
}

describe('computeFingerprint', () => {
  it('matches the prometheus/common signature test vector', () => {
    const fingerprint = computeFingerprint({ name: 'garland, briggs', fear: 'love is not enough' });
    expect(BigInt(`0x${fingerprint}`).toString()).toBe('5799056148416392346');
  });

  it('prints 16 lowercase, zero-padded hex digits', () => {
    expect(computeFingerprint({ name: 'garland, briggs', fear: 'love is not enough' })).toMatch(/^[0-9a-f]{16}$/);
  });

  it('hashes the empty label set to the FNV-1a 64 offset basis', () => {
    expect(computeFingerprint({})).toBe('cbf29ce484222325');
  });

  it('reproduces the fingerprints Alertmanager sent for DiskFull and HighErrorRate', () => {
    const [diskFull, highErrorRate] = fixtureAlerts('alertmanager-firing.json');
    expect(computeFingerprint(diskFull!.labels)).toBe('9df28b69fb251278');
    expect(computeFingerprint(highErrorRate!.labels)).toBe('913aab3577ecf1bf');
  });

  it('reproduces all 50 fingerprints of the storm fixture', () => {
    const alerts = fixtureAlerts('alertmanager-storm.json');
    expect(alerts.map((a) => computeFingerprint(a.labels))).toEqual(alerts.map((a) => a.fingerprint));
  });

  it('does not depend on the order the labels were written in', () => {
    expect(computeFingerprint({ b: '2', a: '1' })).toBe(computeFingerprint({ a: '1', b: '2' }));
  });

  it('sorts label names by their UTF-8 bytes, as Go does, not by UTF-16 code units', () => {
    // U+FF21 (EF BC A1) sorts before U+1F600 (F0 9F 98 80) byte-wise, but after it in UTF-16 (FF21 > D83D).
    const expected = fnv1a64(Buffer.concat([utf8('\uFF21'), ff, utf8('y'), ff, utf8('\u{1F600}'), ff, utf8('x'), ff]));
    expect(computeFingerprint({ '\u{1F600}': 'x', '\uFF21': 'y' })).toBe(expected);
  });

  it('keeps name and value apart, so moving a character across the separator changes the hash', () => {
    expect(computeFingerprint({ ab: 'c' })).not.toBe(computeFingerprint({ a: 'bc' }));
  });
});
