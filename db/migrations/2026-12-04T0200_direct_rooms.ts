import { sql, type Kysely } from "kysely";

// Frozen in time: never import app code here, never edit once merged — add a new migration instead.
// Direct messages (issue 13): a conversation between two members is a project room of kind 'direct', so it shares
// the rooms' machinery (messages with per-room seqs, client ids, catch-up, read marks and unread counts, sockets).
// - `kind` tells team projects from direct rooms; everything about projects (lists, boards, meetings, members,
//   matches) reads team rooms only.
// - A direct room names its pair (`direct_a` < `direct_b`): one room per unordered pair of members, enforced by a
//   unique index, whoever opens it first and however many open it at once. A member deleting the account leaves
//   the pair's slot empty (SET NULL): the other keeps the conversation, the messages show a former member.
// - Only the pair may be in the room: a trigger refuses any other member (a third member can never join).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE projects
    ADD COLUMN kind text NOT NULL DEFAULT 'team',
    ADD COLUMN direct_a uuid REFERENCES members(id) ON DELETE SET NULL,
    ADD COLUMN direct_b uuid REFERENCES members(id) ON DELETE SET NULL,
    ADD CONSTRAINT projects_kind_check CHECK (kind IN ('team', 'direct')),
    ADD CONSTRAINT projects_direct_pair_check CHECK (
      (kind = 'team' AND direct_a IS NULL AND direct_b IS NULL)
      OR (kind = 'direct' AND (direct_a IS NULL OR direct_b IS NULL OR direct_a < direct_b)))`.execute(db);
  await sql`CREATE UNIQUE INDEX projects_direct_pair_key ON projects (direct_a, direct_b) WHERE kind = 'direct'`.execute(db);
  await sql`CREATE INDEX projects_direct_b_idx ON projects (direct_b) WHERE kind = 'direct'`.execute(db);

  await sql`CREATE FUNCTION project_members_direct_pair() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF EXISTS (SELECT 1 FROM projects p
                  WHERE p.id = NEW.project_id AND p.kind = 'direct'
                    AND NEW.member_id IS DISTINCT FROM p.direct_a AND NEW.member_id IS DISTINCT FROM p.direct_b) THEN
        RAISE EXCEPTION 'only its two members may be in a direct room'
          USING ERRCODE = 'check_violation', CONSTRAINT = 'project_members_direct_pair';
      END IF;
      RETURN NEW;
    END $$`.execute(db);
  await sql`CREATE TRIGGER project_members_direct_pair BEFORE INSERT OR UPDATE OF project_id, member_id ON project_members
    FOR EACH ROW EXECUTE FUNCTION project_members_direct_pair()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TRIGGER IF EXISTS project_members_direct_pair ON project_members`.execute(db);
  await sql`DROP FUNCTION IF EXISTS project_members_direct_pair()`.execute(db);
  await sql`DELETE FROM projects WHERE kind = 'direct'`.execute(db);
  await sql`DROP INDEX IF EXISTS projects_direct_b_idx`.execute(db);
  await sql`DROP INDEX IF EXISTS projects_direct_pair_key`.execute(db);
  await sql`ALTER TABLE projects DROP CONSTRAINT projects_direct_pair_check, DROP CONSTRAINT projects_kind_check,
    DROP COLUMN direct_b, DROP COLUMN direct_a, DROP COLUMN kind`.execute(db);
}
