import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { useT } from "~/i18n";
import { requireOperator } from "~/lib/guards.server";

export const meta: MetaFunction = () => [{ title: "Operator · Jejaring" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  requireOperator(request, context);
  return { spaces: await context.services.spaces.list() };
}

export default function Operator() {
  const { spaces } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="stack">
      <h1>{t("operator.title")}</h1>
      <p>{t("operator.intro")}</p>
      <table>
        <caption className="sr-only">{t("spaces.title")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("spaces.title")}</th>
            <th scope="col">{t("spaces.timezone")}</th>
            <th scope="col">{t("nav.spaces")}</th>
            <th scope="col"><span className="sr-only">QR</span></th>
          </tr>
        </thead>
        <tbody>
          {spaces.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{s.timezone}</td>
              <td>{t("spaces.counts", { desks: s.resourceCounts.desk, rooms: s.resourceCounts.room, booths: s.resourceCounts.booth })}</td>
              <td><Link to={`/operator/spaces/${s.id}/qr`}>{t("operator.qrLink")}</Link></td>
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
