import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../../src/config/config-error';
import { loadConfig } from '../../../src/config/load-config';

describe('playbook secret settings', () => {
  it('collects MENDBOT_SECRETS_DIR and every MENDBOT_SECRET_* variable', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mendbot-secret-settings-'));
    try {
      const config = loadConfig({ MENDBOT_SECRETS_DIR: dir, MENDBOT_SECRET_deploy_token: 'abc', MENDBOT_SECRET_EMPTY: '' });
      expect(config.secrets).toEqual({ dir, variables: { MENDBOT_SECRET_deploy_token: 'abc' } });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has no secret settings when none is set', () => {
    expect(loadConfig({}).secrets).toBeUndefined();
  });

  it('refuses to start with a MENDBOT_SECRETS_DIR that is not a directory', () => {
    let error: unknown;
    try {
      loadConfig({ MENDBOT_SECRETS_DIR: path.join(os.tmpdir(), 'mendbot-no-such-secrets-dir') });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/MENDBOT_SECRETS_DIR: .* is not a readable directory/);
  });
});
