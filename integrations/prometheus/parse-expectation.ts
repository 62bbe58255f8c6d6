/** A comparison every sample must pass, e.g. `<= 0.05`. */
export interface Expectation {
  op: '<' | '<=' | '==' | '!=' | '>' | '>=';
  threshold: number;
  /** As written in the playbook, for messages. */
  text: string;
}

const pattern = /^\s*(<=|>=|==|!=|<|>)\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)\s*$/i;

/**
 * Parses `"< 1"`, `"<=0.05"`, `"== 0"`, `"> 1e3"`, `"!= 0"`. Returns undefined for anything else, so the
 * schema can say what is expected. Thresholds must be finite numbers: comparing with NaN means nothing.
 */
export function parseExpectation(text: string): Expectation | undefined {
  const m = pattern.exec(text);
  if (!m) return undefined;
  const threshold = Number(m[2]);
  if (!Number.isFinite(threshold)) return undefined;
  return { op: m[1] as Expectation['op'], threshold, text: text.trim() };
}
