import type { AssertionFailure } from './assertion-failure';

/**
 * Where `actual` departs from `expected`, read as a subset: every key of an expected mapping must be in
 * the actual one with a matching value (other keys may exist); lists match item by item and must have the
 * same length; anything else must be equal. One failure per leaf that differs, so a diff names the field.
 */
export function subsetDifferences(expected: unknown, actual: unknown, path: Array<string | number>): AssertionFailure[] {
  if (isMapping(expected)) {
    if (!isMapping(actual)) return [{ path, expected, actual }];
    return Object.entries(expected).flatMap(([key, value]) =>
      Object.hasOwn(actual, key) ? subsetDifferences(value, actual[key], [...path, key]) : [{ path: [...path, key], expected: value, actual: undefined }],
    );
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [{ path, expected, actual }];
    return expected.flatMap((item, i) => subsetDifferences(item, actual[i], [...path, i]));
  }
  return Object.is(expected, actual) ? [] : [{ path, expected, actual }];
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
