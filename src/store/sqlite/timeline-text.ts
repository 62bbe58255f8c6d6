/**
 * Timeline message and data as stored, with what the entry repeats written once: the incident's id and
 * correlation ID live in the incident row, and an alert_received message repeats its data's alertKey.
 * "alert … : new incident inc_… for correlation ID {…}" and incident_opened's `correlationId` repeat ~170
 * bytes per alert that way. Each is replaced by a two-character mark, \u0001 and a digit. JSON.stringify
 * never writes a raw \u0001, so data JSON can always be marked; a message holding one (it carries alert
 * text), or context holding one, is stored as it is. A marked value is stored as a BLOB (its UTF-8), which
 * tells it apart on read from TEXT, stored as it is (every row before migration 12 too).
 */
const mark = '\u0001';

interface TimelineContext {
  incidentId: string;
  correlationId: string;
}

/** What marks 1, 2 (and, in a message, 3) stand for: correlation ID, incident id, alert key, as written there. */
type Forms = string[];

const jsonForm = (s: string) => JSON.stringify(s).slice(1, -1);

/** The marks for one incident's entries, computed once per incident and delivery (see SqliteRowBatch). */
export function timelineMarker(ctx: TimelineContext) {
  const usable = !ctx.correlationId.includes(mark) && !ctx.incidentId.includes(mark);
  const plain: Forms = [ctx.correlationId, ctx.incidentId];
  const json: Forms = [jsonForm(ctx.correlationId), jsonForm(ctx.incidentId)];
  return (message: string, data: Record<string, unknown>): [message: string | Buffer, data: string | Buffer] => {
    const dataJson = JSON.stringify(data);
    if (!usable) return [message, dataJson];
    const alertKey = typeof data.alertKey === 'string' && !data.alertKey.includes(mark) ? data.alertKey : undefined;
    return [message.includes(mark) ? message : marked(message, alertKey === undefined ? plain : [...plain, alertKey]), marked(dataJson, json)];
  };
}

function marked(text: string, forms: Forms): string | Buffer {
  let out = text;
  forms.forEach((s, i) => {
    if (s.length > 2 && out.includes(s)) out = out.split(s).join(`${mark}${i + 1}`);
  });
  return out === text ? text : Buffer.from(out, 'utf8');
}

/** A stored entry back to its message and data JSON: one pass over the marks, so what a mark stands for is never read as one. */
export function decodeTimelineText(message: unknown, data: unknown, ctx: TimelineContext): { message: string; data: string } {
  const dataJson = typeof data === 'string' ? data : unmark(data, [jsonForm(ctx.correlationId), jsonForm(ctx.incidentId)]);
  if (typeof message === 'string') return { message, data: dataJson };
  const alertKey = (JSON.parse(dataJson) as { alertKey?: unknown }).alertKey;
  return { message: unmark(message, [ctx.correlationId, ctx.incidentId, typeof alertKey === 'string' ? alertKey : '']), data: dataJson };
}

/** Split on the mark: every piece after the first starts with the digit of what it stood for. */
function unmark(v: unknown, forms: string[]): string {
  const [head, ...rest] = Buffer.from(v as Uint8Array).toString('utf8').split(mark);
  return head + rest.map((piece) => forms[Number(piece[0]) - 1]! + piece.slice(1)).join('');
}
