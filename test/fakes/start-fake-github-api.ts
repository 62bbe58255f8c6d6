import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface ScriptedAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

type StoredIssue = Record<string, unknown> & { number: number; title: string; body: string; labels: Array<{ name: string }>; state: string };

/** The captured create answer (test/fixtures), so every issue we serve has GitHub's real shape. */
const template = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'github-create-issue-response.json'), 'utf8'),
) as Record<string, unknown>;

/**
 * A loopback stand-in for the GitHub Issues REST API of one repository: create (201),
 * list with `state`/`labels`/`sort`/`direction`/`per_page` (pull requests included, as GitHub does), and
 * PATCH. It checks the bearer token like GitHub (401 `Bad credentials`). `pushAccess: false` drops labels
 * silently, as GitHub does for such tokens. `answerNext` scripts failures before normal service resumes.
 */
export async function startFakeGitHubApi(options: { token: string; repository: string; pushAccess?: boolean }) {
  const received: ReceivedRequest[] = [];
  const scripted: ScriptedAnswer[] = [];
  const issues: StoredIssue[] = [];
  const repoPath = `/repos/${options.repository}/issues`;
  let nextNumber = 1287;

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      received.push({ method: req.method ?? '', path: req.url ?? '/', headers: req.headers, body });
      const answer = (a: ScriptedAnswer) =>
        res.writeHead(a.status, { 'content-type': 'application/json; charset=utf-8', ...a.headers }).end(a.body === undefined ? '' : JSON.stringify(a.body));
      const next = scripted.shift();
      if (next) return answer(next);
      if (req.headers.authorization !== `Bearer ${options.token}`) {
        return answer({ status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' } });
      }
      const url = new URL(req.url ?? '/', 'http://fake');
      const notFound = () => answer({ status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' } });

      if (url.pathname === repoPath && req.method === 'POST') {
        const input = JSON.parse(body) as { title?: string; body?: string; labels?: string[] };
        if (!input.title) return answer({ status: 422, body: { message: 'Validation Failed', errors: [{ resource: 'Issue', code: 'missing_field', field: 'title' }], status: '422' } });
        const number = nextNumber++;
        const labels = options.pushAccess === false ? [] : (input.labels ?? []).map((name) => ({ name }));
        const issue = { ...issueShape(number), title: input.title, body: input.body ?? '', labels, state: 'open' };
        issues.push(issue);
        return answer({ status: 201, body: issue, headers: { location: issue.url } });
      }
      if (url.pathname === repoPath && req.method === 'GET') {
        const wanted = (url.searchParams.get('labels') ?? '').split(',').filter(Boolean);
        const state = url.searchParams.get('state') ?? 'open';
        const matching = issues
          .filter((i) => state === 'all' || i.state === state)
          .filter((i) => wanted.every((w) => i.labels.some((l) => l.name === w)))
          .sort((a, b) => (url.searchParams.get('direction') === 'asc' ? a.number - b.number : b.number - a.number));
        return answer({ status: 200, body: matching.slice(0, Number(url.searchParams.get('per_page') ?? 30)) });
      }
      const one = new RegExp(`^${repoPath}/(\\d+)$`).exec(url.pathname);
      if (one && req.method === 'PATCH') {
        const issue = issues.find((i) => i.number === Number(one[1]));
        if (!issue) return notFound();
        Object.assign(issue, JSON.parse(body) as Record<string, unknown>);
        return answer({ status: 200, body: issue });
      }
      notFound();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  function issueShape(number: number): Record<string, unknown> & { number: number; url: string; html_url: string } {
    return {
      ...template,
      number,
      id: 3994120000 + number,
      url: `https://api.github.com/repos/${options.repository}/issues/${number}`,
      html_url: `https://github.com/${options.repository}/issues/${number}`,
    };
  }

  return {
    apiUrl: `http://127.0.0.1:${port}`,
    received,
    issues,
    /** Adds a pull request carrying `labels`: the issues list returns those too. */
    addPullRequest(labels: string[]) {
      const number = nextNumber++;
      issues.push({ ...issueShape(number), title: 'a pull request', body: '', labels: labels.map((name) => ({ name })), state: 'open', pull_request: { url: `https://api.github.com/repos/${options.repository}/pulls/${number}` } });
    },
    answerNext(...answers: ScriptedAnswer[]) {
      scripted.push(...answers);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
