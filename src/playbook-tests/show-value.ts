/** An expected or actual value as a diff line shows it: JSON, and `(nothing)` for a missing value. */
export function showValue(value: unknown): string {
  return value === undefined ? '(nothing)' : JSON.stringify(value);
}
