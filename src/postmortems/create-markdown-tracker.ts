import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { incidentMarker, type PostmortemDocument, type TicketRef, type Tracker } from '../core/postmortems/tracker';

export interface MarkdownTrackerOptions {
  /** POSTMORTEM_DIR. Created on the first write; a relative path is resolved once, against the working directory. */
  dir: string;
  /**
   * Where that directory is served (a docs site, a repository browser), e.g. https://git.example/sre/postmortems/-/blob/main.
   * The ref's url becomes `<publicBaseUrl>/<file name>`; without it, a `file://` URL.
   */
  publicBaseUrl?: string;
}

/**
 * Files each postmortem as `<dir>/<incidentMarker(id)>.md`. The name depends only on the incident, so `find`
 * is a stat and `create` after a crash (or twice) overwrites the same file: create and update are the same
 * idempotent write. Writes go to a temp file in the same directory, then rename, so readers and crashes never
 * see half a document. Fails with plain fs errors (ENOSPC, EACCES); the caller retries later.
 */
export function createMarkdownTracker(options: MarkdownTrackerOptions): Tracker {
  const dir = path.resolve(options.dir);
  const publicBaseUrl = options.publicBaseUrl?.replace(/\/+$/, '');
  const fileFor = (incidentId: string) => path.join(dir, `${incidentMarker(incidentId)}.md`);
  const refFor = (file: string): TicketRef => ({
    tracker: 'markdown',
    id: file,
    url: publicBaseUrl === undefined ? pathToFileURL(file).href : `${publicBaseUrl}/${encodeURIComponent(path.basename(file))}`,
  });

  async function write(doc: PostmortemDocument): Promise<TicketRef> {
    const file = fileFor(doc.incidentId);
    await writeFileAtomically(file, renderPostmortem(doc));
    return refFor(file);
  }

  return {
    name: 'markdown',

    async find(incidentId) {
      const file = fileFor(incidentId);
      try {
        return (await fs.stat(file)).isFile() ? refFor(file) : null;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },

    create: write,

    // The file is found again from the incident, not from ref.id: the name is derived, never stored state.
    update: (_ref, doc) => write(doc),
  };
}

/** Front matter in JSON-quoted scalars (valid YAML), so static-site tools and scripts can read the labels. */
function renderPostmortem(doc: PostmortemDocument): string {
  const frontMatter = ['---', `incident: ${JSON.stringify(doc.incidentId)}`, `title: ${JSON.stringify(doc.title)}`, `labels: ${JSON.stringify(doc.labels)}`, '---'];
  return `${frontMatter.join('\n')}\n\n# ${doc.title}\n\n${doc.body.replace(/\s+$/, '')}\n`;
}

async function writeFileAtomically(file: string, content: string): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  // Dot-prefixed and unique per writer, so concurrent writers never share a temp file and `find` never sees one.
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(content, 'utf8');
      // Data reaches the disk before the rename makes it visible: a power cut cannot leave an empty postmortem.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dir);
}

/** Makes the rename itself durable. Best effort: not every platform can fsync a directory (Windows cannot). */
async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // The file is already complete and renamed; only its durability across a power cut is weaker.
  }
}
