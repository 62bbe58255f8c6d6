/** One `mendbot <command>`: its help text and what it does. src/cli.ts dispatches to these by name. */
export interface CliCommand {
  name: string;
  /** One line for `mendbot --help`. */
  summary: string;
  /** Full text for `mendbot <command> --help`: usage line, every option, exit codes. */
  help: string;
  /**
   * Runs the command with the arguments after its name; resolves with the exit code (0 ok, 1 findings or
   * failure, 64 usage error), or -1 to keep the process running (serve).
   */
  run(args: string[], io: CliIo): Promise<number>;
}

/** Where a command writes and what it reads: the process in production, buffers in tests. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  env: Record<string, string | undefined>;
  cwd: string;
}
