import { redactSecrets } from '../../../src/engine/secrets/redact-secrets';

describe('redactSecrets', () => {
  const secret = 's3cr3t/+&value';

  it('replaces the value in every string of a nested value, keys included', () => {
    const value = { error: `GET https://api/x?key=${secret} failed`, list: [`Bearer ${secret}`, 3, true, null], [secret]: 'as a key' };
    expect(redactSecrets(value, [secret])).toEqual({
      error: 'GET https://api/x?key=[redacted] failed',
      list: ['Bearer [redacted]', 3, true, null],
      '[redacted]': 'as a key',
    });
  });

  it('catches the percent-encoded and JSON-escaped forms a value takes in URLs and echoed bodies', () => {
    const quoted = 'pa"ss\\word';
    expect(redactSecrets(`location: /x?key=${encodeURIComponent(secret)}`, [secret])).toBe('location: /x?key=[redacted]');
    expect(redactSecrets(JSON.stringify({ echoed: quoted }), [quoted])).toBe('{"echoed":"[redacted]"}');
  });

  it('redacts the longer of two overlapping secrets whole', () => {
    expect(redactSecrets('token abcdef', ['abc', 'abcdef'])).toBe('token [redacted]');
  });

  it('leaves values without secrets, and everything when there are no secrets, untouched', () => {
    const value = { a: 'plain', n: 1 };
    expect(redactSecrets(value, [])).toBe(value);
    expect(redactSecrets(value, ['']) ).toBe(value);
    expect(redactSecrets(value, [secret])).toEqual(value);
  });
});
