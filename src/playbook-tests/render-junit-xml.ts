import { formatFieldPath, formatPlaybookError } from '../playbooks/playbook-error';
import type { PlaybookTestFileResult } from './playbook-test-result';
import { showValue } from './show-value';

/**
 * JUnit XML for CI test reports: one <testsuite> per test file, one <testcase> per case, a <failure> with
 * the same expected/actual text as the terminal. A file that could not run is one failed case named after it.
 */
export function renderJunitXml(results: PlaybookTestFileResult[]): string {
  const suites = results.map((r) => {
    const cases = r.cases.map((c) => {
      const attrs = `name="${esc(c.name)}" classname="${esc(r.file)}" file="${esc(r.file)}" line="${c.line}" time="${(c.durationMs / 1000).toFixed(3)}"`;
      if (c.failures.length === 0 && !c.error) return `    <testcase ${attrs}/>`;
      const text = c.error ?? c.failures.map((f) => `${formatFieldPath(f.path)} (${r.file}:${f.line})\n  expected: ${showValue(f.expected)}\n  actual:   ${showValue(f.actual)}`).join('\n');
      const message = c.error ? 'the case could not run' : `${c.failures.length} expectation(s) failed`;
      return `    <testcase ${attrs}>\n      <failure message="${esc(message)}">${esc(text)}</failure>\n    </testcase>`;
    });
    if (r.errors.length > 0) {
      const text = r.errors.map(formatPlaybookError).join('\n');
      cases.push(`    <testcase name="${esc(r.file)}" classname="${esc(r.file)}" file="${esc(r.file)}">\n      <failure message="the test file could not run">${esc(text)}</failure>\n    </testcase>`);
    }
    const failures = r.cases.filter((c) => c.failures.length > 0 || c.error).length + (r.errors.length > 0 ? 1 : 0);
    const time = r.cases.reduce((sum, c) => sum + c.durationMs, 0) / 1000;
    return `  <testsuite name="${esc(r.file)}" tests="${cases.length}" failures="${failures}" errors="0" time="${time.toFixed(3)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  const tests = results.reduce((n, r) => n + r.cases.length + (r.errors.length > 0 ? 1 : 0), 0);
  const failures = results.reduce((n, r) => n + r.cases.filter((c) => c.failures.length > 0 || c.error).length + (r.errors.length > 0 ? 1 : 0), 0);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="mendbot test" tests="${tests}" failures="${failures}">\n${suites.join('\n')}\n</testsuites>\n`;
}

/** XML text and attribute escaping; control characters XML 1.0 cannot carry are dropped. */
function esc(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
