import { yamlLibrary } from '../config/yaml-library';
import type { LoadedPlaybook } from '../core/playbooks/playbook';
import { findActionInputProblems } from './find-action-input-problems';
import { findConditionProblems } from './find-condition-problems';
import { findExecAllowlistProblems } from './find-exec-allowlist-problems';
import { findMatcherConflicts } from './find-matcher-conflicts';
import { findParamProblems } from './find-param-problems';
import { findSecretProblems } from './find-secret-problems';
import { findStepReferenceProblems } from './find-step-reference-problems';
import { findTemplateProblems } from './find-template-problems';
import { findUnknownActions } from './find-unknown-actions';
import { locateYamlNode } from './locate-yaml-node';
import type { PlaybookChecks } from './playbook-checks';
import { formatFieldPath, type PlaybookError } from './playbook-error';
import type { PlaybookIssue } from './playbook-issue';

/**
 * Every check beyond the schema, for a playbook that passed it: `mendbot validate` and the server's loader
 * both call this, so what validate accepts is what serve loads. Each rule is its own `find-*.ts`; this only
 * runs them and locates what they found in `text` (the file as read). Errors and warnings come back
 * together, in file order; a warning has `warning: true`.
 *
 * When a specific rule and the action's input schema both object to one value (an exec program missing from
 * the allowlist also fails the exec action's schema), only the specific rule's message is kept.
 */
export function checkPlaybook(loaded: LoadedPlaybook, text: string, checks: PlaybookChecks = {}): PlaybookError[] {
  const pb = loaded.playbook;
  const specific: PlaybookIssue[] = [
    ...findTemplateProblems(pb),
    ...findConditionProblems(pb),
    ...findStepReferenceProblems(pb),
    ...findParamProblems(pb),
    ...findMatcherConflicts(pb),
    ...(checks.actions ? findUnknownActions(pb, checks.actions.names()) : []),
    ...(checks.execAllowlist ? findExecAllowlistProblems(pb, checks.execAllowlist) : []),
    ...findSecretProblems(pb, checks.secrets),
  ];
  const taken = new Set(specific.filter((i) => !i.warning).map((i) => formatFieldPath(i.path)));
  const input = checks.actions ? findActionInputProblems(pb, checks.actions).filter((i) => !taken.has(formatFieldPath(i.path))) : [];
  const issues = [...specific, ...input];
  if (issues.length === 0) return [];

  const { LineCounter, parseDocument } = yamlLibrary();
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  return issues
    .map((issue): PlaybookError => ({
      file: loaded.file,
      ...locateYamlNode(doc, lines, issue.path, issue.at),
      path: formatFieldPath(issue.path),
      message: issue.message,
      rule: issue.rule,
      ...(issue.warning ? { warning: true } : {}),
    }))
    .sort((a, b) => a.line - b.line || a.column - b.column);
}
