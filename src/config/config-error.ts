import { ErrorCode, MendbotError } from '../core/errors';

/**
 * Start-up configuration is invalid. Carries every problem found (env and YAML), not just the first, so
 * one restart is enough to fix them all; each problem names the variable and how to fix it.
 */
export class ConfigError extends MendbotError {
  readonly problems: string[];

  constructor(problems: readonly string[]) {
    const noun = problems.length === 1 ? 'problem' : 'problems';
    super(ErrorCode.ConfigInvalid, `invalid configuration (${problems.length} ${noun}):\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = [...problems];
  }
}
