/**
 * Test-only fault injector for the kill-at-checkpoint tests, preloaded into the built server with
 * NODE_OPTIONS="--require <this file>" (see kill-scenario.ts). Production code has no crash hook: this file
 * wraps the SQLite store's saveRun from outside and SIGKILLs the process right after the checkpoint named by
 * CRASH_AFTER_CHECKPOINT has COMMITTED, before the executor can do anything else. That picks kill moments
 * no outside observer can hit, e.g. between "step three failed" being stored and whatever comes next.
 *
 * CRASH_AFTER_CHECKPOINT:
 *   `<step id>:<step status>`  the first checkpoint whose steps hold that step in that status
 *                              (e.g. `three:failed`, `on_failure.1:succeeded`);
 *   `run:<run status>`         the checkpoint that gives the run that final status (e.g. `run:failed`);
 *   `postmortem:ticket-stored` the postmortem write that stores a new ticket's reference, before the
 *                              attempt is marked filed (savePostmortem, not saveRun).
 */
const Module = require('node:module');

const wanted = process.env.CRASH_AFTER_CHECKPOINT ?? '';
const [subject, status] = wanted.split(/:(?=[^:]*$)/);

function matchesRunPatch(patch) {
  if (subject === 'run') return patch.finished === true && patch.status === status;
  return Array.isArray(patch.steps) && patch.steps.some((s) => s.id === subject && s.status === status);
}

function matchesPostmortemPatch(patch) {
  return subject === 'postmortem' && status === 'ticket-stored' && patch.ticket != null && patch.filed !== true;
}

/** Replaces `store[method]` by one that SIGKILLs the process once a matching write has returned (committed). */
function crashAfter(store, method, matches) {
  const original = store[method].bind(store);
  store[method] = async (id, ...rest) => {
    const result = await original(id, ...rest);
    if (matches(rest.at(-1))) {
      process.stdout.write(`${JSON.stringify({ level: 'fatal', msg: `test crash after checkpoint ${wanted}`, id })}\n`);
      process.kill(process.pid, 'SIGKILL');
      await new Promise(() => undefined); // never continue past the crash point
    }
    return result;
  };
}

function crashAfterMatchingSave(store) {
  crashAfter(store, 'saveRun', matchesRunPatch);
  crashAfter(store, 'savePostmortem', matchesPostmortemPatch);
  return store;
}

if (subject && status) {
  const load = Module._load;
  Module._load = function loadAndWrap(...args) {
    const exported = load.apply(this, args);
    const create = exported && exported.createSqliteStore;
    if (typeof create === 'function' && !create.crashAfterCheckpoint) {
      const wrapped = (...options) => crashAfterMatchingSave(create(...options));
      wrapped.crashAfterCheckpoint = true;
      exported.createSqliteStore = wrapped;
    }
    return exported;
  };
}
