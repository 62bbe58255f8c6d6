/**
 * How a playbook file's YAML is parsed, wherever it is parsed (the loader, the start-up thread). uniqueKeys
 * (the default) makes a key written twice an error instead of the last one silently winning.
 */
export const playbookYamlOptions = { prettyErrors: false } as const;
