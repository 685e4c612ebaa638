import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useT } from "~/i18n";
import { requireOperator } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import operatorStyles from "~/styles/operator.css";

export const links = () => [{ rel: "stylesheet", href: operatorStyles }];

export const meta: MetaFunction = ({ matches }) => pageMeta(matches, "meta.operator.title");

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireOperator(request, context);
  // An operator sees the spaces they run; an admin every one.
  return { spaces: await context.services.spaces.listRun(viewer) };
}

export default function Operator() {
  const { spaces } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="stack op-page">
      <h1>{t("operator.title")}</h1>
      <p>{t("operator.intro")}</p>
      <p><Link className="button" to="/operator/spaces/new">{t("op.space.new")}</Link></p>
      <table className="op-table">
        <caption className="sr-only">{t("spaces.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("op.console.space")}</th>
            <th scope="col">{t("op.console.timezone")}</th>
            <th scope="col">{t("op.console.resources")}</th>
            <th scope="col">{t("op.console.manage")}</th>
          </tr>
        </thead>
        <tbody>
          {spaces.map((s) => (
            <tr key={s.id}>
              <th scope="row"><Link to={`/operator/spaces/${s.id}`}>{s.name}</Link></th>
              <td data-label={t("op.console.timezone")}>{s.timezone}</td>
              <td data-label={t("op.console.resources")}>{t("spaces.counts", { desks: s.resourceCounts.desk, rooms: s.resourceCounts.room, booths: s.resourceCounts.booth })}</td>
              <td data-label={t("op.console.manage")}>
                <ul className="sub-nav" style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label={t("op.nav.label", { name: s.name })}>
                  <li><Link to={`/operator/spaces/${s.id}/now`}>{t("op.nav.now")}<span className="sr-only"> · {s.name}</span></Link></li>
                  <li><Link to={`/operator/spaces/${s.id}/resources`}>{t("op.nav.resources")}<span className="sr-only"> · {s.name}</span></Link></li>
                  <li><Link to={`/operator/spaces/${s.id}/plan`}>{t("op.nav.plan")}<span className="sr-only"> · {s.name}</span></Link></li>
                  <li><Link to={`/operator/spaces/${s.id}/closures`}>{t("op.nav.closures")}<span className="sr-only"> · {s.name}</span></Link></li>
                  <li><Link to={`/operator/spaces/${s.id}/analytics`}>{t("op.nav.analytics")}<span className="sr-only"> · {s.name}</span></Link></li>
                  <li><Link to={`/operator/spaces/${s.id}/qr`}>{t("operator.qrLink")}<span className="sr-only"> · {s.name}</span></Link></li>
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
