import { parseSlashCommand } from './parse-slash-command';
import { tokenizeCommandText } from './tokenize-command-text';

describe('tokenizeCommandText', () => {
  it('keeps quoted matcher values, spaces included, inside one token', () => {
    const result = tokenizeCommandText('silence alertname="Disk Full" namespace=~"prod|stag" 2h');
    expect(result.ok && result.tokens.map((t) => t.text)).toEqual(['silence', 'alertname="Disk Full"', 'namespace=~"prod|stag"', '2h']);
  });

  it('undoes Slack escaping and smart quotes', () => {
    const result = tokenizeCommandText('why am:9df2&amp;x &lt;y&gt; a=\u201Cb c\u201D');
    expect(result.ok && result.tokens.map((t) => t.text)).toEqual(['why', 'am:9df2&x', '<y>', 'a="b c"']);
  });

  it('keeps escaped quotes inside a quoted value and reports an unterminated quote', () => {
    const ok = tokenizeCommandText('a="x \\" y" b');
    expect(ok.ok && ok.tokens.map((t) => t.text)).toEqual(['a="x \\" y"', 'b']);
    expect(tokenizeCommandText('silence a="open 2h')).toEqual({ ok: false, error: 'unterminated quote at column 11' });
  });
});

describe('parseSlashCommand', () => {
  it('treats empty text as help', () => {
    expect(parseSlashCommand('  ')).toEqual({ ok: true, command: { name: 'help' } });
  });

  it('parses a silence: validated matchers, a duration with a unit, the rest verbatim as reason', () => {
    expect(parseSlashCommand('silence alertname="DiskFull" namespace="prod" 2h maintenance  window')).toEqual({
      ok: true,
      command: { name: 'silence', matchers: ['alertname="DiskFull"', 'namespace="prod"'], durationMs: 7_200_000, duration: '2h', reason: 'maintenance  window' },
    });
    expect(parseSlashCommand('silence alertname="DiskFull" 7200000')).toMatchObject({ ok: false, error: '`7200000` is not a duration like 30m, 2h or 1d' });
    expect(parseSlashCommand('silence 2h')).toMatchObject({ ok: false, usage: 'silence <matcher …> <duration> [reason …]' });
  });

  it('parses run params, quoted values and the incident', () => {
    expect(parseSlashCommand('run restart deployment="web api" incident=inc_1 ns=prod')).toEqual({
      ok: true,
      command: { name: 'run', playbook: 'restart', params: { deployment: 'web api', ns: 'prod' }, incidentId: 'inc_1' },
    });
    expect(parseSlashCommand('run restart oops')).toMatchObject({ ok: false, error: 'expected param=value, got `oops`' });
    expect(parseSlashCommand('run a=b')).toMatchObject({ ok: false, error: 'missing the playbook name' });
  });

  it('reads pause / resume with no target or `all` as the kill switch', () => {
    expect(parseSlashCommand('pause')).toEqual({ ok: true, command: { name: 'pause', playbook: undefined, reason: undefined } });
    expect(parseSlashCommand('pause all db migration')).toEqual({ ok: true, command: { name: 'pause', playbook: undefined, reason: 'db migration' } });
    expect(parseSlashCommand('pause restart-web flaky')).toEqual({ ok: true, command: { name: 'pause', playbook: 'restart-web', reason: 'flaky' } });
    expect(parseSlashCommand('RESUME ALL')).toEqual({ ok: true, command: { name: 'resume', playbook: undefined } });
  });

  it('parses resolve: the incident, then the rest verbatim as the reason, which is required', () => {
    expect(parseSlashCommand('resolve inc_1 exporter stuck,  checked')).toEqual({ ok: true, command: { name: 'resolve', incidentId: 'inc_1', reason: 'exporter stuck,  checked' } });
    expect(parseSlashCommand('resolve inc_1')).toMatchObject({ ok: false, usage: 'resolve <incident-id> <reason …>' });
    expect(parseSlashCommand('resolve')).toMatchObject({ ok: false, error: 'missing the incident id' });
  });

  it('answers mistakes with the subcommand usage', () => {
    expect(parseSlashCommand('approve')).toEqual({ ok: false, error: 'missing argument', usage: 'approve <run-id>' });
    expect(parseSlashCommand('status now')).toEqual({ ok: false, error: '`status` takes no arguments', usage: 'status' });
    expect(parseSlashCommand('constructor')).toEqual({ ok: false, error: 'unknown subcommand `constructor`' });
  });
});
