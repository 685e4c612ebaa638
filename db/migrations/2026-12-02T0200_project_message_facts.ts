import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// Project rooms speak facts (issue 12):
// 1. A system message is stored as facts, not as an English sentence: `body` is empty and `data` says what happened
//    (`{kind: "meeting_booked", meetings: [...]}`, formerly `{type: "meeting", ...}` beside a body "Booked …"). The
//    room renders it from the reader's dictionary.
// 2. A message carries where it mentions whom (`mention_spans`: `[{memberId, start, end}]`, UTF-16 offsets into the
//    body), written by the server's mention rules with the message, so the browser highlights exactly what the
//    server notified and never applies rules of its own. Existing messages get their spans from the members they
//    already mention (`mentions`): each `@Full Name`, or else `@First`, written at a word boundary.

type Row = { id: string; body: string; mentions: string[] };

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The spans of the members a stored message already mentions: `@Full Name`, or `@First` (when no other mentioned
 * member shares it), longest first, at word boundaries.
 */
function spansOf(body: string, mentioned: Array<{ id: string; name: string }>) {
  const full = new Map<string, string>();
  const first = new Map<string, string | null>();
  for (const m of mentioned) {
    const name = m.name.trim().toLowerCase();
    if (!name) continue;
    full.set(name, m.id);
    const given = name.split(/\s+/)[0]!;
    if (given !== name) first.set(given, first.has(given) && first.get(given) !== m.id ? null : m.id);
  }
  const idOf = new Map<string, string>([...first].flatMap(([name, id]) => (id ? [[name, id] as [string, string]] : [])));
  for (const [name, id] of full) idOf.set(name, id);
  if (idOf.size === 0) return [];
  const names = [...idOf.keys()].sort((a, b) => b.length - a.length);
  const re = new RegExp(`(?<![\\p{L}\\p{N}_])@(${names.map(escape).join("|")})(?![\\p{L}\\p{N}_])`, "giu");
  return [...body.matchAll(re)].flatMap((m) => {
    const memberId = idOf.get(m[1]!.toLowerCase());
    return memberId ? [{ memberId, start: m.index, end: m.index + m[0].length }] : [];
  });
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE messages ADD COLUMN mention_spans jsonb NOT NULL DEFAULT '[]'::jsonb`.execute(db);

  await sql`
    UPDATE messages
    SET body = '', data = (data - 'type') || jsonb_build_object('kind', 'meeting_booked')
    WHERE kind = 'system' AND data->>'type' = 'meeting'`.execute(db);

  const rows = await db
    .selectFrom("messages")
    .select(["id", "body", "mentions"])
    .where("kind", "=", "text")
    .where("deleted_at", "is", null)
    .where(sql<boolean>`cardinality(mentions) > 0`)
    .execute();
  if (rows.length === 0) return;
  const ids = [...new Set((rows as Row[]).flatMap((r) => r.mentions))];
  const members = (await db.selectFrom("members").select(["id", "name"]).where("id", "in", ids).execute()) as Array<{ id: string; name: string }>;
  const byId = new Map(members.map((m) => [m.id, m]));
  for (const row of rows as Row[]) {
    const spans = spansOf(row.body, row.mentions.flatMap((id) => byId.get(id) ?? []));
    if (spans.length) {
      await db.updateTable("messages").set({ mention_spans: JSON.stringify(spans) }).where("id", "=", row.id).execute();
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  // The English body of a meeting message is not rebuilt: the room of that day rendered `type: "meeting"` from the
  // dictionary too, and fell back to the body only for other system messages (there were none).
  await sql`
    UPDATE messages
    SET data = (data - 'kind') || jsonb_build_object('type', 'meeting')
    WHERE kind = 'system' AND data->>'kind' = 'meeting_booked'`.execute(db);
  await sql`ALTER TABLE messages DROP COLUMN mention_spans`.execute(db);
}
