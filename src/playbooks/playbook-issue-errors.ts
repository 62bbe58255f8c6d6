import type { Document, LineCounter } from 'yaml';
import type { z } from 'zod';
import { allowedKeysAt } from './allowed-keys-at';
import { locateYamlNode } from './locate-yaml-node';
import { formatFieldPath, type PlaybookError } from './playbook-error';
import { playbookFileSchema } from './playbook-schema';
import { unknownKeyMessage } from './unknown-key-message';

/**
 * Turns one zod issue from `playbookSchema` into located errors: unknown keys point at the key (one error
 * each, with a "did you mean" hint for typos), everything else at the offending value.
 */
export function playbookIssueErrors(issue: z.core.$ZodIssue, file: string, doc: Document, lines: LineCounter): PlaybookError[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    const allowed = allowedKeysAt(playbookFileSchema, path);
    return issue.keys.map((key) => {
      const message = unknownKeyMessage(key, allowed);
      return { file, ...locateYamlNode(doc, lines, [...path, key], 'key'), path: formatFieldPath([...path, key]), message };
    });
  }
  if (issue.code === 'invalid_key') {
    // A record key (a param name) failed its own schema: say why, at the key.
    const message = issue.issues.map((i) => i.message).join('; ');
    return [{ file, ...locateYamlNode(doc, lines, path, 'key'), path: formatFieldPath(path), message }];
  }
  return [{ file, ...locateYamlNode(doc, lines, path), path: formatFieldPath(path), message: issue.message }];
}

/**
 * Friendlier wording for zod's generic messages, in YAML terms (mapping, list). Messages set on a schema
 * take precedence over this map; it only fills the rest.
 */
export const playbookErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'required';
    return `must be ${typeName[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
  }
  if (issue.code === 'invalid_value') {
    return `must be one of ${issue.values.map((v) => String(v)).join(', ')}, got ${describeValue(issue.input)}`;
  }
  return undefined;
};

const typeName: Record<string, string> = {
  object: 'a mapping (key: value)',
  record: 'a mapping (key: value)',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
};

function describeValue(value: unknown): string {
  if (value === null) return 'nothing (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${JSON.stringify(value)}`;
}
