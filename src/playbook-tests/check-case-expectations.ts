import type { Run, StepState } from '../core/runs/run';
import { stepDefinition } from '../engine/run-scope';
import type { AssertionFailure } from './assertion-failure';
import type { CaseObservation } from './case-observation';
import type { PlaybookTestFile } from './playbook-test-file';
import { subsetDifferences } from './subset-differences';

type Expect = PlaybookTestFile['cases'][number]['expect'];
type RunExpect = NonNullable<Expect['runs']>[number];

/** Every expectation of a case that the observation contradicts; none means the case passed. */
export function checkCaseExpectations(expect: Expect, seen: CaseObservation): AssertionFailure[] {
  const failures: AssertionFailure[] = seen.deliveryErrors.map((message) => ({
    path: ['alerts', Number(/^alerts\[(\d+)\]/.exec(message)?.[1] ?? 0)],
    expected: 'the delivery to be accepted',
    actual: message,
  }));
  const matched = new Set(seen.traces.filter((t) => t.matched).map((t) => t.playbook));
  const whyNot = (playbook: string) => [...new Set(seen.traces.filter((t) => t.playbook === playbook).map((t) => t.reason))];
  (expect.matched ?? []).forEach((name, i) => {
    if (!matched.has(name)) failures.push({ path: ['expect', 'matched', i], expected: `${name} matches`, actual: describeNoMatch(name, whyNot(name)) });
  });
  (expect.not_matched ?? []).forEach((name, i) => {
    if (matched.has(name)) failures.push({ path: ['expect', 'not_matched', i], expected: `${name} does not match`, actual: `${name} matched` });
  });
  if (expect.runs) {
    if (expect.runs.length !== seen.runs.length) {
      failures.push({ path: ['expect', 'runs'], expected: `${expect.runs.length} run(s)`, actual: seen.runs.map(summary) });
    }
    expect.runs.forEach((want, i) => {
      const run = seen.runs[i];
      if (run) failures.push(...checkRun(want, run, seen, ['expect', 'runs', i]));
    });
  }
  return failures;
}

function checkRun(want: RunExpect, run: Run, seen: CaseObservation, at: Array<string | number>): AssertionFailure[] {
  const out: AssertionFailure[] = [];
  const idOf = (s: StepState) => stepDefinition(run, s.id)?.id ?? s.id;
  const equal = (key: string, expected: unknown, actual: unknown) => {
    if (expected !== undefined && JSON.stringify(expected) !== JSON.stringify(actual)) out.push({ path: [...at, key], expected, actual });
  };
  equal('playbook', want.playbook, run.playbook);
  equal('status', want.status, run.status);
  if (want.reason !== undefined && !(run.reason ?? '').includes(want.reason)) {
    out.push({ path: [...at, 'reason'], expected: want.reason, actual: run.reason, note: 'the reason must contain the expected text' });
  }
  const hit = seen.hits.filter((h) => h.runId === run.id).at(-1);
  equal('guardrail', want.guardrail, hit?.guardrail ?? 'none');
  equal('approval', want.approval, run.approval ? (run.approval.decision ?? 'waiting') : 'none');
  equal('executed', want.executed, run.steps.filter((s) => s.attempts > 0 && (s.status === 'succeeded' || s.status === 'failed')).map(idOf));
  equal('skipped', want.skipped, run.steps.filter((s) => s.status === 'skipped').map(idOf));
  equal('recovery', want.recovery, run.steps.filter((s) => s.phase !== 'main').map(idOf));
  for (const [id, step] of Object.entries(want.steps ?? {})) {
    const state = run.steps.find((s) => idOf(s) === id);
    const where = [...at, 'steps', id];
    if (!state) {
      out.push({ path: where, expected: `step ${id} in the run`, actual: `steps: ${run.steps.map(idOf).join(', ')}` });
      continue;
    }
    if (step.status !== undefined && step.status !== state.status) out.push({ path: [...where, 'status'], expected: step.status, actual: state.status });
    if (step.attempts !== undefined && step.attempts !== state.attempts) out.push({ path: [...where, 'attempts'], expected: step.attempts, actual: state.attempts });
    if (step.input !== undefined) out.push(...subsetDifferences(step.input, state.input, [...where, 'input']));
    if (step.output !== undefined) out.push(...subsetDifferences(step.output, state.output, [...where, 'output']));
    if (step.error !== undefined && !(state.error ?? '').includes(step.error)) {
      out.push({ path: [...where, 'error'], expected: step.error, actual: state.error, note: 'the error must contain the expected text' });
    }
  }
  return out;
}

function summary(run: Run): string {
  return `${run.playbook} ${run.status}${run.reason ? ` (${run.reason})` : ''}`;
}

function describeNoMatch(name: string, reasons: string[]): string {
  return reasons.length === 0 ? `${name} was not loaded or saw no alert` : `no match: ${reasons.join('; ')}`;
}
