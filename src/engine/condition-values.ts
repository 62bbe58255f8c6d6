/**
 * Value semantics of `when:` conditions. Alert data is strings and step outputs are JSON, so comparisons are
 * defined for those, and anything odd is simply false rather than an exception mid-run.
 */
export type ComparisonOp = '==' | '!=' | '<' | '<=' | '>' | '>=';

const numeric = /^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/**
 * A missing value (undefined) fails every comparison except `== null`, so a typo'd or absent path never
 * makes a condition true by accident. Numbers and numeric strings compare as numbers; otherwise `==`/`!=`
 * compare text and the orderings are false.
 */
export function compareValues(op: ComparisonOp, left: unknown, right: unknown): boolean {
  if (left === undefined || right === undefined) return op === '==' && (left === null || right === null);
  if (left === null || right === null) {
    if (op === '==') return left === right;
    return op === '!=' && left !== right;
  }
  const a = toNumber(left);
  const b = toNumber(right);
  if (a !== undefined && b !== undefined) {
    switch (op) {
      case '==': return a === b;
      case '!=': return a !== b;
      case '<': return a < b;
      case '<=': return a <= b;
      case '>': return a > b;
      case '>=': return a >= b;
    }
  }
  if (op === '==') return toText(left) === toText(right);
  if (op === '!=') return toText(left) !== toText(right);
  return false;
}

/** Scalars are tested as text (label values are strings anyway); missing, null and objects never match. */
export function testRegex(re: RegExp, value: unknown): boolean | undefined {
  if (typeof value === 'string') return re.test(value);
  if (typeof value === 'number' || typeof value === 'boolean') return re.test(String(value));
  return undefined;
}

/** A bare operand holds when it is true, or the label-style string "true"; nothing else is truthy. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && numeric.test(v)) return Number(v);
  return undefined;
}

function toText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
