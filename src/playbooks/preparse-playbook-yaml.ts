import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { isPlaybookFileName } from './is-playbook-file-name';
import { playbookYamlOptions } from './playbook-yaml-options';

/** A playbook file's text as read and what its YAML parsed to, by file path as loadPlaybooks joins it. */
export type PreparsedYaml = ReadonlyMap<string, { text: string; data: unknown }>;

// Plain JavaScript run as is: the thread needs only fs and the yaml package, nothing of ours to compile.
const threadSource = `
const fs = require('node:fs');
const { parentPort, workerData } = require('node:worker_threads');
const { parseDocument } = require(workerData.yaml);
const parsed = [];
for (const file of workerData.files) {
  try {
    const text = fs.readFileSync(file, 'utf8');
    const doc = parseDocument(text, workerData.options);
    if (doc.errors.length === 0) parsed.push([file, { text, data: doc.toJS() }]);
  } catch {
    // Unreadable, or toJS refused it (an alias bomb): the loader reads it again and reports why.
  }
}
parentPort.postMessage(parsed);
`;

/**
 * Reads the playbook files in `dir` and parses their YAML on a worker thread, while the main thread loads
 * the rest of mendbot: cold (before V8 has optimised the parser) YAML parsing is most of what 100
 * playbooks add to start-up. Only files that parsed without errors come back; the loader uses an entry
 * only when the file's text is still the same and the schema accepts it, and otherwise does everything
 * itself, so what is loaded or refused, and every message, is as without this. Resolves with an empty map
 * when there is nothing to parse or the thread fails: it only ever saves time.
 */
export function preparsePlaybookYaml(dir: string): Promise<PreparsedYaml> {
  const none: PreparsedYaml = new Map();
  let files: string[];
  try {
    files = fs.readdirSync(dir).filter(isPlaybookFileName).sort().map((name) => path.join(dir, name));
  } catch {
    return Promise.resolve(none); // the loader reports the directory
  }
  if (files.length === 0) return Promise.resolve(none);
  return new Promise((resolve) => {
    try {
      // Not unref'd: start-up awaits the answer, and the thread ends by itself once it has sent it.
      const worker = new Worker(threadSource, { eval: true, workerData: { files, yaml: require.resolve('yaml'), options: playbookYamlOptions } });
      worker.once('message', (entries: unknown) => resolve(toPreparsed(entries)));
      worker.once('error', () => resolve(none));
      worker.once('exit', () => resolve(none)); // after a message this changes nothing
    } catch {
      resolve(none);
    }
  });
}

function toPreparsed(entries: unknown): PreparsedYaml {
  const out = new Map<string, { text: string; data: unknown }>();
  if (!Array.isArray(entries)) return out;
  for (const entry of entries as unknown[]) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') continue;
    const value: unknown = entry[1];
    if (typeof value === 'object' && value !== null && 'text' in value && typeof value.text === 'string' && 'data' in value) {
      out.set(entry[0], { text: value.text, data: value.data });
    }
  }
  return out;
}
