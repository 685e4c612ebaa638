import type { DB } from "../../../db/connect.js";
import type { ProjectsService } from "../projects/index.js";
import type { SpacesService } from "../spaces/index.js";
import * as repo from "./network.repository.js";
import type { SearchOut, SearchQuery } from "./network.schemas.js";
import { toCard } from "./network.service.js";
import { searchTerms } from "./search-terms.js";

type Viewer = { id: string; role: string };

/**
 * One search over people, spaces and projects, each with the same matching rule as the directory (typos, partial
 * words, prefixes) and each as its own list shows it: people as the directory (no suspended, no hidden but
 * yourself), spaces as the spaces list, and only the viewer's own projects.
 */
export function createSearchService({
  db,
  spaces,
  projects,
}: {
  db: DB;
  spaces: Pick<SpacesService, "list">;
  projects: Pick<ProjectsService, "listMine">;
}) {
  return {
    async search(viewer: Viewer, query: SearchQuery): Promise<SearchOut> {
      const terms = searchTerms(query.q);
      const limit = query.limit;
      const [allSpaces, myProjects] = await Promise.all([spaces.list(), projects.listMine(viewer.id)]);
      const { people, spaceHits, projectHits } = await db.transaction().execute(async (trx) => {
        await repo.useFuzzyThreshold(trx);
        const people = await repo.searchDirectory(trx, { terms, viewerId: viewer.id, limit });
        const spaceHits = await repo.rankTexts(trx, terms, allSpaces.map((s) => `${s.name} ${s.address}`));
        const projectHits = await repo.rankTexts(trx, terms, myProjects.map((p) => `${p.name} ${p.description}`));
        return { people, spaceHits, projectHits };
      });
      const pick = <T>(list: T[], hits: Array<{ i: number }>) => hits.slice(0, limit).map((h) => list[h.i]!);
      return {
        q: terms.text,
        people: { items: people.slice(0, limit).map(toCard), more: people.length > limit },
        spaces: {
          items: pick(allSpaces, spaceHits).map((s) => ({ id: s.id, name: s.name, address: s.address, timezone: s.timezone })),
          more: spaceHits.length > limit,
        },
        projects: {
          items: pick(myProjects, projectHits).map((p) => ({ id: p.id, name: p.name, description: p.description })),
          more: projectHits.length > limit,
        },
      };
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
