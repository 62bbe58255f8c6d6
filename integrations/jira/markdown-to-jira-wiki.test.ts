import fs from 'node:fs';
import path from 'node:path';
import { markdownToJiraWiki } from './markdown-to-jira-wiki';

describe('markdownToJiraWiki', () => {
  it('converts headings', () => {
    expect(markdownToJiraWiki('# Summary\n### Timeline ###')).toBe('h1. Summary\nh3. Timeline');
  });

  it('converts bullet, nested and numbered lists', () => {
    expect(markdownToJiraWiki('- one\n  - nested\n* two\n1. first\n2) second')).toBe('* one\n** nested\n* two\n# first\n# second');
  });

  it('converts bold, italic and strikethrough', () => {
    expect(markdownToJiraWiki('**bold**, __also bold__, *italic*, _italic_, ~~gone~~')).toBe('*bold*, *also bold*, _italic_, _italic_, -gone-');
  });

  it('leaves a lone asterisk alone', () => {
    expect(markdownToJiraWiki('2 * 3 * 4')).toBe('2 * 3 * 4');
  });

  it('converts links, keeping bare URLs as they are', () => {
    expect(markdownToJiraWiki('[runbook](https://wiki.example/rb) and https://grafana.example/d/x')).toBe('[runbook|https://wiki.example/rb] and https://grafana.example/d/x');
  });

  it('turns inline code into monospace without converting inside it', () => {
    expect(markdownToJiraWiki('run `kubectl get **pods**` now')).toBe('run {{kubectl get **pods**}} now');
  });

  it('turns fenced code into {code} blocks, verbatim inside', () => {
    expect(markdownToJiraWiki('```yaml\n# not a heading\n- not a list\n```\nafter')).toBe('{code:yaml}\n# not a heading\n- not a list\n{code}\nafter');
  });

  it('closes an unclosed fence so it cannot swallow the rest', () => {
    expect(markdownToJiraWiki('```\nlog line')).toBe('{code}\nlog line\n{code}');
  });

  it('escapes braces and brackets that would start a macro or a link', () => {
    expect(markdownToJiraWiki('labels {job="api"} [sic]')).toBe('labels \\{job="api"\\} \\[sic\\]');
  });

  it('converts quotes and rules', () => {
    expect(markdownToJiraWiki('> customers saw 502s\n\n---')).toBe('bq. customers saw 502s\n\n----');
  });

  it('converts a table, with a header row', () => {
    expect(markdownToJiraWiki('| time | event |\n|---|:---:|\n| 09:41 | **paged** |')).toBe('||time||event||\n|09:41|*paged*|');
  });

  it('drops HTML comments, which Jira would print', () => {
    expect(markdownToJiraWiki('text\n\n<!-- mendbot:incident=inc_1 -->\n')).toBe('text');
  });

  it('converts the captured GitHub issue body readably', () => {
    const fixture = path.join(__dirname, '..', '..', 'test', 'fixtures', 'github-create-issue-response.json');
    const { body } = JSON.parse(fs.readFileSync(fixture, 'utf8')) as { body: string };
    expect(markdownToJiraWiki(body)).toBe(
      [
        'h2. HighErrorRate on checkout (prod-eu-1/prod)',
        '',
        '* *Severity:* critical',
        '* *PagerDuty:* https://acme-payments.pagerduty.com/incidents/Q1R8ZJ4Y7XK2LM',
        '* *Slack approval:* https://acme-payments.slack.com/archives/C05INC1DNTS/p1773481382219839',
        '* *Alert fingerprints:* {{9df28b69fb251278}}, {{913aab3577ecf1bf}}',
      ].join('\n'),
    );
  });
});
