import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSecretSource, secretSourceFromEnv } from '../../../src/engine/secrets/create-secret-source';

describe('createSecretSource', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-secret-source-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('reads one file per secret, trimming one trailing newline', () => {
    fs.writeFileSync(path.join(dir, 'deploy_token'), 'abc123\n');
    fs.writeFileSync(path.join(dir, 'crlf'), 'x y\r\n');
    fs.writeFileSync(path.join(dir, 'two-newlines'), 'v\n\n');
    const source = createSecretSource({ dir, env: {} });
    expect(source.get('deploy_token')).toBe('abc123');
    expect(source.get('crlf')).toBe('x y');
    expect(source.get('two-newlines')).toBe('v\n');
  });

  it('reads the file again on every lookup, so a rotated Secret is used at once', () => {
    const file = path.join(dir, 'token');
    fs.writeFileSync(file, 'old');
    const source = createSecretSource({ dir, env: {} });
    expect(source.get('token')).toBe('old');
    fs.writeFileSync(file, 'new');
    expect(source.get('token')).toBe('new');
  });

  it('follows a Kubernetes-style symlink into ..data', () => {
    fs.mkdirSync(path.join(dir, '..data'));
    fs.writeFileSync(path.join(dir, '..data', 'token'), 'linked\n');
    fs.symlinkSync(path.join('..data', 'token'), path.join(dir, 'token'));
    expect(createSecretSource({ dir, env: {} }).get('token')).toBe('linked');
  });

  it('falls back to MENDBOT_SECRET_<NAME>, as written or upper-cased with - as _; the file wins', () => {
    fs.writeFileSync(path.join(dir, 'both'), 'from-file');
    const env = { MENDBOT_SECRET_both: 'from-env', MENDBOT_SECRET_api_key: 'k1', MENDBOT_SECRET_DEPLOY_TOKEN: 'k2', MENDBOT_SECRET_empty: '' };
    const source = createSecretSource({ dir, env });
    expect(source.get('both')).toBe('from-file');
    expect(source.get('api_key')).toBe('k1');
    expect(source.get('deploy-token')).toBe('k2');
    expect(source.get('empty')).toBeUndefined();
    expect(source.get('absent')).toBeUndefined();
  });

  it('never reads outside the directory: a name is letters, digits, _ and - only', () => {
    fs.writeFileSync(path.join(path.dirname(dir), 'outside-secret'), 'nope');
    const source = createSecretSource({ dir, env: {} });
    for (const name of ['../outside-secret', '..', '.', '', 'a/b', '..data']) expect(source.get(name)).toBeUndefined();
    fs.rmSync(path.join(path.dirname(dir), 'outside-secret'));
  });

  it('treats a directory, an empty file or a missing directory as no secret', () => {
    fs.mkdirSync(path.join(dir, 'sub'));
    fs.writeFileSync(path.join(dir, 'blank'), '\n');
    expect(createSecretSource({ dir, env: {} }).get('sub')).toBeUndefined();
    expect(createSecretSource({ dir, env: {} }).get('blank')).toBeUndefined();
    expect(createSecretSource({ dir: path.join(dir, 'missing'), env: {} }).get('x')).toBeUndefined();
  });

  it('secretSourceFromEnv takes the directory from MENDBOT_SECRETS_DIR', () => {
    fs.writeFileSync(path.join(dir, 'token'), 'abc');
    expect(secretSourceFromEnv({ MENDBOT_SECRETS_DIR: dir }).get('token')).toBe('abc');
    expect(secretSourceFromEnv({ MENDBOT_SECRET_token: 'e' }).get('token')).toBe('e');
  });
});

describe('secret variables in the configuration check', () => {
  it('accepts MENDBOT_SECRET_* and MENDBOT_SECRETS_DIR as known, still rejecting other unknown MENDBOT_* names', async () => {
    const { findUnknownEnvVars } = await import('../../../src/config/find-unknown-env-vars');
    const { configEnvSchema } = await import('../../../src/config/config-env-schema');
    const known = Object.keys(configEnvSchema.shape);
    expect(findUnknownEnvVars({ MENDBOT_SECRET_deploy_token: 'x', MENDBOT_SECRETS_DIR: '/s', MENDBOT_SECRETZ: 'y' }, known)).toEqual([
      expect.stringMatching(/^MENDBOT_SECRETZ: not a mendbot setting/),
    ]);
  });
});
