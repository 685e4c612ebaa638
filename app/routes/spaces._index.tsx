import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useT } from "~/i18n";
import { requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.spaces.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireMember(request, context);
  return { spaces: await context.services.spaces.list() };
}

export default function Spaces() {
  const { spaces } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="stack">
      <h1>{t("spaces.title")}</h1>
      {spaces.length === 0 ? <p>{t("spaces.empty")}</p> : null}
      <div className="grid">
        {spaces.map((s) => (
          <article key={s.id} className="card" aria-labelledby={`space-${s.id}`}>
            <h2 id={`space-${s.id}`}>
              <Link to={`/spaces/${s.id}`}>{s.name}</Link>
            </h2>
            <p className="muted">{s.address}</p>
            <p>{t("spaces.counts", { desks: s.resourceCounts.desk, rooms: s.resourceCounts.room, booths: s.resourceCounts.booth })}</p>
            <dl className="facts">
              <dt>{t("spaces.timezone")}</dt>
              <dd>{s.timezone}</dd>
            </dl>
            <h3 className="sr-only">{t("spaces.hours")}</h3>
            <table>
              <caption className="sr-only">{t("spaces.hours")}</caption>
              <tbody>
                {[1, 2, 3, 4, 5, 6, 7].map((d) => {
                  const h = s.openingHours.find((o) => o.weekday === d);
                  return (
                    <tr key={d}>
                      <th scope="row">{t(`weekday.${d}` as "weekday.1")}</th>
                      <td>{h ? `${h.opens}–${h.closes}` : t("spaces.closed")}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </article>
        ))}
      </div>
    </section>
  );
}
