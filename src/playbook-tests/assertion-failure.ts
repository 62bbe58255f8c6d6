/** One expectation that did not hold, located by its path in the test file (under the case). */
export interface AssertionFailure {
  /** e.g. `['expect', 'runs', 0, 'steps', 'restart', 'input', 'namespace']`. */
  path: Array<string | number>;
  expected: unknown;
  actual: unknown;
  /** Extra words when expected/actual alone do not say it (e.g. what "contains" means). */
  note?: string;
}
