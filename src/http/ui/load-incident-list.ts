import type { Incident } from '../../core/incidents/incident';
import type { Store } from '../../store/store';

/** The incidents page's filters, as read from its query string. */
export interface IncidentFilter {
  status: 'open' | 'resolved' | 'all';
  source?: string;
  /** `key=value`: an incident matches when one of its alerts carries that label. */
  label?: { key: string; value: string };
  /** Paging: incidents strictly older than this id. */
  before?: string;
}

export interface IncidentListPage {
  items: Incident[];
  /** Where the next page starts (the last incident examined), when there may be more. */
  next?: string;
}

const pageSize = 50;
/** With a source or label filter, at most this many store pages are examined per console page (bounded work). */
const maxScans = 8;

/**
 * One console page of incidents, newest first. Status is the store's own filter (indexed); source and
 * label are applied here over store pages, so a rare label may need "Older" to find more matches —
 * the work per request stays bounded, which matters with tens of thousands of incidents.
 */
export async function loadIncidentList(store: Store, filter: IncidentFilter): Promise<IncidentListPage> {
  const filtered = filter.source !== undefined || filter.label !== undefined;
  const items: Incident[] = [];
  let before = filter.before;
  for (let scan = 0; scan < (filtered ? maxScans : 1); scan++) {
    const page = await store.listIncidents({ status: filter.status, limit: pageSize, ...(before !== undefined ? { beforeId: before } : {}) });
    for (const incident of page.items) {
      if (items.length < pageSize && (await matches(store, incident, filter))) items.push(incident);
    }
    before = page.items[page.items.length - 1]?.id;
    if (!page.hasMore || before === undefined) return { items };
    if (items.length >= pageSize) break;
  }
  return { items, next: before };
}

async function matches(store: Store, incident: Incident, filter: IncidentFilter): Promise<boolean> {
  if (filter.source !== undefined && !incident.sources.includes(filter.source as Incident['sources'][number])) return false;
  if (filter.label === undefined) return true;
  const detail = await store.getIncident(incident.id);
  const { key, value } = filter.label;
  return detail?.alerts.some((a) => a.labels[key] === value) ?? false;
}
