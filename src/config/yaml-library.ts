import type * as Yaml from 'yaml';

/**
 * The yaml package, loaded on first use (Node's module cache keeps it after). A server's playbooks are parsed
 * on a thread of their own at start-up (preparse-playbook-yaml.ts): the main thread needs yaml only for a
 * playbook that thread could not parse or the schema refused (to locate the error), MENDBOT_CONFIG, a token file
 * or a kubeconfig. Loaded with the rest, it cost ~25 ms of every start.
 */
export function yamlLibrary(): typeof Yaml {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded when first needed (see above)
  return require('yaml') as typeof Yaml;
}
