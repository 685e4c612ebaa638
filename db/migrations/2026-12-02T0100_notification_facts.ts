import { sql, type Kysely, type RawBuilder } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
//
// Notifications become facts (issue 12): a row holds a stable `kind` and its `data` (ids, names, instants, counts),
// and the UI words it in the reader's language. Until now a row also held an English `title`, `body` and `link`,
// and `data` only a few ids. This recovers each old row's facts with joins from those ids (bookingId → booking,
// resource and space; projectId → project; messageId → the message and its author; memberId → the member …),
// exactly as the services now write them, and then drops the three text columns.
//
// A row whose facts cannot be recovered (what it pointed at is gone: a deleted project takes its messages and
// tasks with it; or its data is not what the old code wrote) becomes kind `legacy` with the text it was shown
// with, `{title, body, link}`, and is marked read. Why not invent the missing facts: mail, WhatsApp and webhooks
// will reuse the kinds, and a made-up name or id there would be worse than an old sentence shown as it was;
// and why not drop it: it is the member's record of what they were told.
//
// Only constants are spliced into the SQL below (nothing from outside).

/** An instant as the services write it: `2026-12-01T02:00:00.000Z`. */
const iso = (instant: RawBuilder<unknown>) => sql`to_char((${instant}) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** The booking facts every booking kind carries; needs `b` (bookings), `r` (resources) and `s` (spaces). */
const bookingFacts = sql`jsonb_build_object(
  'bookingId', b.id, 'spaceId', s.id, 'spaceName', s.name, 'resourceId', r.id, 'resourceName', r.name,
  'timezone', s.timezone, 'start', ${iso(sql`lower(b.during)`)}, 'end', ${iso(sql`upper(b.during)`)})`;
const booking = (idExpr: RawBuilder<unknown>) => sql`JOIN bookings b ON b.id::text = ${idExpr}
  JOIN resources r ON r.id = b.resource_id
  JOIN spaces s ON s.id = b.space_id`;

/** `select` yields (id, facts) for the rows it can recover; they get those facts. */
async function recover(db: Kysely<any>, select: RawBuilder<unknown>) {
  await sql`UPDATE notifications n SET facts = x.facts FROM (${select}) x WHERE x.id = n.id`.execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE notifications ADD COLUMN facts jsonb`.execute(db);

  // Bookings. An operator's cancellation named every booking it covered (`bookingIds`); the first stands for them.
  await recover(
    db,
    sql`SELECT n.id, ${bookingFacts}
        || jsonb_build_object('reason', n.data->>'reason',
             'count', CASE WHEN jsonb_typeof(n.data->'bookingIds') = 'array' THEN jsonb_array_length(n.data->'bookingIds') ELSE 1 END)
        || CASE WHEN n.data->>'reason' = 'closure' AND n.data->>'closureId' IS NOT NULL
                THEN jsonb_build_object('closureId', n.data->>'closureId') ELSE '{}'::jsonb END
        || CASE WHEN nullif(why.reason, '') IS NOT NULL THEN jsonb_build_object('closureReason', why.reason) ELSE '{}'::jsonb END AS facts
      FROM notifications n
      ${booking(sql`coalesce(n.data->>'bookingId', n.data->'bookingIds'->>0)`)}
      LEFT JOIN closures c ON c.id::text = n.data->>'closureId'
      -- The operator's words: from the closure, or (a removed closure) from the old body "<date> <time> — <reason>".
      CROSS JOIN LATERAL (SELECT CASE WHEN n.data->>'reason' <> 'closure' THEN NULL
                                      ELSE coalesce(c.reason, CASE WHEN position(' — ' in n.body) > 0
                                                                   THEN substr(n.body, position(' — ' in n.body) + 3) END) END AS reason) why
     WHERE n.kind = 'booking_cancelled' AND n.data->>'reason' IN ('closure', 'operator', 'resource_deactivated')`,
  );
  await recover(
    db,
    sql`SELECT n.id, ${bookingFacts} || jsonb_build_object('fromResourceId', fr.id, 'fromResourceName', fr.name) AS facts
      FROM notifications n
      ${booking(sql`n.data->>'bookingId'`)}
      JOIN resources fr ON fr.id::text = n.data->>'from'
     WHERE n.kind = 'booking_moved'`,
  );
  await recover(
    db,
    sql`SELECT n.id, ${bookingFacts} AS facts
      FROM notifications n
      ${booking(sql`n.data->>'bookingId'`)}
     WHERE n.kind IN ('booking_released', 'waitlist_promoted')`,
  );

  // Projects. A mention's snippet is the old body: the start of the message as its author wrote it.
  await recover(
    db,
    sql`SELECT n.id, jsonb_build_object('projectId', p.id, 'projectName', p.name, 'messageId', m.id, 'seq', m.seq,
             'authorId', a.id, 'authorName', a.name, 'snippet', n.body) AS facts
      FROM notifications n
      JOIN projects p ON p.id::text = n.data->>'projectId'
      JOIN messages m ON m.id::text = n.data->>'messageId' AND m.project_id = p.id
      JOIN members a ON a.id = m.author_id
     WHERE n.kind = 'mention'`,
  );
  await recover(
    db,
    sql`SELECT n.id, jsonb_build_object('projectId', p.id, 'projectName', p.name, 'actorId', a.id, 'actorName', a.name) AS facts
      FROM notifications n
      JOIN projects p ON p.id::text = n.data->>'projectId'
      JOIN members a ON a.id::text = n.data->>'memberId'
     WHERE n.kind = 'project_added'`,
  );
  // A meeting: who booked it and how many weeks come from the room's system message that lists the booking
  // (whichever shape its data has by now); without that message, the booking's own member and one meeting.
  await recover(
    db,
    sql`SELECT n.id, jsonb_build_object('projectId', p.id, 'projectName', p.name, 'actorId', a.id, 'actorName', a.name,
             'bookingId', b.id, 'spaceName', s.name, 'resourceName', r.name, 'timezone', s.timezone,
             'start', ${iso(sql`lower(b.during)`)}, 'end', ${iso(sql`upper(b.during)`)},
             'count', coalesce(jsonb_array_length(msg.meetings), 1)) AS facts
      FROM notifications n
      JOIN projects p ON p.id::text = n.data->>'projectId'
      ${booking(sql`n.data->>'bookingId'`)}
      LEFT JOIN LATERAL (
        SELECT m.author_id, m.data->'meetings' AS meetings FROM messages m
         WHERE m.project_id = p.id AND m.kind = 'system' AND jsonb_typeof(m.data->'meetings') = 'array'
           AND m.data->'meetings' @> jsonb_build_array(jsonb_build_object('bookingId', b.id::text))
         ORDER BY m.seq LIMIT 1) msg ON true
      JOIN members a ON a.id = coalesce(msg.author_id, b.member_id)
     WHERE n.kind = 'project_meeting'`,
  );
  // An assignment kept no assigner id; its title began with the assigner's name (`<name> assigned you "<task>"
  // in <project>`): the project's member of that name, else any member of that name.
  await recover(
    db,
    sql`SELECT n.id, jsonb_build_object('projectId', p.id, 'projectName', p.name, 'actorId', a.id, 'actorName', a.name,
             'taskId', t.id, 'taskTitle', t.title) AS facts
      FROM notifications n
      JOIN projects p ON p.id::text = n.data->>'projectId'
      JOIN tasks t ON t.id::text = n.data->>'taskId' AND t.project_id = p.id
      JOIN LATERAL (
        SELECT m.id, m.name FROM members m
          LEFT JOIN project_members pm ON pm.member_id = m.id AND pm.project_id = p.id
         WHERE starts_with(n.title, m.name || ' assigned you "')
         ORDER BY pm.member_id IS NULL, length(m.name) DESC, m.id LIMIT 1) a ON true
     WHERE n.kind = 'task_assigned'`,
  );

  // The network.
  await recover(
    db,
    sql`SELECT n.id, jsonb_build_object('connectionId', c.id, 'memberId', m.id, 'memberName', m.name, 'note', c.note) AS facts
      FROM notifications n
      JOIN connections c ON c.id::text = n.data->>'connectionId'
      JOIN members m ON m.id::text = n.data->>'memberId'
     WHERE n.kind = 'connection_requested'`,
  );
  await recover(
    db,
    sql`SELECT n.id, jsonb_build_object('connectionId', c.id, 'memberId', m.id, 'memberName', m.name) AS facts
      FROM notifications n
      JOIN connections c ON c.id::text = n.data->>'connectionId'
      JOIN members m ON m.id::text = n.data->>'memberId'
     WHERE n.kind = 'connection_accepted'`,
  );
  await recover(
    db,
    sql`SELECT n.id, jsonb_build_object('introductionId', i.id, 'memberId', m.id, 'memberName', m.name,
             'headline', coalesce(pr.headline, ''), 'note', i.note) AS facts
      FROM notifications n
      JOIN introductions i ON i.id::text = n.data->>'introductionId'
      JOIN members m ON m.id::text = n.data->>'memberId'
      LEFT JOIN profiles pr ON pr.member_id = m.id
     WHERE n.kind = 'introduction'`,
  );

  await sql`UPDATE notifications
               SET kind = 'legacy', data = jsonb_build_object('title', title, 'body', body, 'link', link),
                   read_at = coalesce(read_at, now())
             WHERE facts IS NULL`.execute(db);
  await sql`UPDATE notifications SET data = facts WHERE facts IS NOT NULL`.execute(db);
  await db.schema.alterTable("notifications").dropColumn("facts").dropColumn("title").dropColumn("body").dropColumn("link").execute();
}

/** Back to text columns: a legacy row gets its text again; any other row shows its kind (its facts stay in `data`). */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("notifications")
    .addColumn("title", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("body", "text", (c) => c.notNull().defaultTo(""))
    .addColumn("link", "text")
    .execute();
  await sql`UPDATE notifications SET title = data->>'title', body = coalesce(data->>'body', ''), link = data->>'link' WHERE kind = 'legacy'`.execute(db);
  await sql`UPDATE notifications SET title = kind WHERE kind <> 'legacy'`.execute(db);
  await sql`ALTER TABLE notifications ALTER COLUMN title DROP DEFAULT`.execute(db);
}
