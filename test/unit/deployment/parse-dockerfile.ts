/** One instruction of a Dockerfile: `ENV`, `CMD`…, its arguments with line continuations joined. */
export interface DockerInstruction {
  keyword: string;
  args: string;
}

/** Enough of the Dockerfile grammar for these tests: comments, continuations, one instruction per logical line. */
export function parseDockerfile(text: string): DockerInstruction[] {
  const logical: string[] = [];
  let current = '';
  for (const line of text.split('\n')) {
    if (current === '' && /^\s*#/.test(line)) continue;
    if (/\\\s*$/.test(line)) {
      current += line.replace(/\\\s*$/, ' ');
      continue;
    }
    current += line;
    if (current.trim() !== '') logical.push(current.trim());
    current = '';
  }
  return logical.map((l) => {
    const [keyword = '', ...rest] = l.split(/\s+/);
    return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
  });
}

/** `ENV A=1 B=2` instructions of the last stage (the runtime image), merged. */
export function runtimeEnv(instructions: DockerInstruction[]): Record<string, string> {
  const lastFrom = instructions.map((i) => i.keyword).lastIndexOf('FROM');
  const env: Record<string, string> = {};
  for (const i of instructions.slice(lastFrom).filter((x) => x.keyword === 'ENV')) {
    for (const m of i.args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S+)/g)) env[m[1]!] = m[2]!.replace(/^"|"$/g, '');
  }
  return env;
}
