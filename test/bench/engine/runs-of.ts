export interface ApiRun {
  id: string;
  status: string;
  createdAt: string;
  finishedAt: string | null;
  context: { labels: Record<string, string> };
  steps: Array<{ status: string; startedAt?: string }>;
}

/** Every run of the given incidents, from GET /api/incidents/:id (8 requests in flight). */
export async function runsOf(url: string, incidentIds: string[]): Promise<ApiRun[]> {
  const out: ApiRun[] = [];
  const queue = [...incidentIds];
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (queue.length > 0) {
        const id = queue.pop()!;
        const res = await fetch(`${url}/api/incidents/${id}`);
        if (!res.ok) throw new Error(`GET /api/incidents/${id}: ${res.status}`);
        out.push(...((await res.json()) as { runs: ApiRun[] }).runs);
      }
    }),
  );
  return out;
}
