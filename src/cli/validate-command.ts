import fs from 'node:fs';
import path from 'node:path';
import { renderValidationJson } from '../playbooks/render-validation-json';
import { renderValidationText } from '../playbooks/render-validation-text';
import { validatePlaybookPaths } from '../playbooks/validate-playbook-paths';
import { buildValidationChecks } from './build-validation-checks';
import type { CliCommand } from './cli-command';
import { parseCommandArgs } from './parse-command-args';

const help = `Usage: mendbot validate [paths…] [--format text|json]

Checks playbooks and reports every error of every file (not only the first), each as
file:line:column path: message. The server runs the same checks when it loads playbooks.

  paths            playbook files, or directories whose *.yaml / *.yml files are checked
                   (*.test.yaml playbook tests are left to \`mendbot test\`);
                   default PLAYBOOKS_DIR, else ./playbooks
  --format text    one line per finding, "ok <file> (<name>)" per valid file, then a summary (default)
  --format json    an array of {file, line, column, path, message, rule, severity} for CI and editors
  -h, --help       show this help

Checks: YAML and the playbook schema; each step's with: against its action's input schema (a {{ }}
template is checked for the type it renders to); unknown actions; when: syntax; steps.<id>.output
references to steps that do not exist or run later; params and secrets referenced but not declared or
mounted; matchers that can never match together; exec programs missing from exec.allowlist.
Rules and messages: docs/playbook-validation.md.

Reads the configuration \`serve\` reads: exec.allowlist (MENDBOT_EXEC_ALLOWLIST or MENDBOT_CONFIG),
http.allowedHosts, and, where secrets are mounted (MENDBOT_SECRETS_DIR or a MENDBOT_SECRET_*), checks
that every {{ secrets.NAME }} is provided.

Exit codes: 0 no errors (warnings allowed), 1 an error in some file, 64 usage error (unknown option,
a path that does not exist), 78 invalid configuration.`;

/** `mendbot validate`: every check on every file, for people and CI. */
export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'check playbooks: schema, action inputs, references, matchers, allowlists; exit 1 on any error',
  help,
  async run(args, io) {
    const parsed = parseCommandArgs(args, { format: true });
    if (parsed.kind === 'help') {
      io.out(help);
      return 0;
    }
    const format = parsed.kind === 'ok' ? (parsed.options.format ?? 'text') : undefined;
    if (parsed.kind === 'usage' || (format !== 'text' && format !== 'json')) {
      io.err(`mendbot validate: ${parsed.kind === 'usage' ? parsed.message : `--format must be text or json, got ${String(format)}`}\n\n${help}`);
      return 64;
    }
    const given = parsed.positionals.length > 0 ? parsed.positionals : [io.env.PLAYBOOKS_DIR || './playbooks'];
    // A path that does not exist is a mistake in the command line (as for `mendbot test`), not a playbook error.
    const missing = given.filter((p) => !fs.existsSync(path.resolve(io.cwd, p)));
    if (missing.length > 0) {
      io.err(`mendbot validate: no such file or directory: ${missing.join(', ')}`);
      return 64;
    }
    const result = validatePlaybookPaths(
      given.map((p) => path.resolve(io.cwd, p)),
      buildValidationChecks(io.env),
    );
    // Files under the working directory print relative to it (what editors and CI annotators link); others,
    // like /playbooks in the container, stay absolute rather than becoming ../../playbooks.
    const relative = (file: string) => {
      const rel = path.relative(io.cwd, file);
      return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
    };
    const shown = {
      ...result,
      files: result.files.map(relative),
      valid: result.valid.map((v) => ({ ...v, file: relative(v.file) })),
      errors: result.errors.map((e) => ({ ...e, file: relative(e.file) })),
      warnings: result.warnings.map((e) => ({ ...e, file: relative(e.file) })),
    };
    if (format === 'json') io.out(renderValidationJson(shown));
    else renderValidationText(shown, given.join(', ')).forEach((line) => io.out(line));
    return result.errors.length === 0 ? 0 : 1;
  },
};
