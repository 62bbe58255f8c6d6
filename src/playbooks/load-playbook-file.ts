import { createHash } from 'node:crypto';
import { yamlLibrary } from '../config/yaml-library';
import { toLocation } from './locate-yaml-node';
import type { LoadedPlaybook } from '../core/playbooks/playbook';
import type { PlaybookError } from './playbook-error';
import { playbookErrorMap, playbookIssueErrors } from './playbook-issue-errors';
import { playbookSchema } from './playbook-schema';
import { playbookYamlOptions } from './playbook-yaml-options';

export type LoadPlaybookFileResult = { ok: true; loaded: LoadedPlaybook } | { ok: false; errors: PlaybookError[] };

/**
 * Parses and validates one playbook file's text. Never throws for bad input: every YAML and schema problem
 * comes back located at file:line:column, sorted by position, so one pass fixes them all. `preparsed`:
 * this file's YAML as parsed by preparsePlaybookYaml, used only if its text is `text`.
 */
export function loadPlaybookFile(file: string, text: string, preparsed?: { text: string; data: unknown }): LoadPlaybookFileResult {
  // The YAML of this very text, parsed without errors on the start-up thread: only the schema is left. A
  // schema error needs the document to locate it, so that case goes the whole way below.
  if (preparsed !== undefined && preparsed.text === text) {
    const result = playbookSchema.safeParse(preparsed.data ?? {}, { error: playbookErrorMap });
    if (result.success) return { ok: true, loaded: { playbook: result.data, file, version: versionOf(text) } };
  }
  const { LineCounter, parseDocument } = yamlLibrary();
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...playbookYamlOptions, lineCounter: lines });
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
  return { ok: true, loaded: { playbook: result.data, file, version: versionOf(text) } };
}

function versionOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function firstLine(message: string): string {
  return message.split('\n')[0]!;
}
