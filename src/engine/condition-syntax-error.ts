/** A `when:` condition that does not parse; raised when the playbook loads, never mid-run. */
export class ConditionSyntaxError extends Error {
  override readonly name = 'ConditionSyntaxError';
  constructor(
    readonly condition: string,
    readonly reason: string,
    /** 0-based offset into `condition` where the problem is. */
    readonly position: number,
  ) {
    super(`${reason} at column ${position + 1} of condition ${JSON.stringify(condition)}`);
  }
}
