import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createMarkdownTracker } from '../../../src/postmortems/create-markdown-tracker';
import type { PostmortemDocument } from '../../../src/core/postmortems/tracker';

const doc: PostmortemDocument = {
  incidentId: 'inc_01HV3KQ8Z9',
  title: 'HighErrorRate: checkout 5xx error ratio above 5%',
  body: '## Timeline\n\n- 09:41 paged\n- 09:47 restarted checkout\n',
  labels: ['incident', 'sev:critical'],
};

describe('createMarkdownTracker', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mendbot-postmortems-'));
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const fileOf = (incidentId = doc.incidentId) => path.join(dir, `mendbot-${incidentId.toLowerCase()}.md`);

  describe('find', () => {
    it('returns null when the incident has no file', async () => {
      await expect(createMarkdownTracker({ dir }).find(doc.incidentId)).resolves.toBeNull();
    });

    it('returns null when the directory does not exist yet', async () => {
      await expect(createMarkdownTracker({ dir: path.join(dir, 'missing') }).find(doc.incidentId)).resolves.toBeNull();
    });

    it('returns the same ref as create, for a crash between creating and storing', async () => {
      const created = await createMarkdownTracker({ dir }).create(doc);
      await expect(createMarkdownTracker({ dir }).find(doc.incidentId)).resolves.toEqual(created);
    });

    it('ignores a temp file left by a crash mid-write', async () => {
      await fs.writeFile(path.join(dir, `.mendbot-${doc.incidentId.toLowerCase()}.md.4242.deadbeef.tmp`), 'half a docu');
      await expect(createMarkdownTracker({ dir }).find(doc.incidentId)).resolves.toBeNull();
    });
  });

  describe('create', () => {
    it('writes <dir>/<incident marker>.md and returns its path and file:// URL', async () => {
      const ref = await createMarkdownTracker({ dir }).create(doc);
      expect(ref).toEqual({ tracker: 'markdown', id: fileOf(), url: `file://${fileOf()}` });
      await expect(fs.readdir(dir)).resolves.toEqual([path.basename(fileOf())]);
    });

    it('writes front matter, the title as a heading, then the body', async () => {
      await createMarkdownTracker({ dir }).create(doc);
      await expect(fs.readFile(fileOf(), 'utf8')).resolves.toBe(
        [
          '---',
          'incident: "inc_01HV3KQ8Z9"',
          'title: "HighErrorRate: checkout 5xx error ratio above 5%"',
          'labels: ["incident","sev:critical"]',
          '---',
          '',
          '# HighErrorRate: checkout 5xx error ratio above 5%',
          '',
          '## Timeline',
          '',
          '- 09:41 paged',
          '- 09:47 restarted checkout',
          '',
        ].join('\n'),
      );
    });

    it('overwrites the same file when called again, whatever the title', async () => {
      const tracker = createMarkdownTracker({ dir });
      const first = await tracker.create(doc);
      const second = await tracker.create({ ...doc, title: 'Checkout outage', body: 'second attempt' });
      expect(second).toEqual(first);
      await expect(fs.readdir(dir)).resolves.toHaveLength(1);
      await expect(fs.readFile(fileOf(), 'utf8')).resolves.toContain('second attempt');
    });

    it('keeps incidents apart', async () => {
      const tracker = createMarkdownTracker({ dir });
      await tracker.create(doc);
      await tracker.create({ ...doc, incidentId: 'inc_01HV3KZZZZ' });
      await expect(fs.readdir(dir)).resolves.toHaveLength(2);
    });

    it('creates a missing directory', async () => {
      const nested = path.join(dir, 'a', 'b');
      const ref = await createMarkdownTracker({ dir: nested }).create(doc);
      expect(path.dirname(ref.id)).toBe(nested);
    });

    it('resolves a relative directory to an absolute path', async () => {
      const relative = path.relative(process.cwd(), dir);
      const ref = await createMarkdownTracker({ dir: relative }).create(doc);
      expect(ref.id).toBe(fileOf());
    });

    it('links to publicBaseUrl when one is set', async () => {
      const ref = await createMarkdownTracker({ dir, publicBaseUrl: 'https://git.example/sre/postmortems/-/blob/main/' }).create(doc);
      expect(ref.url).toBe('https://git.example/sre/postmortems/-/blob/main/mendbot-inc_01hv3kq8z9.md');
    });

    it('percent-encodes the file:// URL', async () => {
      const spaced = path.join(dir, 'post mortems');
      const ref = await createMarkdownTracker({ dir: spaced }).create(doc);
      expect(ref.url).toBe(`file://${spaced.replace(/ /g, '%20')}/mendbot-inc_01hv3kq8z9.md`);
    });

    it('leaves no temp files behind, even with concurrent writers', async () => {
      const tracker = createMarkdownTracker({ dir });
      await Promise.all(['one', 'two', 'three'].map((body) => tracker.create({ ...doc, body })));
      await expect(fs.readdir(dir)).resolves.toEqual([path.basename(fileOf())]);
      await expect(fs.readFile(fileOf(), 'utf8')).resolves.toMatch(/\n(one|two|three)\n$/);
    });

    it('fails with the fs error, and removes its temp file, when the target cannot be replaced', async () => {
      await fs.mkdir(fileOf()); // a directory where the file should go: rename fails
      await expect(createMarkdownTracker({ dir }).create(doc)).rejects.toMatchObject({ code: expect.stringMatching(/EISDIR|EPERM|ENOTEMPTY|EEXIST/) });
      await expect(fs.readdir(dir)).resolves.toEqual([path.basename(fileOf())]);
    });
  });

  describe('update', () => {
    it('rewrites the incident file and returns the same ref', async () => {
      const tracker = createMarkdownTracker({ dir });
      const ref = await tracker.create(doc);
      await expect(tracker.update(ref, { ...doc, body: 'Root cause: a bad deploy.' })).resolves.toEqual(ref);
      await expect(fs.readFile(fileOf(), 'utf8')).resolves.toMatch(/Root cause: a bad deploy\.\n$/);
    });
  });
});
