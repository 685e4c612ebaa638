import { createHash } from "node:crypto";
import { sql } from "kysely";
import type { DB } from "./connect.js";
import taxonomy from "./seed/specialties.json" with { type: "json" };

// The curated taxonomy of UMKM specialties (db/seed/specialties.json), upserted by slug after every migration run:
// a fresh database and an upgraded one hold the same concepts and labels. Labels the network manager added
// (source 'admin') stay; taxonomy labels dropped from the file go. When anything changed, every cached tag is looked
// up again (`concepts_remap`). A hash of the file skips all of it when nothing changed.

export type TaxonomyConcept = { slug: string; id: string; en: string; synonyms: { id: string[]; en: string[] } };

export const TAXONOMY: readonly TaxonomyConcept[] = taxonomy;

/** The labels of a concept in the order they claim their normalized form: names first, then synonyms. */
export function labelsOf(c: TaxonomyConcept) {
  return [
    { lang: "id" as const, label: c.id, kind: "name" as const },
    { lang: "en" as const, label: c.en, kind: "name" as const },
    ...c.synonyms.id.map((label) => ({ lang: "id" as const, label, kind: "synonym" as const })),
    ...c.synonyms.en.map((label) => ({ lang: "en" as const, label, kind: "synonym" as const })),
  ];
}

export async function syncTaxonomy(db: DB): Promise<boolean> {
  const concepts = TAXONOMY;
  const hash = createHash("sha256").update(JSON.stringify(concepts)).digest("hex");
  return db.transaction().execute(async (trx) => {
    // One installer at a time (two nodes starting together).
    await sql`SELECT pg_advisory_xact_lock(hashtext('jejaring_taxonomy'))`.execute(trx);
    const state = await sql<{ hash: string }>`SELECT hash FROM taxonomy_state WHERE id = 1`.execute(trx);
    if (state.rows[0]?.hash === hash) return false;
    const { rows: ids } = await sql<{ id: number; slug: string }>`
      INSERT INTO concepts (slug, name_id, name_en)
      SELECT * FROM unnest(${concepts.map((c) => c.slug)}::text[], ${concepts.map((c) => c.id)}::text[], ${concepts.map((c) => c.en)}::text[])
      ON CONFLICT (slug) DO UPDATE SET name_id = excluded.name_id, name_en = excluded.name_en
      RETURNING id, slug`.execute(trx);
    const idOf = new Map(ids.map((r) => [r.slug, r.id]));
    const labels = concepts.flatMap((c) => labelsOf(c).map((l) => ({ ...l, conceptId: idOf.get(c.slug)! })));
    await sql`DELETE FROM concept_labels WHERE source = 'taxonomy'`.execute(trx);
    // In order, so a concept's name claims its form before a synonym; a form another concept (or an admin) holds stays theirs.
    for (let i = 0; i < labels.length; i += 500) {
      const part = labels.slice(i, i + 500);
      await sql`
        INSERT INTO concept_labels (concept_id, lang, label, kind, source, normalized)
        SELECT x.c, x.lang, x.label, x.kind, 'taxonomy', tag_fold(x.label)
          FROM unnest(${part.map((l) => l.conceptId)}::int[], ${part.map((l) => l.lang)}::text[], ${part.map((l) => l.label)}::text[],
                      ${part.map((l) => l.kind)}::text[]) WITH ORDINALITY AS x(c, lang, label, kind, i)
         ORDER BY x.i
        ON CONFLICT (normalized) DO NOTHING`.execute(trx);
    }
    await sql`INSERT INTO taxonomy_state (id, hash) VALUES (1, ${hash}) ON CONFLICT (id) DO UPDATE SET hash = excluded.hash`.execute(trx);
    await sql`SELECT concepts_remap()`.execute(trx);
    return true;
  });
}
