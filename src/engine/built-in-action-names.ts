/**
 * Names of the actions `mendbot serve` registers (src/main.ts), for `mendbot validate` to flag unknown
 * actions without starting anything. test/unit/engine/built-in-action-names.test.ts keeps the two in step.
 */
export const builtInActionNames: ReadonlySet<string> = new Set(['http', 'exec', 'prometheus.check', 'wait', 'notify', 'approval']);
