import { MatcherSyntaxError, parseMatcher } from '../../../src/playbooks/parse-matcher';

/** Parses `text` and expects it to be rejected; returns the error for further checks. */
function rejected(text: string): MatcherSyntaxError {
  try {
    parseMatcher(text);
  } catch (err) {
    if (err instanceof MatcherSyntaxError) return err;
    throw err;
  }
  throw new Error(`expected ${text} to be rejected`);
}

describe('parseMatcher', () => {
  describe('syntax', () => {
    it.each([
      ['alertname="KubePodCrashLooping"', 'alertname', '=', 'KubePodCrashLooping'],
      ['severity!="info"', 'severity', '!=', 'info'],
      ['namespace=~"prod|staging"', 'namespace', '=~', 'prod|staging'],
      ['namespace!~"kube-.*"', 'namespace', '!~', 'kube-.*'],
      ['_private_1 = "x"', '_private_1', '=', 'x'],
    ])('parses %s', (text, name, op, value) => {
      expect(parseMatcher(text)).toMatchObject({ name, op, value, text });
    });

    it('allows whitespace around the name, operator and value', () => {
      expect(parseMatcher('  team  =~  "sre"  ')).toMatchObject({ name: 'team', op: '=~', value: 'sre', text: 'team  =~  "sre"' });
    });

    it('accepts unquoted values made of non-reserved characters, as the UTF-8 matcher parser does', () => {
      expect(parseMatcher('service=checkout-api.v2/eu')).toMatchObject({ op: '=', value: 'checkout-api.v2/eu' });
      expect(parseMatcher('env!~prod|staging')).toMatchObject({ op: '!~', value: 'prod|staging' });
    });

    it('accepts the empty quoted value', () => {
      expect(parseMatcher('cluster=""').value).toBe('');
    });
  });

  describe('escapes in quoted values (Go string syntax)', () => {
    it('unescapes \\" and \\\\', () => {
      expect(parseMatcher('msg="say \\"hi\\" C:\\\\tmp"').value).toBe('say "hi" C:\\tmp');
    });

    it('unescapes \\n and \\t into control characters', () => {
      expect(parseMatcher('msg="a\\nb\\tc"').value).toBe('a\nb\tc');
    });

    it('unescapes \\u code points and \\x bytes as UTF-8', () => {
      expect(parseMatcher('city="Z\\u00fcrich"').value).toBe('Zürich');
      expect(parseMatcher('city="Z\\xc3\\xbcrich"').value).toBe('Zürich');
    });

    it('keeps non-ASCII text as written', () => {
      expect(parseMatcher('team="plateforme-données"').value).toBe('plateforme-données');
    });
  });

  describe('equality', () => {
    it('= compares the whole value, case-sensitively', () => {
      const m = parseMatcher('severity="critical"');
      expect(m.matches({ severity: 'critical' })).toBe(true);
      expect(m.matches({ severity: 'Critical' })).toBe(false);
      expect(m.matches({ severity: 'critical-ish' })).toBe(false);
    });

    it('!= holds for any other value', () => {
      const m = parseMatcher('severity!="info"');
      expect(m.matches({ severity: 'critical' })).toBe(true);
      expect(m.matches({ severity: 'info' })).toBe(false);
    });
  });

  describe('regexes are anchored like Alertmanager (^(?:re)$)', () => {
    it('=~"prod" does not match production', () => {
      const m = parseMatcher('namespace=~"prod"');
      expect(m.matches({ namespace: 'prod' })).toBe(true);
      expect(m.matches({ namespace: 'production' })).toBe(false);
      expect(m.matches({ namespace: 'preprod' })).toBe(false);
    });

    it('anchors the whole alternation, not just its first and last branch', () => {
      const m = parseMatcher('namespace=~"prod|staging"');
      expect(m.matches({ namespace: 'staging' })).toBe(true);
      expect(m.matches({ namespace: 'prod-eu' })).toBe(false);
      expect(m.matches({ namespace: 'old-staging' })).toBe(false);
    });

    it('!~ holds when the anchored regex does not match', () => {
      const m = parseMatcher('namespace!~"kube-.*"');
      expect(m.matches({ namespace: 'kube-system' })).toBe(false);
      expect(m.matches({ namespace: 'my-kube-system' })).toBe(true);
    });

    it('does not let a newline in the value slip past the anchors', () => {
      expect(parseMatcher('namespace=~"prod"').matches({ namespace: 'prod\nx' })).toBe(false);
    });

    it('supports the leading (?i) flag as Go does', () => {
      expect(parseMatcher('severity=~"(?i)critical"').matches({ severity: 'CRITICAL' })).toBe(true);
    });

    it('treats a ] right after [ as a literal, as RE2 does', () => {
      expect(parseMatcher('v=~"[]a]+"').matches({ v: 'a]a' })).toBe(true);
    });

    it('understands Go unicode classes like \\pL', () => {
      expect(parseMatcher('name=~"\\\\pL+"').matches({ name: 'Zürich' })).toBe(true);
    });
  });

  describe('missing labels count as the empty string', () => {
    it('name!="value" matches when the label is absent', () => {
      expect(parseMatcher('foo!="bar"').matches({})).toBe(true);
    });

    it('name="" matches when the label is absent', () => {
      expect(parseMatcher('foo=""').matches({ other: 'x' })).toBe(true);
    });

    it('name="value" does not match when the label is absent', () => {
      expect(parseMatcher('foo="bar"').matches({})).toBe(false);
    });

    it('name=~".*" matches when the label is absent, name=~".+" does not', () => {
      expect(parseMatcher('foo=~".*"').matches({})).toBe(true);
      expect(parseMatcher('foo=~".+"').matches({})).toBe(false);
    });

    it('does not read inherited properties: a "constructor" label is absent unless set', () => {
      expect(parseMatcher('constructor=""').matches({})).toBe(true);
      expect(parseMatcher('constructor=~".+"').matches({})).toBe(false);
    });
  });

  describe('invalid input', () => {
    it.each([
      ['', 'expected a label name'],
      ['1abc="x"', 'expected a label name'],
      ['alertname', 'expected an operator'],
      ['alertname=="x"', 'unexpected "="'],
      ['alertname=', 'expected a label value'],
      ['alertname="unterminated', 'missing closing "'],
      ['a="x", b="y"', 'one matcher per entry'],
      ['{a="x"}', 'expected a label name'],
      ['a="bad \\q escape"', 'invalid escape \\q'],
      ['a=it\'s', 'unexpected "\'s" after the value'],
    ])('rejects %j: %s', (text, reason) => {
      const err = rejected(text);
      expect(err.text).toBe(text);
      expect(err.reason).toContain(reason);
      expect(err.message).toContain(JSON.stringify(text));
    });

    it('reports the column where parsing stopped', () => {
      expect(rejected('alertname=="x"').position).toBe(10);
    });

    it('rejects an invalid regex with the engine error', () => {
      const err = rejected('namespace=~"prod("');
      expect(err.reason).toMatch(/invalid regex/);
    });

    it.each([
      ['a=~"(x)\\\\1"', 'backreference'],
      ['a=~"foo(?=bar)"', 'lookaround'],
      ['a=~"[[:alpha:]]+"', 'POSIX class'],
      ['a=~"(?m)^x"', 'unsupported regex flags'],
    ])('rejects %s, which Alertmanager (RE2) would not accept the same way', (text, reason) => {
      expect(rejected(text).reason).toContain(reason);
    });
  });
});
