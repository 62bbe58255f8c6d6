import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../telemetry/create-logger';
import { loadPlaybooks } from './load-playbooks';
import type { LoadedPlaybook } from '../core/playbooks/playbook';
import type { PlaybookChecks } from './playbook-checks';
import { formatPlaybookError, type PlaybookError } from './playbook-error';
import type { PreparsedYaml } from './preparse-playbook-yaml';

/** A playbook in the catalog. */
interface CatalogPlaybook extends LoadedPlaybook {
  /** Set when the file is broken now and this is its last good version, kept until the file is fixed. */
  stale?: boolean;
}

/** The playbooks currently in force, reloaded from disk on demand or on change. */
export interface PlaybookCatalog {
  /** Current playbooks in file-name order, including kept last good versions (`stale: true`). */
  list(): CatalogPlaybook[];
  get(name: string): CatalogPlaybook | undefined;
  /** Current problems: every error in the files, plus one note per file whose last good version is kept. */
  problems(): PlaybookError[];
  /** Files whose last good version is in force because the file is broken now (for a gauge). */
  lastGoodKept(): string[];
  /** Reads the directory again now. */
  reload(): void;
  /** Stops watching; list() keeps answering with what was loaded last. */
  close(): void;
}

export interface CreatePlaybookCatalogOptions {
  dir: string;
  log: Logger;
  /** Called after a reload changed the playbooks or the problems (not for the initial load). */
  onChange?: () => void;
  /** Reload when files in `dir` change (fs.watch). */
  watch?: boolean;
  /** Quiet time after the last file event before reloading (default 200 ms): editors write in bursts. */
  debounceMs?: number;
  /**
   * The checks `mendbot validate` runs that need the deployment (the action registry, exec.allowlist):
   * a playbook they find errors in is not loaded. The others (templates, `when:`, references, matchers)
   * always run.
   */
  checks?: PlaybookChecks;
  /** YAML already parsed on the start-up thread (preparsePlaybookYaml): used by the first load only. */
  preparsed?: PreparsedYaml;
}

/**
 * Loads the playbook directory and keeps it current. A file that breaks while mendbot runs keeps its last
 * good version in force (a typo in an edit must not silently switch off remediation: bad input is
 * reported and changes nothing); a deleted file's playbook goes away.
 */
export function createPlaybookCatalog(options: CreatePlaybookCatalogOptions): PlaybookCatalog {
  const { dir, log } = options;
  let entries: CatalogPlaybook[] = [];
  let byName = new Map<string, CatalogPlaybook>();
  let problems: PlaybookError[] = [];
  let logged = new Set<string>();
  let signature: string | undefined;
  let preparsed = options.preparsed;

  const reload = (): void => {
    const result = loadPlaybooks(dir, options.checks, preparsed);
    preparsed = undefined; // later reloads read what changed
    // An unreadable directory is not a deletion of every playbook (a remount, a permission slip): keep all.
    const dirUnreadable = result.errors.some((e) => e.file === dir);
    const brokenFiles = new Set(result.errors.map((e) => e.file));
    const next: CatalogPlaybook[] = [...result.playbooks];
    const names = new Set(next.map((p) => p.playbook.name));
    const notes: PlaybookError[] = [];
    for (const previous of entries) {
      if (!dirUnreadable && !brokenFiles.has(previous.file)) continue; // fixed (reloaded above) or deleted
      if (names.has(previous.playbook.name)) continue; // another file now defines this name validly
      names.add(previous.playbook.name);
      next.push({ ...previous, stale: true });
      const firstError = result.errors.find((e) => e.file === previous.file) ?? result.errors[0]!;
      notes.push({
        ...firstError,
        file: previous.file,
        path: '',
        message: `keeping the last good version (${previous.version.slice(0, 12)}) of playbook "${previous.playbook.name}" until the file is fixed`,
      });
    }
    next.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));

    entries = next;
    byName = new Map(next.map((p) => [p.playbook.name, p]));
    problems = [...result.errors, ...notes];
    logProblems(result.errors, notes);

    const nextSignature = JSON.stringify([next.map((p) => [p.file, p.version, p.stale]), problems.map(formatPlaybookError)]);
    const changed = signature !== undefined && nextSignature !== signature;
    if (signature === undefined || changed) {
      log.info({ dir, playbooks: next.map((p) => p.playbook.name), stale: staleFiles(), problems: problems.length }, 'playbooks loaded');
    }
    signature = nextSignature;
    if (changed) notifyChange();
  };

  // Each problem is logged once, when it appears, not again on every reload triggered by other files.
  const logProblems = (errors: PlaybookError[], notes: PlaybookError[]): void => {
    const now = new Set<string>();
    for (const e of errors) {
      const text = formatPlaybookError(e);
      now.add(text);
      if (!logged.has(text)) log.error({ file: e.file, line: e.line, column: e.column, path: e.path }, `invalid playbook: ${text}`);
    }
    for (const note of notes) {
      const text = formatPlaybookError(note);
      now.add(text);
      if (!logged.has(text)) {
        log.error({ file: note.file, line: note.line, column: note.column }, `playbook file is broken at ${note.file}:${note.line}:${note.column}; ${note.message}`);
      }
    }
    logged = now;
  };

  const notifyChange = (): void => {
    try {
      options.onChange?.();
    } catch (err) {
      log.error({ err }, 'playbook catalog onChange listener failed');
    }
  };

  const staleFiles = (): string[] => entries.filter((p) => p.stale).map((p) => p.file);

  reload();
  const watcher = options.watch ? watchDir(dir, options.debounceMs ?? 200, reload, log) : undefined;

  return {
    list: () => [...entries],
    get: (name) => byName.get(name),
    problems: () => [...problems],
    lastGoodKept: staleFiles,
    reload,
    close: () => watcher?.close(),
  };
}

/** Calls `reload` once things are quiet after changes in `dir`; never lets a failure escape into a timer. */
function watchDir(dir: string, debounceMs: number, reload: () => void, log: Logger): { close(): void } {
  let timer: NodeJS.Timeout | undefined;
  let watcher: fs.FSWatcher | undefined;
  const reloadSafely = (): void => {
    timer = undefined;
    try {
      reload();
    } catch (err) {
      log.error({ err, dir }, 'playbook reload failed; keeping the current playbooks');
    }
  };
  try {
    // The directory, not each file: editors save by rename and ConfigMaps swap a symlink, which a
    // per-file watch would miss after the first change.
    watcher = fs.watch(path.resolve(dir), () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(reloadSafely, debounceMs);
      timer.unref();
    });
    watcher.on('error', (err) => log.error({ err, dir }, 'watching the playbook directory failed; restart mendbot to pick up changes'));
    watcher.unref();
  } catch (err) {
    log.error({ err, dir }, 'cannot watch the playbook directory; changes need a restart');
  }
  return {
    close: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      watcher?.close();
    },
  };
}
