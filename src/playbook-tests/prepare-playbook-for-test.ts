import type { LoadedPlaybook, PlaybookStep } from '../core/playbooks/playbook';
import type { PlaybookTestFile } from './playbook-test-file';

type Stubs = PlaybookTestFile['cases'][number]['stubs'];

/** How long a stubbed timeout takes: the step's real timeout would make a test wait minutes for nothing. */
const stubbedTimeoutMs = 5;

/**
 * The playbook as a test runs it: the same steps, attempts, conditions and inputs, but retries wait 1 ms
 * instead of their backoff, and a step stubbed to time out times out after a few milliseconds. Only the
 * waiting changes; how often a step is tried and what happens next are the playbook's own.
 */
export function preparePlaybookForTest(loaded: LoadedPlaybook, stubs: Stubs): LoadedPlaybook {
  const times = (step: PlaybookStep, compensate: PlaybookStep[]): PlaybookStep => {
    const given = stubs[step.id] ?? stubs[step.action];
    const timesOut = [given ?? []].flat().some((s) => s.result === 'timeout');
    return {
      ...step,
      retry: { ...step.retry, initialMs: 1, maxMs: 1 },
      timeoutMs: timesOut ? stubbedTimeoutMs : step.timeoutMs,
      compensate,
    };
  };
  const pb = loaded.playbook;
  return {
    ...loaded,
    playbook: {
      ...pb,
      steps: pb.steps.map((s) => times(s, s.compensate.map((c) => times(c, [])))),
      onFailure: pb.onFailure.map((s) => times(s, [])),
    },
  };
}
