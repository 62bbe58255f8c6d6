import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { MendbotError } from '../core/errors';
import { loadPlaybookFiles } from '../playbooks/load-playbook-files';
import { loadPlaybooks } from '../playbooks/load-playbooks';
import { createLogger } from '../telemetry/create-logger';
import { createMetrics } from '../telemetry/create-metrics';
import { checkCaseExpectations } from './check-case-expectations';
import { loadPlaybookTestFile } from './load-playbook-test-file';
import type { PlaybookTestDeps } from './playbook-test-deps';
import type { PlaybookTestFileResult } from './playbook-test-result';
import { runPlaybookTestCase } from './run-playbook-test-case';

/** Loads one `*.test.yaml` file and the playbooks it tests, and runs its cases one after the other, each on a fresh store. */
export async function runPlaybookTestFile(deps: PlaybookTestDeps, file: string): Promise<PlaybookTestFileResult> {
  const result: PlaybookTestFileResult = { file, errors: [], cases: [] };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    result.errors.push({ file, line: 1, column: 1, path: '', message: `cannot read file: ${(error as Error).message}` });
    return result;
  }
  const parsed = loadPlaybookTestFile(file, text);
  if (!parsed.ok) {
    result.errors.push(...parsed.errors);
    return result;
  }
  const { tests, lineOf } = parsed;
  const dir = path.dirname(file);
  const execAllowlist = [...deps.execAllowlist, ...tests.assume.exec_allowlist];
  let actions;
  try {
    actions = deps.actions({ execAllowlist: tests.assume.exec_allowlist, httpAllowedHosts: tests.assume.http_allowed_hosts });
  } catch (error) {
    result.errors.push({ file, line: lineOf(['assume']), column: 1, path: 'assume', message: (error as Error).message });
    return result;
  }
  // Loaded with the checks the server runs at load: a playbook it would refuse cannot pass its tests.
  const checks = { actions, execAllowlist };
  const loaded = tests.playbooks === undefined ? loadPlaybooks(dir, checks) : loadPlaybookFiles(tests.playbooks.map((p) => path.resolve(dir, p)), checks);
  result.errors.push(...loaded.errors);
  const playbooks = loaded.playbooks;
  if (result.errors.length > 0) return result;

  const log = createLogger({ level: 'silent', stream: new Writable({ write: (_c, _e, done) => done() }) });
  const metrics = createMetrics();
  for (const [i, testCase] of tests.cases.entries()) {
    const started = performance.now();
    const line = lineOf(['cases', i]);
    try {
      const seen = await runPlaybookTestCase(deps, { playbooks, actions, start: tests.start, dir, log, metrics }, testCase);
      const failures = checkCaseExpectations(testCase.expect, seen).map((f) => ({ ...f, line: lineOf(['cases', i, ...f.path]) }));
      result.cases.push({ name: testCase.name, line, durationMs: performance.now() - started, failures });
    } catch (error) {
      // A refusal by the engine's own services (e.g. an approver who may not approve) is the author's to fix:
      // its message says it. Anything else is a bug, and its stack is what a report of it needs.
      const text = error instanceof MendbotError ? `${error.code}: ${error.message}` : error instanceof Error ? (error.stack ?? error.message) : String(error);
      result.cases.push({ name: testCase.name, line, durationMs: performance.now() - started, failures: [], error: text });
    }
  }
  return result;
}
