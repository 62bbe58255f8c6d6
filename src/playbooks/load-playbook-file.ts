import { createHash } from 'node:crypto';
import { LineCounter, parseDocument } from 'yaml';
import { toLocation } from './locate-yaml-node';
import type { LoadedPlaybook } from '../core/playbooks/playbook';
import type { PlaybookError } from './playbook-error';
import { playbookErrorMap, playbookIssueErrors } from './playbook-issue-errors';
import { playbookSchema } from './playbook-schema';

export type LoadPlaybookFileResult = { ok: true; loaded: LoadedPlaybook } | { ok: false; errors: PlaybookError[] };

/**
 * Parses and validates one playbook file's text. Never throws for bad input: every YAML and schema problem
 * comes back located at file:line:column, sorted by position, so one pass fixes them all.
 */
export function loadPlaybookFile(file: string, text: string): LoadPlaybookFileResult {
  const lines = new LineCounter();
  // uniqueKeys (the default) makes a key written twice an error instead of the last one silently winning.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const errors = doc.errors.map((e) => ({ file, ...toLocation(lines, e.pos[0]), path: '', message: `invalid YAML: ${firstLine(e.message)}` }));
    return { ok: false, errors };
  }

  let data: unknown;
  try {
    data = doc.toJS();
  } catch (err) {
    // e.g. an alias bomb beyond yaml's maxAliasCount
    return { ok: false, errors: [{ file, line: 1, column: 1, path: '', message: `invalid YAML: ${firstLine(String(err))}` }] };
  }
  const result = playbookSchema.safeParse(data ?? {}, { error: playbookErrorMap });
  if (!result.success) {
    const errors = result.error.issues.flatMap((issue) => playbookIssueErrors(issue, file, doc, lines));
    return { ok: false, errors: errors.sort((a, b) => a.line - b.line || a.column - b.column) };
  }
  const version = createHash('sha256').update(text).digest('hex');
  return { ok: true, loaded: { playbook: result.data, file, version } };
}

function firstLine(message: string): string {
  return message.split('\n')[0]!;
}
