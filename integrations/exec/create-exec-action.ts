import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import { durationString } from '../../src/playbooks/duration-string';
import type { Action } from '../../src/engine/action';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import { captureOutput } from './capture-output';

export interface ExecActionDeps {
  /** Absolute paths of the programs steps may run (MENDBOT_CONFIG `exec.allowlist`), matched exactly. */
  allowlist: string[];
  /** Cap on the stdout and on the stderr kept, each; default 64 KiB. */
  maxOutputBytes?: number;
  /** Extra variables for the child, on top of PATH and LANG. mendbot's own environment is never passed on. */
  env?: Record<string, string>;
  /** Time between SIGTERM and SIGKILL when a step is aborted or times out; default 2 s. */
  killGraceMs?: number;
}

/** The validated `with:` block of an `exec` step. */
export interface ExecInput {
  /** Program (absolute path) and its arguments, each passed to the program as one argv entry, verbatim. */
  argv: string[];
  /** Absolute working directory; default mendbot's own. */
  cwd?: string;
  /** Kill the program after this many ms (from "30s"). */
  timeout?: number;
}

const DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;
const DEFAULT_KILL_GRACE_MS = 2_000;
// Fixed, so a step runs the same whatever mendbot was started with, and secrets in mendbot's environment
// (tokens, MONGODB_URI) never reach a child.
const BASE_ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', LANG: 'C.UTF-8' };
// 126: found but not executable, 127: not found (e.g. from /usr/bin/env or a wrapper). No retry fixes these.
const PERMANENT_EXIT_CODES = [126, 127];
/** Spawn errors that mean the program cannot run at all (missing, not executable, bad cwd). */
const PERMANENT_SPAWN_ERRORS = ['ENOENT', 'EACCES', 'ENOTDIR', 'EISDIR', 'ELOOP', 'ENOEXEC'];


/**
 * `exec`: runs one allowlisted program without a shell, so rendered `{{ }}` values (label values an
 * alert sender controls) stay data: `$(reboot)` is one argument, never a command. Not idempotent.
 */
export function createExecAction(deps: ExecActionDeps): Action<ExecInput> {
  const relative = deps.allowlist.filter((p) => !path.isAbsolute(p));
  if (relative.length > 0) throw new Error(`exec allowlist entries must be absolute paths: ${relative.join(', ')}`);
  const allowlist = new Set(deps.allowlist);
  const maxOutputBytes = deps.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const killGraceMs = deps.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
  const env = { ...BASE_ENV, ...deps.env };

  const input = z
    .object({
      argv: z
        .array(z.string().refine((a) => !a.includes('\0'), 'argv entries cannot contain NUL bytes'))
        .min(1, 'argv needs at least the program path')
        // Exact match on an absolute path: no PATH lookup, no `..` tricks. Checked at validation so a
        // dry run shows the refusal.
        .superRefine((argv, ctx) => {
          if (argv.length > 0 && !allowlist.has(argv[0]!)) {
            ctx.addIssue({ code: 'custom', path: [0], message: `${argv[0]} is not in exec.allowlist (absolute paths, exact match)` });
          }
        }),
      cwd: z.string().refine((d) => path.isAbsolute(d), 'cwd must be an absolute path').optional(),
      timeout: durationString().optional(),
    })
    .strict();

  return {
    name: 'exec',
    description: 'Runs one allowlisted program (no shell) and captures its output',
    input,
    idempotent: false,
    // One breaker per program: a failing kubectl should not stop a working systemctl.
    target: (i) => i.argv[0],
    async execute(i, ctx) {
      const [program, ...args] = i.argv;
      if (program === undefined || !allowlist.has(program)) {
        throw new PermanentStepError(`exec: ${program} is not in exec.allowlist`, { program });
      }
      if (ctx.signal.aborted) throw new TransientStepError('exec: aborted before start', { program, aborted: true });

      let child: ChildProcess;
      try {
        // detached: the child leads a new process group, so a kill reaches whatever it started too.
        child = spawn(program, args, { shell: false, env, cwd: i.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        throw new PermanentStepError(`exec: cannot start ${program}`, { program, error: String(error) });
      }
      const stdout = captureOutput(child.stdout!, maxOutputBytes);
      const stderr = captureOutput(child.stderr!, maxOutputBytes);

      const signalGroup = (sig: NodeJS.Signals): void => {
        if (child.pid === undefined) return;
        try {
          process.kill(-child.pid, sig);
        } catch {
          // ESRCH: the group is already gone.
        }
      };
      let stopped: 'aborted' | 'timeout' | undefined;
      let killTimer: NodeJS.Timeout | undefined;
      const stop = (reason: 'aborted' | 'timeout'): void => {
        if (stopped) return;
        stopped = reason;
        signalGroup('SIGTERM');
        killTimer = setTimeout(() => signalGroup('SIGKILL'), killGraceMs);
      };
      const onAbort = (): void => stop('aborted');
      ctx.signal.addEventListener('abort', onAbort, { once: true });
      const timeoutTimer = i.timeout === undefined ? undefined : setTimeout(() => stop('timeout'), i.timeout);

      const { exitCode, signal, spawnError } = await new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null; spawnError?: NodeJS.ErrnoException }>(
        (resolve) => {
          child.once('error', (error: NodeJS.ErrnoException) => resolve({ exitCode: null, signal: null, spawnError: error }));
          child.once('close', (code: number | null, sig: NodeJS.Signals | null) => resolve({ exitCode: code, signal: sig }));
        },
      );
      ctx.signal.removeEventListener('abort', onAbort);
      clearTimeout(timeoutTimer);
      clearTimeout(killTimer);
      // Leave nothing behind: a grandchild that ignored SIGTERM dies with its group.
      if (stopped) signalGroup('SIGKILL');

      if (spawnError) {
        const details = { program, code: spawnError.code };
        const message = `exec: cannot start ${program} (${spawnError.code ?? 'error'})`;
        throw PERMANENT_SPAWN_ERRORS.includes(spawnError.code ?? '') ? new PermanentStepError(message, details) : new TransientStepError(message, details);
      }
      const output = { exitCode, signal, stdout: stdout.text(), stderr: stderr.text(), truncated: stdout.truncated() || stderr.truncated() };
      if (stopped === 'aborted') throw new TransientStepError(`exec: ${program} aborted`, { program, aborted: true, ...output });
      if (stopped === 'timeout') throw new TransientStepError(`exec: ${program} did not exit within ${i.timeout} ms`, { program, timeoutMs: i.timeout, ...output });
      if (exitCode === 0) return output;
      const message = exitCode === null ? `exec: ${program} was killed by ${signal}` : `exec: ${program} exited with ${exitCode}`;
      if (exitCode !== null && PERMANENT_EXIT_CODES.includes(exitCode)) throw new PermanentStepError(message, { program, ...output });
      // Any other failure may pass on a later attempt; the step's retry policy decides.
      throw new TransientStepError(message, { program, ...output });
    },
  };
}
