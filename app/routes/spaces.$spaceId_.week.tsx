import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/GeneralErrorBoundary";
import { SpaceWeek } from "~/components/SpaceWeek";
import { WeekNav } from "~/components/WeekNav";
import { useT } from "~/i18n";
import { idOf, parseForm } from "~/lib/forms.server";
import { invariantResponse, orNotFound, requireMember } from "~/lib/guards.server";
import { pageMeta } from "~/lib/meta";
import bookingStyles from "~/styles/bookings.css";
import weekStyles from "~/styles/week.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: bookingStyles },
  { rel: "stylesheet", href: weekStyles },
];

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => pageMeta(matches, "meta.spaceWeek.title", data?.week.spaceName);

/** A space's week (`?date=` any day of it): the same service and schema as GET /api/v1/spaces/:id/week. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requireMember(request, context);
  const spaceId = idOf(context, params.spaceId);
  invariantResponse(spaceId, "Not found", { status: 404 });
  // A date that is not a real one shows this week, as the day view shows today.
  const query = parseForm(context, context.schemas.bookings.WeekQuery, { date: new URL(request.url).searchParams.get("date") || undefined });
  return { week: await orNotFound(context.services.bookings.spaceWeek(viewer, spaceId, query.ok ? query.data : {})) };
}

export default function SpaceWeekPage() {
  const { week } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <section className="stack">
      <header>
        <p>
          <Link to={`/spaces/${week.spaceId}`}>← {week.spaceName}</Link>
        </p>
        <h1 className="long-name">
          {week.spaceName} · {t("spaceWeek.title")}
        </h1>
        <p className="muted">{t("space.timezoneNote", { tz: week.timezone })}</p>
      </header>
      <WeekNav id="space-week" week={week} href={(monday) => `?date=${monday}`} />
      <SpaceWeek spaceId={week.spaceId} days={week.days} today={week.today} />
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
