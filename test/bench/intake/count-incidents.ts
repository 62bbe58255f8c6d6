import { getJson } from './get-json';

/** How many incidents mendbot holds, through the paged list API. */
export async function countIncidents(url: string): Promise<number> {
  let n = 0;
  let cursor: string | null = null;
  do {
    const page: { items: unknown[]; next_cursor: string | null } = await getJson(
      `${url}/api/incidents?status=all&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    n += page.items.length;
    cursor = page.next_cursor;
  } while (cursor);
  return n;
}
