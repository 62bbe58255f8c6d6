import { renderJunitXml } from '../../../src/playbook-tests/render-junit-xml';
import type { PlaybookTestFileResult } from '../../../src/playbook-tests/playbook-test-result';

/** Minimal well-formedness check: one root, tags nest and close, no raw `<` or stray `&` in text or attributes. */
function checkWellFormed(xml: string): string[] {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const roots: string[] = [];
  const problems: string[] = [];
  const token = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const m of body.matchAll(token)) {
    const [, closing, name, attrs, selfClosing, text, stray] = m;
    if (stray) problems.push(`stray < at ${m.index}`);
    else if (text !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(text)) problems.push(`bare & in text at ${m.index}`);
      if (stack.length === 0 && text.trim() !== '') problems.push(`text outside the root at ${m.index}`);
    } else if (closing) {
      if (stack.pop() !== name) problems.push(`</${name}> does not close the open element at ${m.index}`);
    } else {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(attrs ?? '')) problems.push(`bare & in attributes of <${name}>`);
      if (stack.length === 0) roots.push(name!);
      if (!selfClosing) stack.push(name!);
    }
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(', ')}`);
  if (roots.length !== 1) problems.push(`expected one root, got ${roots.join(', ')}`);
  return problems;
}

const results: PlaybookTestFileResult[] = [
  {
    file: 'playbooks/a.test.yaml',
    errors: [],
    cases: [
      { name: 'passes', line: 3, durationMs: 12, failures: [] },
      {
        name: 'fails <with> "quotes" & ampersands',
        line: 9,
        durationMs: 30,
        failures: [{ path: ['expect', 'runs', 0, 'status'], line: 12, expected: 'succeeded', actual: 'failed <compensated> & more' }],
      },
    ],
  },
  { file: 'playbooks/b.test.yaml', errors: [{ file: 'playbooks/b.test.yaml', line: 2, column: 3, path: 'cases', message: 'required' }], cases: [] },
];

describe('renderJunitXml', () => {
  it('writes well-formed XML with one suite per file and the right counts', () => {
    const xml = renderJunitXml(results);
    expect(checkWellFormed(xml)).toEqual([]);
    expect(xml).toContain('<testsuites name="mendbot test" tests="3" failures="2">');
    expect(xml).toContain('<testsuite name="playbooks/a.test.yaml" tests="2" failures="1" errors="0" time="0.042">');
    expect(xml).toContain('<testsuite name="playbooks/b.test.yaml" tests="1" failures="1"');
    expect(xml.match(/<failure /g)).toHaveLength(2);
  });

  it('escapes names and the diff, which carries the expected and actual values', () => {
    const xml = renderJunitXml(results);
    expect(xml).toContain('name="fails &lt;with&gt; &quot;quotes&quot; &amp; ampersands"');
    expect(xml).toContain('expect.runs[0].status (playbooks/a.test.yaml:12)\n  expected: &quot;succeeded&quot;\n  actual:   &quot;failed &lt;compensated&gt; &amp; more&quot;');
    expect(xml).toContain('playbooks/b.test.yaml:2:3 cases: required');
  });

  it('the checker itself catches broken XML', () => {
    expect(checkWellFormed('<a><b></a>')).not.toEqual([]);
    expect(checkWellFormed('<a>x & y</a>')).not.toEqual([]);
  });
});
