import { formatFieldPath, formatPlaybookError } from '../playbooks/playbook-error';
import type { PlaybookTestFileResult } from './playbook-test-result';
import { showValue } from './show-value';

/**
 * The terminal report: one line per file and case, and for each failed assertion its path and line in
 * the test file with the expected and the actual value, then a count. Lines, without trailing newlines.
 */
export function formatPlaybookTestReport(results: PlaybookTestFileResult[]): string[] {
  const out: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const r of results) {
    const bad = r.errors.length > 0 || r.cases.some((c) => c.failures.length > 0 || c.error);
    out.push(`${bad ? 'FAIL' : 'PASS'} ${r.file}`);
    for (const e of r.errors) out.push(`  ${formatPlaybookError(e)}`);
    if (r.errors.length > 0) failed++;
    for (const c of r.cases) {
      const ok = c.failures.length === 0 && !c.error;
      if (ok) passed++;
      else failed++;
      out.push(`  ${ok ? '✓' : '✗'} ${c.name} (${r.file}:${c.line}, ${Math.round(c.durationMs)} ms)`);
      if (c.error) out.push(...c.error.split('\n').map((l) => `      ${l}`));
      for (const f of c.failures) {
        out.push(`    ${formatFieldPath(f.path)} (${r.file}:${f.line})`);
        out.push(`      expected: ${showValue(f.expected)}`);
        out.push(`      actual:   ${showValue(f.actual)}`);
        if (f.note) out.push(`      (${f.note})`);
      }
    }
  }
  out.push('');
  out.push(`${results.length} file(s), ${passed + failed} case(s): ${passed} passed, ${failed} failed`);
  return out;
}
