import type { PlaybookError } from '../playbooks/playbook-error';
import type { AssertionFailure } from './assertion-failure';

/** The outcome of one test file: its cases, or the problems that kept it from running. */
export interface PlaybookTestFileResult {
  file: string;
  /** The file could not run (invalid test file, playbook that does not load): every case counts as failed. */
  errors: PlaybookError[];
  cases: Array<{
    name: string;
    /** Line of the case in the test file. */
    line: number;
    durationMs: number;
    failures: Array<AssertionFailure & { line: number }>;
    /** The case could not run to the end (a bug or an unreadable webhook file). */
    error?: string;
  }>;
}
