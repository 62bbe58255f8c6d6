/**
 * Dotfiles are skipped: editors' lock and backup files (`.#x.yaml`) are not playbooks. Neither are the
 * playbook tests `mendbot test` runs (`*.test.yaml`), which live next to the playbooks they test.
 */
export function isPlaybookFileName(name: string): boolean {
  return !name.startsWith('.') && /\.ya?ml$/.test(name) && !/\.test\.ya?ml$/.test(name);
}
