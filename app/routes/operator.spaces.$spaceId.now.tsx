import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { OccupancyNow } from "~/components/OccupancyNow";
import { OperatorSpaceNav } from "~/components/OperatorSpaceNav";
import { useT } from "~/i18n";
import { requireOperatorSpace } from "~/lib/operator.server";
import { useLiveSpace } from "~/realtime/useLiveSpace";
import { pageMeta } from "~/lib/meta";

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.operatorNow.title", data?.space.name);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { viewer, space } = await requireOperatorSpace(request, context, params.spaceId);
  return { space: { id: space.id, name: space.name }, now: await context.services.bookings.now(viewer, space.id) };
}

export default function NowView() {
  const { space, now } = useLoaderData<typeof loader>();
  const t = useT();
  // Arrivals become "expected" as time passes, with no event: reload every minute too.
  const status = useLiveSpace(space.id, { refreshEveryMs: 60_000 });
  return (
    <section className="stack">
      <p className="no-print"><Link to="/operator">← {t("operator.title")}</Link></p>
      <h1>{space.name}</h1>
      <OperatorSpaceNav spaceId={space.id} spaceName={space.name} />
      <h2>{t("op.now.title")}</h2>
      <p className="muted" data-testid="now-live" data-status={status}>
        {status === "connected" ? t("space.live") : t("op.now.notLive")} · <Link to=".">{t("op.now.refresh")}</Link>
      </p>
      <OccupancyNow now={now} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
