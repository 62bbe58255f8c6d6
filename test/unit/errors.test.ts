import fs from 'node:fs';
import path from 'node:path';
import { ErrorCode, MendbotError } from '../../src/core/errors';

describe('error codes', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.split(/^## Error codes$/m)[1]?.split(/^## /m)[0] ?? '';

  it.each(Object.values(ErrorCode))('documents %s in the README error table', (code) => {
    expect(section).toMatch(new RegExp(`\\|\\s*\`${code}\`\\s*\\|`));
  });

  it('documents no code that does not exist', () => {
    const documented = [...section.matchAll(/^\|\s*`([A-Z_]+)`/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.values(ErrorCode).sort());
  });

  it('serialises to {code, message, path}', () => {
    const e = new MendbotError(ErrorCode.InvalidPayload, 'expected "firing" or "resolved"', { path: 'alerts.0.status' });
    expect(e.status).toBe(400);
    expect(JSON.parse(JSON.stringify(e))).toEqual({ code: 'INVALID_PAYLOAD', message: 'expected "firing" or "resolved"', path: 'alerts.0.status' });
  });
});
