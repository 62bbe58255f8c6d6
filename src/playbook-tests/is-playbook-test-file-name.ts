/** `*.test.yaml` / `*.test.yml`: the files `mendbot test` runs and the playbook loader must leave alone. */
export function isPlaybookTestFileName(name: string): boolean {
  return !name.startsWith('.') && /\.test\.ya?ml$/.test(name);
}
