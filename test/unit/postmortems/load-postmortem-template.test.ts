import { loadPostmortemTemplate } from '../../../src/postmortems/load-postmortem-template';

describe('loadPostmortemTemplate', () => {
  it('returns nothing without a file, the text for a valid template', () => {
    expect(loadPostmortemTemplate(undefined)).toBeUndefined();
    expect(loadPostmortemTemplate('t.md', () => '# {{ title }}\n{{ timeline }}')).toBe('# {{ title }}\n{{ timeline }}');
  });

  it('refuses unknown placeholders and unreadable files as configuration errors', () => {
    expect(() => loadPostmortemTemplate('t.md', () => '{{ titel }}')).toThrow(/unknown placeholders \{\{ titel \}\}/);
    expect(() =>
      loadPostmortemTemplate('missing.md', () => {
        throw new Error('ENOENT');
      }),
    ).toThrow(/cannot read missing.md: ENOENT/);
  });
});
