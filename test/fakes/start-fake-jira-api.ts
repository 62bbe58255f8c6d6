import http from 'node:http';
import type { AddressInfo } from 'node:net';

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

interface StoredIssue {
  id: string;
  key: string;
  fields: { project: { key: string }; summary: string; description: string; issuetype: { name: string }; labels: string[] };
}

type CreateFields = Partial<StoredIssue['fields']> & { description?: unknown };

/**
 * A loopback stand-in for the Jira Cloud endpoints mendbot uses: create (201 `{id,key,self}`,
 * ids and keys continuing the captured fixture), edit (204), and `POST /rest/api/3/search/jql` for
 * `project = "K" AND labels = "L"`. It checks Basic auth, answers field errors as 400
 * `{errorMessages, errors}` the way Jira words them, and 410 on the removed `/search`. `answerNext` scripts
 * failures (429 with Retry-After, 5xx) before normal service resumes.
 */
export async function startFakeJiraApi(options: { email: string; apiToken: string; projectKey: string; issueTypes?: string[] }) {
  const received: ReceivedRequest[] = [];
  const scripted: ScriptedAnswer[] = [];
  const issues: StoredIssue[] = [];
  const expectedAuth = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`).toString('base64')}`;
  let next = { id: 10482, number: 1287 };
  let base = '';

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      received.push({ method: req.method ?? '', path: req.url ?? '/', headers: req.headers, body });
      const answer = (a: ScriptedAnswer) => {
        if (a.body === undefined) return res.writeHead(a.status, a.headers).end();
        res.writeHead(a.status, { 'content-type': 'application/json;charset=UTF-8', ...a.headers }).end(JSON.stringify(a.body));
      };
      const invalid = (errors: Record<string, string>, errorMessages: string[] = []) => answer({ status: 400, body: { errorMessages, errors } });
      const scriptedAnswer = scripted.shift();
      if (scriptedAnswer) return answer(scriptedAnswer);
      if (req.headers.authorization !== expectedAuth) {
        return answer({ status: 401, body: { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} } });
      }
      const path = req.url ?? '/';

      if (req.method === 'POST' && path === '/rest/api/2/issue') {
        const { fields } = JSON.parse(body) as { fields: CreateFields };
        const errors: Record<string, string> = {};
        if (fields.project?.key !== options.projectKey) errors.project = 'valid project is required';
        if (!fields.summary) errors.summary = 'You must specify a summary of the issue.';
        else if (fields.summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
        else if (/[\r\n]/.test(fields.summary)) errors.summary = 'The summary is invalid because it contains newline characters.';
        if (fields.description !== undefined && typeof fields.description !== 'string') errors.description = 'Operation value must be a string';
        if (!(options.issueTypes ?? ['Task', 'Bug']).includes(fields.issuetype?.name ?? '')) errors.issuetype = 'Specify a valid issue type';
        const spaced = (fields.labels ?? []).find((l) => /\s/.test(l));
        if (spaced !== undefined) errors.labels = `The label '${spaced}' contains spaces which is invalid.`;
        if (Object.keys(errors).length > 0) return invalid(errors);
        const issue: StoredIssue = {
          id: String(next.id),
          key: `${options.projectKey}-${next.number}`,
          fields: { project: { key: options.projectKey }, summary: fields.summary!, description: String(fields.description ?? ''), issuetype: fields.issuetype!, labels: fields.labels ?? [] },
        };
        next = { id: next.id + 1, number: next.number + 1 };
        issues.push(issue);
        return answer({ status: 201, body: { id: issue.id, key: issue.key, self: `${base}/rest/api/2/issue/${issue.id}` } });
      }
      if (req.method === 'POST' && path === '/rest/api/3/search/jql') {
        const query = JSON.parse(body) as { jql?: string; maxResults?: number };
        const match = /^project = "((?:[^"\\]|\\.)*)" AND labels = "((?:[^"\\]|\\.)*)" ORDER BY created ASC$/.exec(query.jql ?? '');
        if (!match) return invalid({}, [`Error in the JQL Query: unsupported by the fake: ${query.jql ?? '(none)'}`]);
        const found = issues.filter((i) => i.fields.project.key === match[1] && i.fields.labels.includes(match[2]!));
        const page = found.slice(0, query.maxResults ?? 50).map((i) => ({ id: i.id, key: i.key, self: `${base}/rest/api/3/issue/${i.id}`, fields: { summary: i.fields.summary } }));
        return answer({ status: 200, body: { issues: page, isLast: page.length === found.length } });
      }
      if (/^\/rest\/api\/[23]\/search(\?|$)/.test(path)) {
        return answer({ status: 410, body: { errorMessages: ['The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.'], errors: {} } });
      }
      const edit = /^\/rest\/api\/2\/issue\/([^/?]+)$/.exec(path);
      if (req.method === 'PUT' && edit) {
        const issue = issues.find((i) => i.key === decodeURIComponent(edit[1]!));
        if (!issue) return answer({ status: 404, body: { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} } });
        Object.assign(issue.fields, (JSON.parse(body) as { fields: Partial<StoredIssue['fields']> }).fields);
        return answer({ status: 204 });
      }
      answer({ status: 404, body: { errorMessages: ['Not found'], errors: {} } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  return {
    baseUrl: base,
    received,
    issues,
    answerNext(...answers: ScriptedAnswer[]) {
      scripted.push(...answers);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
