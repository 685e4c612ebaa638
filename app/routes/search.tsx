import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Building2, FolderKanban, Search as SearchIcon, Users } from "lucide-react";
import type { ReactNode } from "react";
import { Field } from "~/components/Field";
import { Avatar } from "~/components/Avatar";
import { useT } from "~/i18n";
import { parseForm } from "~/lib/forms.server";
import { requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import networkStyles from "~/styles/network.css";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.search.title");
export const links = () => [{ rel: "stylesheet", href: networkStyles }];

/** `GET /search?q=`: people, spaces and my projects at once (the nav's search field submits here; a plain GET form). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const q = new URL(request.url).searchParams.get("q") ?? "";
  const max = context.limits.maxLengths(context.schemas.network.SearchQuery).q;
  if (!q.trim()) return { q, max, result: null, error: null };
  const parsed = parseForm(context, context.schemas.network.SearchQuery, { q });
  if (!parsed.ok) return data({ q, max, result: null, error: parsed.errors.q ?? parsed.message }, { status: parsed.status });
  return { q, max, result: await context.services.search.search(viewer, parsed.data), error: null };
}

function Group({ id, icon, title, count, more, children }: { id: string; icon: ReactNode; title: string; count: number; more?: ReactNode; children: ReactNode }) {
  if (count === 0) return null;
  return (
    <section aria-labelledby={id} className="card stack" data-testid={id}>
      <h2 id={id} className="search-group-head">
        {icon} {title} <span className="muted">({count})</span>
      </h2>
      <ul className="search-results">{children}</ul>
      {more}
    </section>
  );
}

export default function SearchPage() {
  const { q, max, result, error } = useLoaderData<typeof loader>();
  const t = useT();
  const total = result ? result.people.items.length + result.spaces.items.length + result.projects.items.length : 0;
  const directory = `/network/directory?${new URLSearchParams({ q: result?.q ?? q })}`;
  return (
    <section className="stack network-page">
      <h1>{t("search.title")}</h1>
      <Form method="get" action="/search" role="search" className="search-form" aria-label={t("search.title")}>
        <Field label={t("search.label")} id="search-q" name="q" type="search" defaultValue={q} maxLength={max} error={error ?? undefined} hint={t("search.hint")} />
        <button type="submit" className="primary">
          <SearchIcon aria-hidden="true" size={16} /> {t("search.submit")}
        </button>
      </Form>

      {error ? <p className="form-error" role="alert" data-testid="search-error">{t("search.fix")}</p> : null}

      {result && total === 0 ? (
        <div className="card empty-state" data-testid="search-empty">
          <p><strong>{t("search.none", { q: result.q })}</strong></p>
          <p>{t("search.noneHelp")}</p>
          <p className="cluster">
            <Link to="/network/directory" className="button">{t("search.browseDirectory")}</Link>
            <Link to="/spaces" className="button secondary">{t("search.browseSpaces")}</Link>
            <Link to="/projects" className="button secondary">{t("search.newProject")}</Link>
          </p>
        </div>
      ) : null}

      {result ? (
        <div className="stack" aria-live="polite">
          <Group
            id="search-people"
            icon={<Users aria-hidden="true" size={20} />}
            title={t("search.people")}
            count={result.people.items.length}
            more={result.people.more ? <p><Link to={directory}>{t("search.allPeople")}</Link></p> : null}
          >
            {result.people.items.map((m) => (
              <li key={m.id}>
                <Avatar id={m.id} name={m.name} size="md" photoUrl={m.photoUrl} />
                <div>
                  <Link to={`/members/${m.id}`}><strong>{m.name}</strong></Link>
                  {m.headline ? <p className="muted small">{m.headline}</p> : null}
                  {m.city ? <p className="muted small">{m.city}</p> : null}
                </div>
              </li>
            ))}
          </Group>
          <Group id="search-spaces" icon={<Building2 aria-hidden="true" size={20} />} title={t("search.spaces")} count={result.spaces.items.length}>
            {result.spaces.items.map((s) => (
              <li key={s.id}>
                <div>
                  <Link to={`/spaces/${s.id}`}><strong>{s.name}</strong></Link>
                  {s.address ? <p className="muted small">{s.address}</p> : null}
                </div>
              </li>
            ))}
          </Group>
          <Group id="search-projects" icon={<FolderKanban aria-hidden="true" size={20} />} title={t("search.projects")} count={result.projects.items.length}>
            {result.projects.items.map((p) => (
              <li key={p.id}>
                <div>
                  <Link to={`/projects/${p.id}`}><strong>{p.name}</strong></Link>
                  {p.description ? <p className="muted small">{p.description}</p> : null}
                </div>
              </li>
            ))}
          </Group>
        </div>
      ) : !error ? (
        <p className="muted" data-testid="search-start">{t("search.start")}</p>
      ) : null}
    </section>
  );
}
