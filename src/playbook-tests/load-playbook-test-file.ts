import { LineCounter, parseDocument } from 'yaml';
import { locateYamlNode, toLocation } from '../playbooks/locate-yaml-node';
import { formatFieldPath, type PlaybookError } from '../playbooks/playbook-error';
import { playbookErrorMap } from '../playbooks/playbook-issue-errors';
import type { PlaybookTestFile } from './playbook-test-file';
import { playbookTestFileSchema } from './playbook-test-file-schema';

export type LoadPlaybookTestFileResult =
  | { ok: true; tests: PlaybookTestFile; lineOf(path: ReadonlyArray<string | number>): number }
  | { ok: false; errors: PlaybookError[] };

/**
 * Parses one test file's text. Never throws for bad input: YAML and schema problems come back located
 * (file:line:column path), and a good file comes with `lineOf`, so a failed assertion can name its line.
 */
export function loadPlaybookTestFile(file: string, text: string): LoadPlaybookTestFileResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    return { ok: false, errors: doc.errors.map((e) => ({ file, ...toLocation(lines, e.pos[0]), path: '', message: `invalid YAML: ${e.message.split('\n')[0]!}` })) };
  }
  let data: unknown;
  try {
    data = doc.toJS();
  } catch (error) {
    return { ok: false, errors: [{ file, line: 1, column: 1, path: '', message: `invalid YAML: ${String(error).split('\n')[0]!}` }] };
  }
  const result = playbookTestFileSchema.safeParse(data ?? {}, { error: playbookErrorMap });
  if (!result.success) {
    const errors = result.error.issues.flatMap((issue): PlaybookError[] => {
      const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({ file, ...locateYamlNode(doc, lines, [...path, key], 'key'), path: formatFieldPath([...path, key]), message: 'unknown key' }));
      }
      return [{ file, ...locateYamlNode(doc, lines, path), path: formatFieldPath(path), message: issue.message }];
    });
    return { ok: false, errors: errors.sort((a, b) => a.line - b.line || a.column - b.column) };
  }
  return { ok: true, tests: result.data, lineOf: (path) => locateYamlNode(doc, lines, path).line };
}
