import { sha256Hex } from '../../../src/config/api-token-entry';
import { ConfigError } from '../../../src/config/config-error';
import { loadConfig, type LoadConfigOptions } from '../../../src/config/load-config';

const viewerToken = 'v1ewer-token-0123456789';
const operatorToken = 'operat0r-token-0123456789';
const adminToken = 'adm1n-token:with:colons-0123';

function problemsOf(env: Record<string, string>, options?: LoadConfigOptions): string[] {
  try {
    loadConfig(env, options);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const files = (content: Record<string, string>): LoadConfigOptions => ({
  readFile: (path) => {
    if (path in content) return content[path]!;
    throw Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
  },
});

describe('API tokens in the configuration', () => {
  it('MENDBOT_API_TOKENS: name:role:token entries, kept as hashes only (the token may contain colons)', () => {
    const config = loadConfig({ MENDBOT_API_TOKENS: `grafana:viewer:${viewerToken}, deploy-bot:operator:${operatorToken},bridge:admin:${adminToken}` });
    expect(config.apiTokens).toEqual([
      { name: 'grafana', role: 'viewer', sha256: sha256Hex(viewerToken) },
      { name: 'deploy-bot', role: 'operator', sha256: sha256Hex(operatorToken) },
      { name: 'bridge', role: 'admin', sha256: sha256Hex(adminToken) },
    ]);
    expect(JSON.stringify(config)).not.toContain(viewerToken);
    expect(JSON.stringify(config)).not.toContain(adminToken);
  });

  it('MENDBOT_API_TOKENS accepts a hash instead of the token: name:role:sha256:<hex>', () => {
    const hash = sha256Hex(operatorToken).toUpperCase();
    expect(loadConfig({ MENDBOT_API_TOKENS: `deploy-bot:operator:sha256:${hash}` }).apiTokens).toEqual([{ name: 'deploy-bot', role: 'operator', sha256: hash.toLowerCase() }]);
  });

  it('MENDBOT_API_TOKENS_FILE: a YAML (or JSON) list with sha256 or token, as a Kubernetes Secret mounts it', () => {
    const yaml = `
- name: grafana
  role: viewer
  sha256: ${sha256Hex(viewerToken)}
- { name: deploy-bot, role: operator, token: "${operatorToken}" }
`;
    const json = JSON.stringify([{ name: 'bridge', role: 'admin', sha256: sha256Hex(adminToken) }]);
    expect(loadConfig({ MENDBOT_API_TOKENS_FILE: '/etc/mendbot/api-tokens/tokens.yaml' }, files({ '/etc/mendbot/api-tokens/tokens.yaml': yaml })).apiTokens).toEqual([
      { name: 'grafana', role: 'viewer', sha256: sha256Hex(viewerToken) },
      { name: 'deploy-bot', role: 'operator', sha256: sha256Hex(operatorToken) },
    ]);
    expect(loadConfig({ MENDBOT_API_TOKENS_FILE: 't.json' }, files({ 't.json': json })).apiTokens).toEqual([{ name: 'bridge', role: 'admin', sha256: sha256Hex(adminToken) }]);
  });

  it('keeps MENDBOT_API_TOKEN working: an admin named "default", alongside the others', () => {
    const config = loadConfig({ MENDBOT_API_TOKEN: 'short-legacy', MENDBOT_API_TOKENS: `grafana:viewer:${viewerToken}` });
    expect(config.apiTokens).toEqual([
      { name: 'default', role: 'admin', sha256: sha256Hex('short-legacy') },
      { name: 'grafana', role: 'viewer', sha256: sha256Hex(viewerToken) },
    ]);
  });

  it.each([
    ['grafana:reader:' + viewerToken, /role must be one of viewer, operator, admin/],
    ['grafana:viewer', /entry 1 is not name:role:token/],
    ['gra fana:viewer:' + viewerToken, /name must be letters, digits/],
    ['grafana:viewer:short', /at least 16 characters/],
    ['grafana:viewer:sha256:abc', /sha256 must be 64 hex digits/],
  ])('refuses MENDBOT_API_TOKENS=%s without echoing it', (value, why) => {
    const [problem] = problemsOf({ MENDBOT_API_TOKENS: value });
    expect(problem).toMatch(why);
    expect(problem).toMatch(/^MENDBOT_API_TOKENS: the value \(hidden: secret\)/);
    expect(problem).not.toContain(viewerToken);
    expect(problem).not.toContain('short');
  });

  it('reports every problem of the tokens file, never quoting a token', () => {
    const yaml = `
- { name: a, role: viewer }
- { name: b, role: boss, token: "${viewerToken}" }
- { name: c, role: admin, token: "${adminToken}", sha256: ${sha256Hex(adminToken)} }
- { name: d, role: admin, token: tooshort }
- { name: e, role: admin, tokn: "${adminToken}" }
- just-a-string
`;
    const problems = problemsOf({ MENDBOT_API_TOKENS_FILE: 't.yaml' }, files({ 't.yaml': yaml }));
    expect(problems).toEqual([
      'MENDBOT_API_TOKENS_FILE t.yaml: entry 1 ("a"): give exactly one of token or sha256',
      'MENDBOT_API_TOKENS_FILE t.yaml: entry 2 ("b"): role must be one of viewer, operator, admin',
      'MENDBOT_API_TOKENS_FILE t.yaml: entry 3 ("c"): give exactly one of token or sha256',
      'MENDBOT_API_TOKENS_FILE t.yaml: entry 4 ("d"): token must be a string of at least 16 characters (e.g. openssl rand -hex 32)',
      'MENDBOT_API_TOKENS_FILE t.yaml: entry 5: unknown key "tokn" (allowed: name, role, sha256, token)',
      'MENDBOT_API_TOKENS_FILE t.yaml: entry 6: must be a mapping {name, role, sha256 or token}',
    ]);
    for (const p of problems) for (const secret of [viewerToken, adminToken, 'tooshort']) expect(p).not.toContain(secret);
  });

  it('refuses a missing, unparsable or empty tokens file', () => {
    expect(problemsOf({ MENDBOT_API_TOKENS_FILE: '/nope.yaml' }, files({}))).toEqual(['MENDBOT_API_TOKENS_FILE: cannot read "/nope.yaml" (ENOENT); fix the path or unset it']);
    const broken = problemsOf({ MENDBOT_API_TOKENS_FILE: 'b.yaml' }, files({ 'b.yaml': `- name: x\n  token: "${adminToken}\n  role: [` }));
    expect(broken).toEqual(['MENDBOT_API_TOKENS_FILE b.yaml: not valid YAML or JSON']);
    expect(problemsOf({ MENDBOT_API_TOKENS_FILE: 'e.yaml' }, files({ 'e.yaml': '' }))).toEqual(['MENDBOT_API_TOKENS_FILE e.yaml: must be a non-empty list of {name, role, sha256 or token}']);
  });

  it('refuses one name twice and one token under two names (the timeline would not say who acted)', () => {
    expect(problemsOf({ MENDBOT_API_TOKENS: `x:viewer:${viewerToken},x:admin:${adminToken}` })).toEqual(['API token name "x" is given more than once; names must be unique']);
    expect(problemsOf({ MENDBOT_API_TOKEN: 'legacy', MENDBOT_API_TOKENS: `default:viewer:${viewerToken}` })).toEqual([
      'API token name "default" is given more than once (MENDBOT_API_TOKEN is already the admin token named "default"); names must be unique',
    ]);
    expect(problemsOf({ MENDBOT_API_TOKENS: `a:viewer:${viewerToken},b:admin:${viewerToken}` })).toEqual(['API tokens "a" and "b" are the same token; give each identity its own']);
  });
});

describe('outbound settings in the configuration', () => {
  it('parses MENDBOT_OUTBOUND_ALLOW and MENDBOT_OUTBOUND_ONLY as CIDR lists', () => {
    expect(loadConfig({ MENDBOT_OUTBOUND_ALLOW: '169.254.10.0/24, fd00:ec2::254', MENDBOT_OUTBOUND_ONLY: '10.0.0.0/8,127.0.0.1' }).outbound).toEqual({
      allow: ['169.254.10.0/24', 'fd00:ec2::254'],
      only: ['10.0.0.0/8', '127.0.0.1'],
    });
  });

  it.each([['metadata.google.internal'], ['10.0.0.0/33'], ['10.0.0.0/8/1']])('refuses %s (addresses only: names could resolve anywhere)', (value) => {
    expect(problemsOf({ MENDBOT_OUTBOUND_ALLOW: value })[0]).toMatch(/^MENDBOT_OUTBOUND_ALLOW: ".*" is not a list of CIDR blocks \(".*" is not an address or CIDR block/);
  });
});
